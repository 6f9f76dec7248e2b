const { DEMO_PASSWORD, expect, expectAccessible, expectAccessibleWithoutOurScripts, expectPlainPage, signIn, test } = require('./helpers');

// Each demo role's today page: the heading of the part only that role gets.
const PARTS = {
  'demo-admin': ['電話・手紙・メール', '今日と明日の体験会', '管理'],
  'demo-staff': ['電話・手紙・メール', '今日と明日の体験会'],
  'demo-coordinator': [/の体験会（これから4週間）/],
  'demo-volunteer': ['次の担当', '返却を待つ貸出端末'],
  'demo-reviewer': [/4月〜\d+月（前年の同じ月と比べて）/],
};

for (const [login, parts] of Object.entries(PARTS)) {
  test(`${login} lands on their today page, plain HTML and axe-clean`, async ({ page }) => {
    await signIn(page, login);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('今日の仕事');
    for (const part of parts) await expect(page.getByRole('heading', { level: 2, name: part })).toBeVisible();
    await expectPlainPage(page);
    await expectAccessible(page);
  });
}

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  for (const login of ['demo-staff', 'demo-coordinator', 'demo-volunteer']) {
    test(`${login}'s today page works and is axe-clean`, async ({ page }) => {
      await page.goto('/login');
      await page.getByLabel('ログインID').fill(login);
      await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'ログインする' }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('今日の仕事');
      await expectAccessibleWithoutOurScripts(page);
    });
  }
});

test('a coordinator follows a demand warning to the session and reads it there', async ({ page }) => {
  await signIn(page, 'demo-coordinator');
  const warning = page.locator('a[href*="#demand"]').first();
  await expect(warning).toBeVisible();
  await warning.click();
  await expect(page).toHaveURL(/\/sessions\/\d+#demand$/);
  const section = page.getByRole('region', { name: '準備の注意' });
  await expect(section).toBeVisible();
  await expect(section.getByRole('listitem').first()).toBeVisible();
  await expectAccessible(page);
});

// The demo volunteer leads the session under way: the button opens its check-in.
test('the volunteer opens check-in with the one big button', async ({ page }) => {
  await signIn(page, 'demo-volunteer');
  await page.getByRole('link', { name: '受付（チェックイン）を開く' }).click();
  await expect(page).toHaveURL(/\/sessions\/\d+\/checkin$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('the today page prints without the menu', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'ほかのページ' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'メインメニュー' })).toBeHidden();
});
