const { test, expect } = require('@playwright/test');
const { expectAccessible, signIn } = require('./helpers');

test('staff schedule a session, fix a mistake, and find it in the list', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByRole('navigation').getByRole('link', { name: '体験会', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('体験会の一覧');
  await expect(page.getByRole('link', { name: '東京都スマートフォン体験会' }).first()).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: '体験会を登録' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('体験会を登録');
  await expectAccessible(page);
  const date = new Date(Date.now() + 45 * 86400_000).toISOString().slice(0, 10);
  await page.getByLabel('講座名').fill('e2e 防災アプリ講座');
  await page.getByLabel('主催').selectOption({ label: '南街ふれあいサークル' });
  await page.getByLabel('会場').selectOption({ label: '清原地区会館 集会室（清原）' });
  await page.getByLabel('開催日').fill(date);
  await page.getByLabel('開始時刻').fill('15:00');
  await page.getByLabel('終了時刻').fill('14:00');
  await page.getByRole('checkbox', { name: '防災アプリ' }).check();
  await page.getByRole('button', { name: '保存する' }).click();

  await expect(page.getByText('終了時刻は開始時刻より後にしてください。').first()).toBeVisible();
  await expect(page.getByLabel('講座名')).toHaveValue('e2e 防災アプリ講座');
  await expect(page.getByRole('checkbox', { name: '防災アプリ' })).toBeChecked();
  await expectAccessible(page);

  await page.getByLabel('終了時刻').fill('16:30');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('e2e 防災アプリ講座');
  await expect(page.getByRole('status')).toHaveText('体験会を登録しました。');
  await expect(page.getByText('15:00～16:30')).toBeVisible();
  await expectAccessible(page);
});
