const { expect, expectAccessible, expectAccessibleWithoutOurScripts, expectPlainPage, signIn, test } = require('./helpers');

test('a reviewer reads the reach report, with charts, downloads and publication mode', async ({ page }) => {
  await signIn(page, 'demo-reviewer');
  await page.getByRole('navigation').getByRole('link', { name: '実施状況の報告' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('実施状況の報告（到達人数）');
  await expectPlainPage(page);
  await expect(page.getByRole('heading', { level: 2 })).toContainText(/令和\d+年度（\d{4}年度）/);
  await expect(page.getByRole('table', { name: '届いた人' })).toBeVisible();
  // The months as lines (this year solid, last year dashed), age bands as bars.
  const months = page.getByRole('img', { name: /月別の参加/ });
  await expect(months).toBeVisible();
  await expect(months.locator('polyline')).toHaveCount(2);
  await expect(months.locator('circle')).toHaveCount(12);
  await expect(page.getByRole('img', { name: /年代別の人数/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'CSV で保存' })).toHaveAttribute('href', /\/reports\/reach\.csv\?fy=\d{4}/);
  await expect(page.getByRole('link', { name: 'Excel で保存' })).toHaveAttribute('href', /\/reports\/reach\.xlsx\?fy=\d{4}/);
  await expectAccessible(page);

  // The previous fiscal year, published: small counts hidden.
  const year = await page.getByLabel('年度', { exact: true }).inputValue();
  await page.getByLabel('年度', { exact: true }).selectOption(String(Number(year) - 1));
  await page.getByLabel(/公表用/).check();
  await page.getByRole('button', { name: '表示' }).click();
  await expect(page).toHaveURL(/publish=1/);
  await expect(page.getByRole('status')).toContainText('公表用の表示です');
  await expect(page.getByRole('table', { name: '届いた人' })).toBeVisible();
  await expectAccessible(page);

  const download = await page.request.get(await page.getByRole('link', { name: 'CSV で保存' }).getAttribute('href'));
  expect(download.status()).toBe(200);
  const body = await download.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('months of a year are chosen by a plain form; an admin erases a resident and keeps the counts', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('ログインID').fill('demo-admin');
    await page.getByLabel('パスワード').fill('yorisoi-demo-2025');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.goto('/reports/reach');
    await page.getByLabel('開始月').selectOption({ label: '10月' });
    await page.getByLabel('終了月').selectOption({ label: '12月' });
    await page.getByRole('button', { name: '表示' }).click();
    await expect(page.getByRole('heading', { level: 2 })).toContainText('10月〜12月');
    await expectAccessibleWithoutOurScripts(page);
    const people = await page.getByRole('row', { name: /^到達人数（実人数）/ }).textContent();

    await page.goto('/intake?q=watanabe');
    await page.getByRole('link', { name: /ワタナベ/ }).first().click();
    await page.getByRole('button', { name: '個人情報を消去する' }).click();
    await expect(page.locator('#confirm-error')).toHaveText('確認の欄にチェックを入れてください。');
    await page.getByLabel('ご本人の申し出を確認しました').check();
    await page.getByRole('button', { name: '個人情報を消去する' }).click();
    await expect(page.getByRole('status').first()).toHaveText('個人情報を消去しました。');
    await expect(page.getByText('ご本人の申し出により消去されました')).toBeVisible();
    await expectAccessibleWithoutOurScripts(page);

    await page.goto('/reports/reach?from=7&to=9');
    expect(await page.getByRole('row', { name: /^到達人数（実人数）/ }).textContent()).toBe(people);
  });
});
