const { expect, expectAccessible, expectPlainPage, signIn, test } = require('./helpers');

test('staff schedule a session, fix a mistake, and find it in the list', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await expectPlainPage(page);
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

test('a weekly series with one cancelled occurrence shows in the calendar and the feed', async ({ page }) => {
  await signIn(page, 'demo-coordinator');
  await expectPlainPage(page);
  // The first Tuesday of the month after next keeps the series of three in one month.
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
  while (first.getUTCDay() !== 2) first.setUTCDate(first.getUTCDate() + 1);
  const date = first.toISOString().slice(0, 10);
  const month = date.slice(0, 7);
  const title = `e2e 連続講座 ${Date.now()}`;

  await page.goto('/sessions/new');
  await page.getByLabel('講座名').fill(title);
  await page.getByLabel('会場').selectOption({ label: '中央公民館 学習室（中央）' });
  await page.getByLabel('開催日').fill(date);
  await page.getByLabel('開始時刻').fill('18:00');
  await page.getByLabel('終了時刻').fill('19:30');
  await page.getByRole('checkbox', { name: 'LINE' }).check();
  await page.getByLabel('くり返し').selectOption('weekly');
  await page.getByLabel('回数').fill('3');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

  // Open the second occurrence from the month calendar and cancel it.
  await page.goto(`/schedule?m=${month}`);
  const entries = page.getByRole('link', { name: new RegExp(title) });
  await expect(entries).toHaveCount(3);
  await expectAccessible(page);
  await entries.nth(1).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await page.getByLabel('中止の理由').fill('会場の設備点検のため');
  await page.getByRole('button', { name: '中止する' }).click();
  await expect(page.getByRole('status').first()).toContainText('中止');
  await expect(page.getByText('中止の理由：会場の設備点検のため')).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/schedule?m=${month}`);
  await expect(page.getByRole('link', { name: new RegExp(title) })).toHaveCount(3);
  await expect(page.locator('li.cancelled', { hasText: title })).toHaveCount(1);
  await page.goto(`/schedule/print?m=${month}`);
  await expect(page.getByText(title)).toHaveCount(2);
  await expectAccessible(page);

  const feed = await (await page.request.get('/calendar/sessions.ics')).text();
  const events = feed.replace(/\r\n /g, '').split('BEGIN:VEVENT').filter((e) => e.includes(`SUMMARY:${title}`));
  expect(events).toHaveLength(3);
  expect(events.filter((e) => e.includes('STATUS:CANCELLED'))).toHaveLength(1);
});

test('admin pages for reference data, import and calendar feeds are accessible', async ({ page }) => {
  await signIn(page, 'demo-admin');
  for (const [path, heading] of [
    ['/admin/topics', '講座の内容（トピック）'],
    ['/directory/venues/new', '会場を追加'],
    ['/directory/partners/new', '主催団体を追加'],
    ['/import', 'カレンダー（.ics）から取り込む'],
    ['/account/calendar', 'カレンダー連携'],
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expectAccessible(page);
  }
});
