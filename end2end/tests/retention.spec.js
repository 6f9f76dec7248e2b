const fs = require('fs');
const { expect, expectAccessibleWithoutOurScripts: expectAccessible, test } = require('./helpers');

test.use({ javaScriptEnabled: false });

test('with JavaScript off, an admin reviews what is due, runs the dry run, applies the rules and prints a disclosure', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('ログインID').fill('demo-admin');
  await page.getByLabel('パスワード').fill('yorisoi-demo-2025');
  await page.getByRole('button', { name: 'ログインする' }).click();

  await page.getByRole('link', { name: '個人情報の保存期間' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('個人情報の保存期間');
  const rules = page.getByRole('table', { name: '保存期間のきまり' });
  await expect(rules.getByRole('row')).toHaveCount(9);
  await expect(rules.getByRole('rowheader', { name: '市民の記録' })).toBeVisible();
  await expectAccessible(page);

  // The dry run: counts only, as a file; nothing changes.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '試しに数えた結果（件数のみ）をCSVで保存' }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv).toContain('記録の種類,保存期間,単位,この日より前が対象,今日の対象（件）');
  expect(csv.trim().split('\r\n')).toHaveLength(9);

  // Applying needs the box ticked; the page says so next to it.
  await page.getByRole('button', { name: '保存期間を適用する' }).click();
  await expect(page.locator('#confirm-error')).toHaveText('対象の件数を確かめたら、チェックを入れてください。');
  await expectAccessible(page);
  await page.getByRole('checkbox', { name: '対象の件数を確かめました' }).check();
  await page.getByRole('button', { name: '保存期間を適用する' }).click();
  await expect(page.getByRole('status')).toContainText('保存期間を適用しました。');
  await expect(page.getByRole('table', { name: 'これまでの適用' })).toContainText('demo-admin');
  await expectAccessible(page);

  await page.getByRole('link', { name: '個人情報ファイル簿を見る' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('個人情報ファイル簿');
  await expect(page.getByRole('heading', { name: '市民の記録' })).toBeVisible();
  await expectAccessible(page);

  // A resident's disclosure, from their record.
  await page.goto('/intake?q=さとう');
  await page.getByRole('table').getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/ 様$/);
  const name = (await page.getByRole('heading', { level: 1 }).textContent()).replace(/ 様$/, '');
  await page.getByRole('link', { name: '本人に開示する内容を印刷' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${name} 様について記録している情報`);
  await expect(page.getByRole('heading', { name: '体験会の申込と出席' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'この記録を見たり変えたりした記録' })).toBeVisible();
  await expect(page.getByText('042-563-2111').first()).toBeVisible();
  await expectAccessible(page);
});
