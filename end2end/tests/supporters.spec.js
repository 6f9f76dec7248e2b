const { expect, expectAccessible, expectAccessibleWithoutOurScripts, expectPlainPage, signIn, test } = require('./helpers');

test('staff record a supporter, fix a mistake, and take them from interest to certificate', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await page.getByRole('navigation').getByRole('link', { name: 'スマホサポーター' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('TOKYOスマホサポーター');
  await expect(page.getByRole('heading', { level: 2, name: /^受講中（\d+人）$/ })).toBeVisible();
  await expect(page.getByText(/から進んでいません$/).first()).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'サポーターを登録する' }).click();
  await expectPlainPage(page);
  await page.getByLabel('ふりがな').fill('ヨリソイ タロウ');
  await page.getByLabel('メールアドレス').fill('taro@example.jp');
  await page.getByLabel('iPhone').check();
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.locator('#name-error')).toHaveText('入力してください。');
  await expect(page.locator('#adult-error')).toHaveText('18歳以上であることを確認してください。');
  await expect(page.getByLabel('メールアドレス')).toHaveValue('taro@example.jp');
  await expect(page.getByLabel('iPhone')).toBeChecked();
  await expectAccessible(page);

  await page.getByLabel('氏名').fill('寄添 太郎');
  await page.getByLabel('都内との関わり').selectOption({ label: '都内で働いている' });
  await page.getByLabel('18歳以上であることを確認しました').check();
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('寄添 太郎');
  await expect(page.getByRole('status').first()).toHaveText('サポーターの記録を保存しました。');
  await expectAccessible(page);

  // A step too far is refused beside the field; then one step at a time.
  await page.getByLabel('次の段階').selectOption({ label: '受講中' });
  await page.getByRole('button', { name: '段階を変える' }).click();
  await expect(page.getByRole('status').first()).toHaveText('段階を変えました。');
  await page.getByLabel('次の段階').selectOption({ label: '講座修了' });
  await page.getByRole('button', { name: '段階を変える' }).click();
  await expect(page.locator('#stage-error')).toHaveText('講座のユニットがすべて終わっていないため、「講座修了」にできません。');
  await expectAccessible(page);
  const units = page.getByRole('group', { name: '終えたユニット' }).getByRole('checkbox');
  for (let i = 0; i < (await units.count()); i++) await units.nth(i).check();
  await page.getByRole('button', { name: 'ユニットを記録する' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '講座のユニット（11/11）' })).toBeVisible();
  await page.getByLabel('次の段階').selectOption({ label: '講座修了' });
  await page.getByRole('button', { name: '段階を変える' }).click();
  await page.getByLabel('次の段階').selectOption({ label: '修了証あり' });
  await page.getByLabel('修了証番号').fill('TS-2025-9001');
  await page.getByLabel('修了証の日付').fill('2025-06-12');
  await page.getByRole('button', { name: '段階を変える' }).click();
  await expect(page.locator('.facts')).toContainText('修了証あり');
  await expect(page.locator('.facts')).toContainText('令和7年6月12日');
  await expectAccessible(page);

  await page.getByRole('link', { name: 'サポーターの一覧へ戻る' }).click();
  await page.getByRole('link', { name: '修了者名簿' }).click();
  await expect(page.getByRole('table', { name: '修了者名簿' })).toContainText('TS-2025-9001');
  await expect(page.getByRole('link', { name: 'CSV で保存' })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/supporters/reminders');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('お知らせ');
  await expectAccessible(page);
});

test('staff find certified supporters for a session and assign one', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await page.goto('/sessions');
  const hrefs = await page.locator('main a[href^="/sessions/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const href = hrefs.find((h) => /^\/sessions\/\d+$/.test(h));
  await page.goto(href);
  await page.getByRole('link', { name: 'サポーターを探す' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^サポーターを探す：/);
  await expect(page.getByText(/^参加者 \d+人/)).toBeVisible();
  await expectAccessible(page);
  const assign = page.getByRole('button', { name: /^割り当てる：/ }).first();
  const name = (await assign.getAttribute('aria-label')).replace('割り当てる：', '');
  await assign.click();
  await expect(page.getByRole('status').first()).toHaveText('サポーターを割り当てました。');
  await expect(page.getByRole('listitem').filter({ hasText: name }).getByText('割り当て済み')).toBeVisible();
  await expectAccessible(page);
});

test('a volunteer reads their own supporter record and no one else\'s', async ({ page }) => {
  await signIn(page, 'demo-volunteer');
  await page.getByRole('navigation').getByRole('link', { name: 'サポーターとしての記録' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('サポーターとしての記録');
  await expect(page.locator('.facts')).toContainText('青木 明美');
  await expect(page.getByText(/デジタル推進委員「デジタル推進委員」/)).toBeVisible();
  await expect(page.getByRole('button', { name: '段階を変える' })).toHaveCount(0);
  await expectAccessible(page);
  const response = await page.goto('/supporters');
  expect(response.status()).toBe(403);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a refused step and a credential are plain form posts', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('ログインID').fill('demo-staff');
    await page.getByLabel('パスワード').fill('yorisoi-demo-2025');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.goto('/supporters');
    await page.getByRole('link', { name: '工藤 さくら' }).click();
    await page.getByLabel('次の段階').selectOption({ label: '講座修了' });
    await page.getByRole('button', { name: '段階を変える' }).click();
    await expect(page.locator('#stage-error')).toHaveText('講座のユニットがすべて終わっていないため、「講座修了」にできません。');
    await expectAccessibleWithoutOurScripts(page);

    await page.getByLabel('種類').selectOption({ label: '市・団体の養成講座' });
    await page.getByLabel('修了・取得の日付').fill('2025-09-01');
    await page.getByRole('button', { name: '資格・講座を記録する' }).click();
    await expect(page.locator('#credential_name-error')).toHaveText('入力してください。');
    await page.getByLabel('名前', { exact: true }).fill('傾聴講座');
    await page.getByRole('button', { name: '資格・講座を記録する' }).click();
    await expect(page.getByRole('status').first()).toHaveText('資格・講座を記録しました。');
    await expect(page.getByText('市・団体の養成講座「傾聴講座」2025-09-01')).toBeVisible();
    await expectAccessibleWithoutOurScripts(page);
  });
});
