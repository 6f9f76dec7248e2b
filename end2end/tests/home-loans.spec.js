const { expect, expectAccessible, signIn, test } = require('./helpers');

test('staff lend a phone home with a due date, see it on the devices page and record it back', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await page.goto('/sessions');
  await page.getByRole('link', { name: '東京都スマートフォン体験会' }).first().click();
  await page.getByRole('link', { name: '受付（出欠）を開く' }).click();
  await page.getByLabel('貸す相手').selectOption({ index: 1 });
  await page.getByLabel('端末', { exact: true }).selectOption({ index: 1 });
  // In the past: refused next to the field.
  await page.getByLabel('家に貸し出す場合の返却日').fill('2020-01-01');
  await page.getByRole('button', { name: '貸し出す' }).click();
  await expect(page.locator('#due_on-error')).toHaveText('返却日は、明日から60日以内の日付で入力してください。');
  await expectAccessible(page);
  const due = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
  await page.getByLabel('貸す相手').selectOption({ index: 1 });
  await page.getByLabel('端末', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('家に貸し出す場合の返却日').fill(due);
  await page.getByRole('button', { name: '貸し出す' }).click();
  await expect(page.locator('.loan-row').filter({ hasText: '家に貸出中' })).toHaveCount(1);
  await expect(page.locator('.checkin-sync')).toHaveText('すべて送信済みです。');

  await page.goto('/devices');
  await expect(page.getByRole('heading', { name: '家に貸し出し中のスマートフォン' })).toBeVisible();
  const row = page.locator('#home-loans ~ ul .loan-row').first();
  await expect(row).toContainText('返却日');
  await expectAccessible(page);
  await row.getByLabel('返ってきたときの状態').selectOption('damaged');
  await row.getByLabel('メモ（傷・付属品など）').fill('画面に小さな傷');
  await row.getByLabel('初期化しました').check();
  await row.getByRole('button', { name: '返却を記録する' }).click();
  await expect(page.getByRole('status').first()).toHaveText('家に貸し出していた端末の返却を記録しました。');
  await expect(page.getByText('家に貸し出し中のスマートフォンはありません。')).toBeVisible();
  await expectAccessible(page);
});
