const { expect, expectAccessible, expectAccessibleWithoutOurScripts, signIn, test } = require('./helpers');

// Keyboard only: every step below is typed or activated with Enter, never clicked.
test('staff find a caller as they type, book a seat, read it back and cancel it', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await page.getByRole('navigation').getByRole('link', { name: '電話受付' }).press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('電話受付');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  // The search box has the focus; half-width katakana typed: matches appear without a submit.
  await expect(page.getByLabel('ふりがな・お名前・電話番号')).toBeFocused();
  await page.keyboard.type('ｻﾄｳ ｶｽﾞｺ');
  await expect(page.getByRole('status')).toHaveText('1件見つかりました。');
  // Enter in the box sends nothing: what was typed stays out of the address.
  const navigated = page.waitForEvent('framenavigated', { timeout: 1500 }).then(() => true, () => false);
  await page.keyboard.press('Enter');
  expect(await navigated).toBe(false);
  expect(new URL(page.url()).search).toBe('');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'サトウ カズコ' }).press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('佐藤 和子 様');
  await expectAccessible(page);

  const book = page.getByRole('button', { name: /^予約する：/ }).first();
  const label = await book.getAttribute('aria-label');
  await book.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('読み上げて確認');
  await expect(page.getByRole('status')).toHaveText('予約しました。');
  await expect(page.locator('.script')).toContainText('佐藤 和子様、');
  await expect(page.locator('.script')).toContainText('のご予約を承りました。');
  await expectAccessible(page);

  await page.getByRole('link', { name: 'この方のページへ戻る' }).press('Enter');
  const title = label.replace(/^予約する：\S+ \S+ /, '');
  const row = page.getByRole('row').filter({ hasText: title }).filter({ has: page.getByRole('button', { name: /^申込を取り消す/ }) }).first();
  await row.getByRole('button', { name: /^申込を取り消す/ }).press('Enter');
  await expect(page.locator('.field-error').first()).toHaveText('入力してください。');
  await page.locator('input[name="reason"][aria-invalid="true"]').fill('家族の用事');
  await page.locator('input[name="reason"][aria-invalid="true"]').press('Enter');
  await expect(page.getByRole('status').first()).toHaveText(/申込を取り消しました/);
  await expectAccessible(page);
});

test('the call list, letters and outbox are readable and accessible', async ({ page }) => {
  await signIn(page, 'demo-staff');
  for (const [link, heading] of [['電話連絡', '電話連絡リスト'], ['郵送', '郵送する手紙'], ['メール送信', 'メール送信状況']]) {
    await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expectAccessible(page);
  }
  await expect(page.getByText('メール送信が設定されていません')).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a new caller is registered after a mistake is fixed, then booked', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('ログインID').fill('demo-staff');
    await page.getByLabel('パスワード').fill('yorisoi-demo-2025');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.goto('/intake');
    await page.getByLabel('ふりがな・お名前・電話番号').fill('morita');
    await page.getByRole('button', { name: '探す' }).click();
    await expect(page.getByRole('status')).toHaveText('見つかりませんでした。');
    await page.getByRole('button', { name: '新しく登録する' }).click();
    await expect(page.getByLabel('ふりがな')).toHaveValue('morita');
    await page.getByLabel('ふりがな').fill('もりた はる');
    await page.getByLabel('お名前').fill('森田 春');
    await page.getByLabel('電話番号', { exact: true }).fill('090-0000-1111');
    await page.getByLabel('生まれ年').fill('昭和100年');
    await page.getByRole('button', { name: '保存する' }).click();
    await expect(page.locator('#birth_year-error')).toContainText('その元号にその年はありません');
    await expect(page.locator('#consent-error')).toBeVisible();
    await expect(page.getByLabel('お名前')).toHaveValue('森田 春');
    await expectAccessibleWithoutOurScripts(page);
    await page.getByLabel('生まれ年').fill('S15');
    await page.getByLabel('本人から、記録を残すことへの同意をいただきました').check();
    await page.getByRole('button', { name: '保存する' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('森田 春 様');
    await expect(page.getByText('1940年（昭和15年）')).toBeVisible();
    await expectAccessibleWithoutOurScripts(page);
    await page.getByRole('button', { name: /^予約する：/ }).first().click();
    await expect(page.locator('.script')).toContainText('森田 春様、');
  });
});
