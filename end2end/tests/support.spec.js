const { expect, expectAccessible, expectAccessibleWithoutOurScripts, signIn, test } = require('./helpers');

function inDays(days) {
  const d = new Date(Date.now() + 9 * 3600 * 1000 + days * 86400 * 1000);
  return d.toISOString().slice(0, 10);
}

test('staff record a request from the resident page, fix a mistake, refer them to a workshop', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await page.goto('/intake');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('ふりがな・お名前・電話番号').fill('ｻﾄｳ ｶｽﾞｺ');
  await page.getByRole('link', { name: 'サトウ カズコ' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('佐藤 和子 様');
  await page.getByRole('link', { name: '紙・窓口の相談を記録' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('紙・窓口の相談を記録する');
  await expect(page.getByText(/佐藤 和子 様（住民番号 \d+）/)).toBeVisible();
  await expectAccessible(page);

  // Saved without a procedure or a reason: both reported beside their fields, notes kept.
  await page.getByLabel('メモ').fill('マイナンバーカードの暗証番号も確認');
  await page.getByRole('button', { name: '記録する' }).click();
  await expect(page.locator('#procedure-error')).toHaveText('手続きを選んでください。');
  await expect(page.locator('#reason-error')).toHaveText('理由を一つ以上選ぶか、その他の理由を書いてください。');
  await expect(page.getByLabel('メモ')).toHaveValue('マイナンバーカードの暗証番号も確認');
  await expectAccessible(page);

  await page.getByLabel('手続き', { exact: true }).selectOption({ label: 'マイナポータル' });
  await page.getByLabel('操作ができない').check();
  await page.getByLabel('一緒に操作した（寄り添い支援）').check();
  await page.getByLabel('次の対応日').fill(inDays(7));
  await page.getByLabel('かかった時間（分）').fill('30');
  await page.getByRole('button', { name: '記録する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^相談 No\.\d+$/);
  await expect(page.getByRole('status').first()).toHaveText('相談を記録しました。');
  await expectAccessible(page);

  // Referring books through the normal booking and ends on the read-back script.
  const request = page.url();
  await page.getByRole('button', { name: /^予約する：/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('読み上げて確認');
  await page.goto(request);
  await expect(page.locator('.facts')).toContainText('講座へ案内（予約済み）');
  await expect(page.getByRole('link', { name: '予約の内容（読み上げ）' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('navigation').getByRole('link', { name: '紙・窓口の支援' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '今日までに対応するもの' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: '集計を見る' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('紙・窓口での支援の集計');
  await expect(page.getByRole('table', { name: '手続き別・月別の件数' })).toBeVisible();
  await expectAccessible(page);
});

test('reviewers read the figures but no single request', async ({ page }) => {
  await signIn(page, 'demo-reviewer');
  await expect(page.getByRole('navigation').getByRole('link', { name: '紙・窓口の支援' })).toHaveCount(0);
  await page.getByRole('navigation').getByRole('link', { name: '紙・窓口での支援の集計' }).click();
  await expect(page.getByRole('table', { name: '支援が必要だった人数の多い手続き' })).toBeVisible();
  await expectAccessible(page);
  const response = await page.goto('/support');
  expect(response.status()).toBe(403);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an anonymous request is recorded, corrected and resolved by plain posts', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('ログインID').fill('demo-staff');
    await page.getByLabel('パスワード').fill('yorisoi-demo-2025');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.goto('/support/new');
    await page.getByLabel('年代（匿名のとき）').selectOption({ label: '80～84歳' });
    await page.getByLabel('地区（匿名のとき）').selectOption({ label: '芋窪' });
    await page.getByLabel('受付の方法').selectOption({ label: '電話' });
    await page.getByLabel('手続き', { exact: true }).selectOption({ label: 'その他（一覧にない手続き）' });
    await page.getByLabel('見えにくい・聞こえにくい').check();
    await page.getByLabel('紙の申請書を郵送した').check();
    await page.getByLabel('次の対応日').fill(inDays(3));
    await page.getByRole('button', { name: '記録する' }).click();
    await expect(page.locator('#procedure_other-error')).toHaveText('「その他」のときは手続きの名前を書いてください。');
    await expect(page.getByLabel('見えにくい・聞こえにくい')).toBeChecked();
    await expect(page.getByLabel('年代（匿名のとき）')).toHaveValue('80-84');
    await expectAccessibleWithoutOurScripts(page);
    await page.getByLabel('その他の手続きの名前').fill('ふるさと納税');
    await page.getByRole('button', { name: '記録する' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^相談 No\.\d+$/);
    await expect(page.locator('.facts')).toContainText('匿名（80～84歳・芋窪）');
    await expect(page.getByText('匿名の相談からは予約できません。')).toBeVisible();

    // The status moves forward: only the next steps are offered.
    await page.getByLabel('状態').selectOption({ label: '解決' });
    await page.getByRole('button', { name: '記録する' }).click();
    await expect(page.getByRole('status').first()).toHaveText('相談を記録しました。');
    await expect(page.locator('.facts')).toContainText('解決');
    await expect(page.getByText('この相談は終わっています。')).toBeVisible();
    await expectAccessibleWithoutOurScripts(page);
  });
});
