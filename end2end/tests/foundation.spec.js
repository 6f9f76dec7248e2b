const { expect, expectAccessible, expectPlainPage, signIn, test } = require('./helpers');

// Menu entries each demo role must see, and must not see.
const MENUS = {
  'demo-admin': { see: ['ホーム', '主催団体と会場', 'ユーザー管理', '監査ログ'], not: [] },
  'demo-staff': { see: ['ホーム', '主催団体と会場'], not: ['ユーザー管理', '監査ログ'] },
  'demo-coordinator': { see: ['ホーム', '主催団体と会場'], not: ['ユーザー管理', '監査ログ'] },
  'demo-volunteer': { see: ['ホーム'], not: ['主催団体と会場', 'ユーザー管理', '監査ログ'] },
  'demo-reviewer': { see: ['ホーム'], not: ['主催団体と会場', 'ユーザー管理', '監査ログ'] },
};

for (const [login, menu] of Object.entries(MENUS)) {
  test(`${login} signs in, sees only their menu in Japanese, and signs out`, async ({ page }) => {
    await signIn(page, login);
    await expect(page).toHaveURL(/\/$/);
    await expectPlainPage(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    for (const item of menu.see) await expect(nav.getByRole('link', { name: item, exact: true })).toBeVisible();
    for (const item of menu.not) await expect(nav.getByRole('link', { name: item, exact: true })).toHaveCount(0);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole('status')).toHaveText('ログアウトしました。');
  });
}

test('an admin moves around, adds a user with a mistake first, and reads the audit log', async ({ page }) => {
  await signIn(page, 'demo-admin');
  await expectPlainPage(page);

  await page.getByRole('navigation').getByRole('link', { name: '主催団体と会場' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('主催団体と会場');
  await expect(page.getByRole('rowheader', { name: '中央公民館 学習室' })).toBeVisible();
  await expect(page.getByText('042-563-1234')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('navigation').getByRole('link', { name: 'ユーザー管理' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ユーザー管理');
  await expectAccessible(page);
  const login = `e2e-${Date.now()}`;
  await page.getByLabel('ログインID').fill('Not Valid');
  await page.getByLabel('氏名').fill('試験 太郎');
  await page.getByLabel('役割').selectOption('coordinator');
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(page.getByText('ログインIDは半角英小文字').first()).toBeVisible();
  await expect(page.getByLabel('氏名')).toHaveValue('試験 太郎');
  await expect(page.getByLabel('ログインID')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  await page.getByLabel('ログインID').fill(login);
  await page.getByLabel('所属する主催団体').selectOption({ label: '東大和スマホサロンの会' });
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(page.getByText(/仮パスワード：/)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('navigation').getByRole('link', { name: '監査ログ' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('監査ログ');
  await page.getByLabel('ユーザー（ログインID）').fill('demo-admin');
  await page.getByRole('button', { name: '絞り込む' }).click();
  await expect(page.getByRole('cell', { name: '作成' }).first()).toBeVisible();
  await expectAccessible(page);
});

test('the language switch turns the pages English and back', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await expectPlainPage(page);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Today');
  await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Hosts and venues' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: '日本語に切り替える' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('今日の仕事');
});

test('a refused page says so in Japanese', async ({ page }) => {
  await signIn(page, 'demo-reviewer');
  const response = await page.goto('/admin/users');
  expect(response.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('このページは表示できません');
  await expectAccessible(page);
  const missing = await page.goto('/no-such-page');
  expect(missing.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ページが見つかりません');
  await expectAccessible(page);
});

test('the keyboard alone signs in, with the skip link first', async ({ page }) => {
  await page.goto('/login');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '本文へ移動' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.getByLabel('ログインID').focus();
  await page.keyboard.type('demo-volunteer');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('パスワード')).toBeFocused();
  await page.keyboard.type('yorisoi-demo-2025');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('今日の仕事');
});
