const { expect, expectAccessibleWithoutOurScripts: expectAccessible, test } = require('./helpers');

// Signs in with JavaScript off (the shared helper checks the page with axe, which needs it).
async function signIn(page, login) {
  await page.goto('/login');
  await page.getByLabel('ログインID').fill(login);
  await page.getByLabel('パスワード').fill('yorisoi-demo-2025');
  await page.getByRole('button', { name: 'ログインする' }).click();
}

test.use({ javaScriptEnabled: false });

test('questionnaires: printed one per person, five sheets entered by keyboard, one answered on a phone, counted in the reach report', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, 'demo-volunteer');
  await page.getByRole('navigation').getByRole('link', { name: '担当の体験会' }).click();
  const now = page.locator('.session-card').filter({ has: page.locator('.badge.now') });
  await now.getByRole('link', { name: '受付（出欠）を開く' }).click();
  await page.getByRole('link', { name: '実施報告を書く' }).click();

  // The sheets to print: one numbered sheet per place, blank ones for walk-ins.
  await page.getByRole('link', { name: 'アンケート用紙を印刷する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^アンケート用紙：/);
  const sheets = page.locator('.q-sheet');
  expect(await sheets.count()).toBeGreaterThan(3);
  await expect(page.locator('.q-sheet .q-number').last()).toHaveText('当日参加（番号なし）');
  const link = (await page.locator('.q-link').first().textContent()).trim();
  const first = (await page.locator('.q-strip').first().textContent()).replace(/ 様$/, '').trim();
  const printed = page.url();
  expect(link).toMatch(/\/q\/\d+-[0-9a-f]{20}$/);
  await expectAccessible(page);
  // Printed, the page is the sheets alone, one per A4 page.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: '印刷する' })).toBeHidden();
  await expect(sheets.first()).toHaveCSS('break-after', 'page');
  await page.emulateMedia({ media: 'screen' });

  // Five unnumbered sheets, by keyboard: three, saved, then two more in the new rows.
  await page.goto(page.url() + '/entry');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^アンケートの入力：/);
  const typeSheet = async (n, satisfaction) => {
    const row = page.getByRole('group', { name: `番号なしの用紙 ${n}` });
    await row.getByLabel('満足度（1～5）').focus();
    await page.keyboard.type(satisfaction);
    await page.keyboard.press('Tab');
    // The topics follow in the paper's order; "1" = could do it by myself.
    while (await page.evaluate(() => document.activeElement.name || '').then((name) => /_t\d+$/.test(name))) {
      await page.keyboard.type('1');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('1'); // next level: yes
    await page.keyboard.press('Tab');
    await page.keyboard.type('2'); // supporter: no
  };
  await typeSheet(1, '5');
  await typeSheet(2, '4');
  await typeSheet(3, '7');
  await page.keyboard.press('Enter');
  // 7 is no satisfaction: told beside the field, every row kept.
  await expect(page.locator('.field-error').first()).toBeVisible();
  await expect(page.getByRole('group', { name: '番号なしの用紙 2' }).getByLabel('満足度（1～5）')).toHaveValue('4');
  await expectAccessible(page);
  const third = page.getByRole('group', { name: '番号なしの用紙 3' }).getByLabel('満足度（1～5）');
  await third.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await expect(page.getByText('アンケートを保存しました。')).toBeVisible();
  await typeSheet(4, '5');
  await typeSheet(5, '2');
  await page.keyboard.press('Enter');
  await expect(page.getByText('アンケートを保存しました。')).toBeVisible();
  await expect(page.getByRole('group', { name: '番号なしの用紙 5' }).getByLabel('満足度（1～5）')).toHaveValue('2');
  await expectAccessible(page);

  // The first sheet's participant is marked present on the roster (answers are per
  // attendance), then answers on their own phone, JavaScript off, at 390 × 844.
  await page.goto(printed.replace(/questionnaires$/, 'roster/entry'));
  const present = page.getByRole('checkbox', { name: new RegExp(first) });
  if (!(await present.isChecked())) {
    await present.check();
    await page.getByRole('button', { name: '出席簿の内容を保存する' }).click();
    await expect(page.getByText('出席簿の内容を保存しました。')).toBeVisible();
  }
  await page.goto(printed + '/entry');
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const mobile = await phone.newPage();
  await mobile.goto(new URL(link).pathname);
  await expect(mobile.getByRole('heading', { level: 1 })).toContainText('アンケート');
  expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(mobile.locator('ruby').first()).toBeVisible();
  await expectAccessible(mobile);
  await mobile.locator('#sat-5').check();
  const send = mobile.locator('form.phone-answer button[type=submit]');
  await send.click();
  await expect(mobile.getByText('ありがとうございました。答えを受け取りました。')).toBeVisible();
  await expect(send).toHaveCount(0);
  await phone.close();

  // Six answers now count in the session report.
  await page.getByRole('link', { name: '実施報告へ戻る' }).click();
  await expect(page.getByText(/アンケート 6 枚/)).toBeVisible();
  await expectAccessible(page);

  // The reach report shows them by age band, district, first time and topic.
  const reviewer = await browser.newContext({ javaScriptEnabled: false });
  const reports = await reviewer.newPage();
  await signIn(reports, 'demo-reviewer');
  await reports.goto('/reports/reach');
  await expect(reports.getByRole('table', { name: 'アンケート：年代別' })).toBeVisible();
  await expect(reports.getByRole('table', { name: 'アンケート：内容別（「一人でできた」）' })).toBeVisible();
  await expectAccessible(reports);
  await reviewer.close();
});
