const { expect, expectAccessible, expectAccessibleWithoutOurScripts, signIn, test } = require('./helpers');

// A volunteer's phone in a community hall.
test.use({ viewport: { width: 390, height: 844 } });

test('a volunteer checks people in on a phone, and a check-in not sent arrives once the connection is back', async ({ page }) => {
  await signIn(page, 'demo-volunteer');
  await page.getByRole('navigation').getByRole('link', { name: '担当の体験会' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('担当の体験会');
  await expectAccessible(page);
  // The session under way: check-in is open from the session's day.
  const now = page.locator('.session-card').filter({ has: page.locator('.badge.now') });
  await expect(now).toHaveCount(1);
  await now.getByRole('link', { name: '受付（出欠）を開く' }).click();
  await expect(page.locator('.checkin-counts')).toContainText('来場 0人');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expectAccessible(page);

  const first = page.locator('.checkin-row').first();
  await first.getByRole('button', { name: /^来場：/ }).click();
  await expect(first.locator('.checkin-state')).toHaveText('来場済み');
  await expect(page.locator('.checkin-counts')).toContainText('来場 1人');

  // The connection drops: the check-in is kept, shown as not sent, and the page says so.
  await page.route('**/api/checkin/sync', (route) => route.abort('internetdisconnected'));
  const second = page.locator('.checkin-row').nth(1);
  await second.getByRole('button', { name: /^来場：/ }).click();
  await expect(second.locator('.checkin-state')).toHaveText('未送信（電波が戻ると送ります）');
  await expect(page.locator('.checkin-sync')).toContainText('1件の操作をこの端末に保存しています');
  // Signing out now would remove it from the phone: asked first, and "no" stays.
  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    dialog.dismiss();
  });
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect.poll(() => asked).toContain('まだ送っていない受付の操作が1件あります');
  await expect(page.locator('.checkin-sync')).toContainText('1件の操作をこの端末に保存しています');
  // It comes back: the retry arrives without another tap.
  await page.unroute('**/api/checkin/sync');
  await expect(second.locator('.checkin-state')).toHaveText('来場済み', { timeout: 15000 });
  await expect(page.locator('.checkin-sync')).toHaveText('すべて送信済みです。');
  await page.reload();
  await expect(page.locator('.checkin-row').nth(1)).toHaveClass(/present/);
  await expect(page.locator('.checkin-counts')).toContainText('来場 2人');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('each check-in and a walk-in are plain form posts', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('ログインID').fill('demo-volunteer');
    await page.getByLabel('パスワード').fill('yorisoi-demo-2025');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.goto('/my-sessions');
    await page.locator('.session-card').filter({ has: page.locator('.badge.now') }).getByRole('link', { name: '受付（出欠）を開く' }).click();
    await expectAccessibleWithoutOurScripts(page);
    // The first two came in the test above; the third comes now.
    const third = page.locator('.checkin-row').nth(2);
    await third.getByRole('button', { name: /^来場：/ }).click();
    await expect(page.getByRole('status').first()).toHaveText('来場にしました。');
    await expect(page.locator('.checkin-row').nth(2).getByRole('button', { name: /^取り消し：/ })).toBeVisible();
    await page.getByRole('button', { name: '当日参加を追加' }).click();
    await expect(page.locator('#walkin_name-error')).toHaveText('入力してください。');
    await page.getByLabel('お名前またはふりがな').fill('ｽｽﾞｷ');
    await page.getByLabel('年代').selectOption('75-79');
    await page.getByRole('button', { name: '当日参加を追加' }).click();
    await expect(page.getByRole('status').first()).toHaveText('当日参加の方を追加しました。');
    await expect(page.locator('.checkin-counts')).toContainText('当日参加 1人');
    await expectAccessibleWithoutOurScripts(page);
  });
});

test('staff lend a Tokyo trial phone at the door, then check it back and reset', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await page.goto('/devices');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('貸出端末（体験用スマートフォン）');
  await expectAccessible(page);
  await page.goto('/sessions');
  // The first listed is today's, under way: its report can be finalised.
  await page.getByRole('link', { name: '東京都スマートフォン体験会' }).first().click();
  await page.getByRole('link', { name: '受付（出欠）を開く' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '貸出端末' })).toBeVisible();
  await page.getByLabel('貸す相手').selectOption({ index: 1 });
  await page.getByLabel('端末', { exact: true }).selectOption({ index: 1 });
  await page.getByRole('button', { name: '貸し出す' }).click();
  // A tap like a check-in: sent at once, and the list shows who holds the phone.
  await expect(page.locator('.badge.holding')).toHaveCount(1);
  await expect(page.locator('.checkin-sync')).toHaveText('すべて送信済みです。');
  await expectAccessible(page);
  await page.getByRole('button', { name: /^返却を確認：/ }).click();
  await expect(page.locator('.loan-row').getByText('✓ 返却済み')).toBeVisible();
  await page.getByRole('button', { name: /^初期化を確認：/ }).click();
  await expect(page.locator('.loan-row').getByText('✓ 初期化済み')).toBeVisible();
  await expect(page.locator('.badge.holding')).toHaveCount(0);
  await expect(page.locator('.checkin-sync')).toHaveText('すべて送信済みです。');
  await expectAccessible(page);
  // The same after a reload: it reached the server.
  await page.reload();
  await expect(page.locator('.loan-row').getByText('✓ 初期化済み')).toBeVisible();

  // The report: planned topics come ticked; finalising locks the attendance.
  await page.getByRole('link', { name: '実施報告を書く' }).click();
  await expect(page.getByText(/貸出端末 1台/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByRole('status').first()).toHaveText('実施報告を確定しました。');
  await expectAccessible(page);
  await page.getByRole('link', { name: '受付のページへ戻る' }).click();
  await expect(page.getByText('実施報告が確定しているため、出欠は変更できません。')).toBeVisible();
  await expect(page.getByRole('button', { name: /^来場：/ })).toHaveCount(0);
});
