const { expect, expectAccessibleWithoutOurScripts: expectAccessible, test } = require('./helpers');

test.use({ javaScriptEnabled: false });

test('with JavaScript off, a volunteer prints the paper roster and enters it afterwards in one pass', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('ログインID').fill('demo-volunteer');
  await page.getByLabel('パスワード').fill('yorisoi-demo-2025');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await page.getByRole('navigation').getByRole('link', { name: '担当の体験会' }).click();
  const now = page.locator('.session-card').filter({ has: page.locator('.badge.now') });
  await now.getByRole('link', { name: '受付（出欠）を開く' }).click();

  await page.getByRole('link', { name: '紙の出席簿を印刷' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^出席簿：/);
  const booked = page.getByRole('table', { name: '予約した方の出席簿' });
  const people = await booked.locator('tbody tr').count();
  expect(people).toBeGreaterThan(0);
  await expect(page.getByRole('table', { name: '当日参加（予約なし）' }).locator('tbody tr')).toHaveCount(10);
  await expectAccessible(page);

  await page.getByRole('link', { name: '紙の出席簿から入力' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^出席簿から入力：/);
  await expect(page.getByRole('group', { name: '予約した方（チェックが出席）' }).getByRole('checkbox')).toHaveCount(people);
  // Row 1 of the walk-ins with an age band but no name: told next to the field, kept.
  const row = page.getByRole('group', { name: `当日参加 ${people + 1}番` });
  await row.getByLabel('年代').selectOption('70-74');
  await page.getByRole('button', { name: '出席簿の内容を保存する' }).click();
  await expect(page.locator('#row1_name-error')).toBeVisible();
  await expect(page.getByRole('group', { name: `当日参加 ${people + 1}番` }).getByLabel('年代')).toHaveValue('70-74');
  await expectAccessible(page);
  await page.getByRole('group', { name: `当日参加 ${people + 1}番` }).getByLabel('お名前・ふりがな').fill('紙から 一郎');
  await page.getByRole('button', { name: '出席簿の内容を保存する' }).click();
  await expect(page.getByText('出席簿の内容を保存しました。')).toBeVisible();
  await expect(page.getByText('紙から 一郎')).toBeVisible();
  await expectAccessible(page);
});
