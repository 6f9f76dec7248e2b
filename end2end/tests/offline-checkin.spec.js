const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('@playwright/test');
const config = require('../playwright.config.js');
const { DEMO_PASSWORD, expect, expectAccessible, expectAccessibleWithoutOurScripts, signIn, test } = require('./helpers');

// A volunteer's phone in a community hall whose Wi-Fi fails. The phone is a browser with
// its own profile on disk, so closing it and opening it again is a browser restart that
// keeps what the phone stored (the service worker, its kept page, the queue of taps).
const phone = { width: 390, height: 844 };
// Keeping the page means the phone fetching the debug bundle (6.5 MB of WebAssembly,
// compressed on the fly by the debug server) while the other worker's browser and server
// share the two cores: it took over 30 s in some full runs. The waits allow a minute.
test.describe.configure({ timeout: 120_000 });

async function openPhone(dir, baseURL) {
  const context = await chromium.launchPersistentContext(dir, {
    ...config.use.launchOptions,
    baseURL,
    viewport: phone,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  const page = context.pages()[0] || (await context.newPage());
  return { context, page };
}

// Fails the test on a script error or a console error in the phone's page, other than
// the lost connection the test makes on purpose and the sign-in the restart ends (401).
function watch(page, errors) {
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/net::ERR_INTERNET_DISCONNECTED|Failed to fetch|status of 40[134]/.test(message.text())) {
      errors.push(message.text());
    }
  });
}

// What the phone keeps for this site: the pages and files in the Cache API, the
// localStorage entries, the service workers.
async function stored(page) {
  return page.evaluate(async () => {
    let bytes = 0;
    const caches_ = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const body = await (await cache.match(request)).arrayBuffer();
        bytes += body.byteLength;
        caches_.push(`${name} ${new URL(request.url).pathname} ${body.byteLength}`);
      }
    }
    const local = Object.keys(localStorage).map((k) => `${k} ${localStorage.getItem(k).length}`);
    const workers = (await navigator.serviceWorker.getRegistrations()).length;
    return { caches: caches_, bytes, local, workers };
  });
}

async function openTodaysCheckin(page) {
  await page.getByRole('navigation').getByRole('link', { name: '担当の体験会' }).click();
  const now = page.locator('.session-card').filter({ has: page.locator('.badge.now') });
  await now.getByRole('link', { name: '受付（出欠）を開く' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  return new URL(page.url()).pathname;
}

test('check-in keeps working offline, through a reload and a browser restart, and each tap arrives once', async ({ browser, baseURL }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yorisoi-phone-'));
  const errors = [];
  let { context, page } = await openPhone(dir, baseURL);
  watch(page, errors);
  await signIn(page, 'demo-volunteer');
  const checkin = await openTodaysCheckin(page);
  // Opened online: the page is kept on the phone, and says so.
  await expect(page.locator('.checkin-kept')).toContainText('この端末に保存しました', { timeout: 60_000 });
  await expect(page.locator('.checkin-sync')).toHaveText('すべて送信済みです。');
  await expectAccessible(page);

  // The Wi-Fi fails; the page is reloaded: it opens from the phone.
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  expect(await page.evaluate(() => fetch('/healthz').then(() => 'online', () => 'offline'))).toBe('offline');
  // Three people check in and one walk-in is added, with no connection.
  const waiting = page.locator('.checkin-row').filter({ has: page.getByRole('button', { name: /^来場：/ }) });
  const names = [];
  for (let n = 0; n < 3; n += 1) {
    const row = waiting.first();
    names.push(await row.locator('.checkin-name > span').first().innerText());
    await row.getByRole('button', { name: /^来場：/ }).click();
    await expect(page.locator('.checkin-row').filter({ hasText: names[n] }).locator('.checkin-state')).toHaveText('未送信（電波が戻ると送ります）');
  }
  // (The form used without JavaScript is hidden: getByRole finds only what is shown.)
  await page.getByRole('textbox', { name: 'お名前またはふりがな' }).fill('オフライン 花子');
  await page.getByRole('combobox', { name: '年代' }).selectOption('80-84');
  await page.getByRole('button', { name: '当日参加を追加' }).click();
  await expect(page.getByText('当日参加の方を追加しました。')).toBeVisible();
  await expect(page.locator('.checkin-sync')).toContainText('4件の操作をこの端末に保存しています');
  await expectAccessible(page);
  const kept = await stored(page);
  console.log(`kept on the phone offline: ${JSON.stringify(kept, null, 1)}`);
  expect(kept.local).toHaveLength(1);
  expect(kept.workers).toBe(1);

  // The phone's browser is closed and opened again, still offline: all four still wait.
  await context.close();
  ({ context, page } = await openPhone(dir, baseURL));
  watch(page, errors);
  await context.setOffline(true);
  await page.goto(checkin);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('.checkin-sync')).toContainText('4件の操作をこの端末に保存しています');
  for (const name of names) {
    await expect(page.locator('.checkin-row').filter({ hasText: name }).locator('.checkin-state')).toHaveText('未送信（電波が戻ると送ります）');
  }
  await expect(page.locator('.checkin-row').filter({ hasText: 'オフライン 花子' })).toHaveCount(1);
  await expectAccessible(page);

  // The connection returns. The restart ended the sign-in (its cookie lasts while the
  // browser is open): the page says so, keeps the taps, and leads to the sign-in, after
  // which everything is sent, once.
  await context.setOffline(false);
  await expect(page.locator('.checkin-sync')).toContainText('ログインが切れています。この端末に保存した4件の操作は', { timeout: 20_000 });
  await expectAccessible(page);
  await page.getByRole('link', { name: 'ログインし直す' }).click();
  await page.getByLabel('ログインID').fill('demo-volunteer');
  await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page).toHaveURL(new RegExp(`${checkin}$`));
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('.checkin-sync')).toHaveText('すべて送信済みです。', { timeout: 20_000 });
  await page.reload();
  // As the server now has them (before the island runs, and after).
  for (const name of names) {
    await expect(page.locator('.checkin-row').filter({ hasText: name }).getByRole('button', { name: /^取り消し：/ })).toBeVisible();
  }
  await expect(page.locator('.checkin-row').filter({ hasText: 'オフライン 花子' })).toHaveCount(1);
  // The same, as the staff see it on another device.
  const staff = await browser.newContext({ viewport: phone });
  const desk = await staff.newPage();
  await signIn(desk, 'demo-staff');
  await desk.goto(checkin);
  for (const name of names) {
    await expect(desk.locator('.checkin-row.present').filter({ hasText: name })).toHaveCount(1);
  }
  await expect(desk.locator('.checkin-row').filter({ hasText: 'オフライン 花子' })).toHaveCount(1);
  await staff.close();

  // Signing out removes what the phone kept: the page, its files, the queue, the worker.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await stored(page)).toEqual({ caches: [], bytes: 0, local: [], workers: 0 });
  await context.close();
  expect(errors, errors.join('\n')).toEqual([]);
});

test('an undo by another volunteer while the phone was offline stands, and the phone says so', async ({ browser, baseURL }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yorisoi-phone-'));
  const errors = [];
  const { context, page } = await openPhone(dir, baseURL);
  watch(page, errors);
  await signIn(page, 'demo-volunteer');
  const checkin = await openTodaysCheckin(page);
  await expect(page.locator('.checkin-kept')).toBeVisible({ timeout: 60_000 });

  // Offline, the volunteer checks someone in.
  await context.setOffline(true);
  const row = page.locator('.checkin-row').filter({ has: page.getByRole('button', { name: /^来場：/ }) }).first();
  const name = await row.locator('.checkin-name > span').first().innerText();
  const mine = page.locator('.checkin-row').filter({ hasText: name });
  await row.getByRole('button', { name: /^来場：/ }).click();
  await expect(mine.locator('.checkin-state')).toHaveText('未送信（電波が戻ると送ります）');

  // Meanwhile, at the desk with a connection, the staff check the same person in and then
  // take it back (they had the wrong person).
  const staff = await browser.newContext({ viewport: phone });
  const desk = await staff.newPage();
  await signIn(desk, 'demo-staff');
  await desk.goto(checkin);
  const theirs = desk.locator('.checkin-row').filter({ hasText: name });
  await theirs.getByRole('button', { name: /^来場：/ }).click();
  await expect(theirs.locator('.checkin-state')).toHaveText('来場済み');
  await theirs.getByRole('button', { name: /^取り消し：/ }).click();
  await expect(desk.locator('.checkin-sync')).toHaveText('すべて送信済みです。');
  await expect(theirs.getByRole('button', { name: /^来場：/ })).toBeVisible();

  // The phone comes back: the later undo stands, and the phone explains why.
  await context.setOffline(false);
  await expect(page.locator('.checkin-sync')).toHaveText('すべて送信済みです。', { timeout: 20_000 });
  await expect(page.locator('.checkin-notes')).toContainText(`${name}：この端末が送る前に、ほかの担当者が`);
  await expect(page.locator('.checkin-notes')).toContainText('「来場前」にしていたため、そちらを残しました。');
  await expect(mine.getByRole('button', { name: /^来場：/ })).toBeVisible();
  await expectAccessible(page);
  // Both see the same after a fresh look.
  await desk.reload();
  await expect(desk.locator('.checkin-row').filter({ hasText: name }).getByRole('button', { name: /^来場：/ })).toBeVisible();
  await staff.close();
  await context.close();
  expect(errors, errors.join('\n')).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the loans part of the page is plain forms; a refused date comes back with the choices kept', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('ログインID').fill('demo-staff');
    await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.goto('/sessions');
    await page.getByRole('link', { name: '東京都スマートフォン体験会' }).first().click();
    await page.getByRole('link', { name: '受付（出欠）を開く' }).click();
    await page.getByLabel('貸す相手').selectOption({ index: 1 });
    await page.getByLabel('端末', { exact: true }).selectOption({ index: 1 });
    const holder = await page.getByLabel('貸す相手').inputValue();
    await page.getByLabel('家に貸し出す場合の返却日').fill('2020-01-01');
    await page.getByRole('button', { name: '貸し出す' }).click();
    await expect(page.locator('#due_on-error')).toHaveText('返却日は、明日から60日以内の日付で入力してください。');
    await expect(page.getByLabel('家に貸し出す場合の返却日')).toHaveValue('2020-01-01');
    await expect(page.getByLabel('貸す相手')).toHaveValue(holder);
    await expectAccessibleWithoutOurScripts(page);
    await page.getByLabel('家に貸し出す場合の返却日').fill('');
    await page.getByRole('button', { name: '貸し出す' }).click();
    await expect(page.getByRole('status').first()).toHaveText('端末を貸し出しました。');
    await page.getByRole('button', { name: /^返却を確認：/ }).click();
    await expect(page.getByRole('status').first()).toHaveText('返却を確認しました。');
    await page.getByRole('button', { name: /^初期化を確認：/ }).click();
    await expect(page.getByRole('status').first()).toHaveText('初期化を確認しました。');
    await expect(page.locator('.badge.holding')).toHaveCount(0);
    await expectAccessibleWithoutOurScripts(page);
  });
});
