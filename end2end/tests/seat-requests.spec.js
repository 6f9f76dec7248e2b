const {
  expect, expectAccessible, expectAccessibleWithoutOurScripts, expectPlainPage, signIn, test,
} = require('./helpers');

// The text of an element as read without its readings (ふりがな in <rt>).
async function plainText(locator) {
  return locator.evaluate((el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('rt').forEach((rt) => rt.remove());
    return copy.textContent.trim();
  });
}

// A daughter asks for a seat for her father on a phone with JavaScript off; staff confirm
// it by phone from their queue; she then sees it confirmed with her reference.
test.describe('seat requests', () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });

  test('a family member requests a seat, staff confirm it, the requester sees it confirmed', async ({ page, browser }) => {
    // The site's address shows the public schedule, the city's number first.
    await page.goto('/');
    await expect(page).toHaveURL(/\/public$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('スマートフォン体験会の予定');
    await expect(page.locator('.city-contact')).toContainText('042-563-2111');
    await expect(page.locator('.availability').first()).toHaveText(/^(空きあり|残りわずか|キャンセル待ち)$/);
    await expectPlainPage(page);
    await expectAccessibleWithoutOurScripts(page);
    // It reflows at 320 CSS px: nothing scrolls sideways.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 390, height: 844 });

    // Readings on: remembered from page to page.
    await page.getByRole('button', { name: 'ふりがなをつける' }).click();
    await expect(page).toHaveURL(/\/public$/);
    await expect(page.locator('h1 ruby rt').first()).toHaveText('たいけんかい');
    expect(await plainText(page.locator('h1'))).toBe('スマートフォン体験会の予定');
    await expectAccessibleWithoutOurScripts(page);

    await page.locator('a.button[href^="/public/sessions/"]').first().click();
    await expect(page.locator('#request-title ruby').first()).toBeVisible();
    expect(await plainText(page.locator('#request-title'))).toBe('席を申し込む');
    await expect(page.getByRole('button', { name: 'ふりがなをはずす' })).toBeVisible();
    const title = await plainText(page.locator('h1'));
    await expectAccessibleWithoutOurScripts(page);
    const submit = page.locator('form[action="/forms/public/requests"] button[type=submit]');

    // Sent half-filled: each missing field is said beside it, what was typed stays.
    await page.getByLabel('参加する方のお名前').fill('東大和 太郎');
    await submit.click();
    await expect(page.locator('#phone-error')).toHaveText('入力してください。');
    await expect(page.locator('#consent-error')).toHaveText('利用目的を読み、同意のチェックを入れてください。');
    await expect(page.getByLabel('参加する方のお名前')).toHaveValue('東大和 太郎');
    await expectAccessibleWithoutOurScripts(page);

    await page.getByLabel('ふりがな').fill('ひがしやまと たろう');
    await page.getByLabel('つながる電話番号').fill('090-8765-4321');
    await page.getByLabel('入力している方').selectOption('family');
    await page.getByLabel('移動').check();
    await page.getByLabel('利用目的を読み、同意します').check();
    await submit.click();
    await expect(page).toHaveURL(/\/public\/request\?notice=request_sent$/);
    await expect(page.getByRole('status').first()).toHaveText('申込を受け付けました。まだ確定ではありません。');
    expect(await plainText(page.locator('.request-status'))).toBe('確認待ち（市からお電話します）');
    const reference = (await page.locator('.reference').textContent()).trim();
    expect(reference).toMatch(/^\d{4}-\d{4}$/);
    expect(await plainText(page.locator('h2').first())).toBe(title);
    await expectAccessibleWithoutOurScripts(page);

    // Staff find it in their queue, oldest first, and confirm it as a new resident.
    const staffContext = await browser.newContext({ javaScriptEnabled: true });
    const staff = await staffContext.newPage();
    await signIn(staff, 'demo-staff');
    await staff.goto('/requests');
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText('ウェブ申込：確認の電話');
    await expect(staff.getByRole('row', { name: /東大和 太郎/ })).toContainText('090-8765-4321');
    await expectAccessible(staff);
    await staff.getByRole('link', { name: `開く ${reference.replace('-', '')}` }).click();
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText(`ウェブ申込 ${reference.replace('-', '')}`);
    await expectAccessible(staff);
    await staff.getByLabel('予約する方').selectOption({ label: '新しく登録する' });
    await staff.getByLabel(/^スマートフォン/).selectOption('none');
    await staff.getByRole('button', { name: '電話で確認できた：予約にする' }).click();
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText('読み上げて確認');
    await expect(staff.getByRole('status').first()).toHaveText('申込を確定し、予約にしました。');
    await expectAccessible(staff);
    await staffContext.close();

    // The requester looks again: confirmed, with the reference.
    await page.goto('/public/request');
    expect(await plainText(page.locator('.request-status'))).toBe('確定しました');
    await expect(page.locator('.reference')).toHaveText(reference);
    await expectAccessibleWithoutOurScripts(page);
  });

  test('a request is looked up by its reference and the phone digits, and cancelled', async ({ page }) => {
    await page.goto('/public');
    await page.getByRole('link', { name: 'くわしく見る・申し込む' }).nth(1).click();
    await page.getByLabel('参加する方のお名前').fill('清原 花');
    await page.getByLabel('ふりがな').fill('きよはら はな');
    await page.getByLabel('つながる電話番号').fill('042-555-0199');
    await page.getByLabel('入力している方').selectOption('self');
    await page.getByLabel('利用目的を読み、同意します').check();
    await page.getByRole('button', { name: '申し込む' }).click();
    const reference = (await page.locator('.reference').textContent()).trim();

    // Another phone: the lookup form; wrong digits say nothing about the request.
    const other = await page.context().browser().newContext({ javaScriptEnabled: false });
    const phone = await other.newPage();
    await phone.goto('/public/request');
    await phone.getByLabel('受付番号').fill(reference);
    await phone.getByLabel('電話番号の下4桁').fill('0000');
    await phone.getByRole('button', { name: '確認する' }).click();
    await expect(phone.locator('#reference-error')).toHaveText('受付番号と電話番号の下4桁に合う申込が見つかりません。番号を確かめてください。');
    await expect(phone.getByLabel('受付番号')).toHaveValue(reference);
    await expectAccessibleWithoutOurScripts(phone);
    await phone.getByLabel('電話番号の下4桁').fill('0199');
    await phone.getByRole('button', { name: '確認する' }).click();
    await expect(phone.locator('.request-status')).toHaveText('確認待ち（市からお電話します）');
    await phone.getByRole('button', { name: 'この申込を取り消す' }).click();
    await expect(phone.getByRole('status').first()).toHaveText('申込を取り消しました。');
    await expect(phone.locator('.request-status')).toHaveText('取り消しました');
    await expectAccessibleWithoutOurScripts(phone);
    await other.close();
  });
});
