const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const base = require('@playwright/test');

const { expect } = base;

// The server a worker's tests talk to. With SERVER_BIN (scripts/test.sh), each worker
// starts its own on a free port with its own fresh demo database, so workers run side by
// side without seeing each other's changes; otherwise BASE_URL is used.
async function workerSite({}, use, workerInfo) {
  const bin = process.env.SERVER_BIN;
  if (!bin) {
    await use(process.env.BASE_URL || 'http://127.0.0.1:3000');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yorisoi-e2e-${workerInfo.workerIndex}-`));
  const env = { ...process.env, DATABASE_URL: `sqlite://${dir}/e2e.db` };
  // The repository's root: the server finds the browser bundle under target/site.
  const cwd = path.resolve(__dirname, '..', '..');
  execFileSync(bin, ['demo'], { env, cwd, stdio: 'ignore' });
  const server = spawn(bin, ['serve', '--addr', '127.0.0.1:0'], { env, cwd });
  // Kept after the run (test-results/ is emptied when the next one starts): what the
  // server said while a test failed.
  const logs = path.resolve(__dirname, '..', 'test-results');
  fs.mkdirSync(logs, { recursive: true });
  const log = fs.createWriteStream(path.join(logs, `server-${workerInfo.workerIndex}.log`));
  server.stderr.pipe(log);
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/^listening on (\S+)$/m);
      if (found) resolve(found[1]);
    });
    server.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  server.stdout.resume();
  await use(url);
  const exited = new Promise((resolve) => server.on('exit', resolve));
  server.kill('SIGTERM');
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
}

// Every test's page fails the test on an uncaught exception or a console error in the
// browser (a wasm panic, a failed hydration), other than expected HTTP error statuses.
const test = base.test.extend({
  site: [workerSite, { scope: 'worker' }],
  baseURL: async ({ site }, use) => use(site),
  page: async ({ page }, use) => {
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      // A lost connection is expected only where a test cuts it on purpose (check-in offline).
      if (message.type() === 'error' && !/status of (403|404)|net::ERR_INTERNET_DISCONNECTED/.test(message.text())) {
        errors.push(message.text());
      }
    });
    await use(page);
    expect(errors, errors.join('\n')).toEqual([]);
  },
});
const AxeBuilder = require('@axe-core/playwright').default;

// The password `yorisoi demo` gives every demo user.
const DEMO_PASSWORD = 'yorisoi-demo-2025';

// Fails on any axe-core violation of serious or critical impact (WCAG 2.x A and AA rules).
async function expectAccessible(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  expect(serious, `${page.url()}\n${JSON.stringify(serious, null, 2)}`).toEqual([]);
  // axe no longer checks duplicate ids (WCAG 4.1.1 is obsolete), but a label or
  // aria-labelledby pointing at a repeated id names the wrong element in the browser.
  const repeated = await page.evaluate(() => {
    const seen = new Map();
    for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  expect(repeated, `${page.url()}: repeated ids`).toEqual([]);
}

// axe-core needs JavaScript in the page. For a page opened with JavaScript off, check the
// same address in a second context that has the same cookies but blocks our own scripts
// and wasm, so axe sees exactly the server-rendered page.
async function expectAccessibleWithoutOurScripts(page) {
  const context = await page.context().browser().newContext({
    storageState: await page.context().storageState(),
    // Playwright applies the test's options to new contexts too: turn JavaScript back on.
    javaScriptEnabled: true,
  });
  await context.route(/\/pkg\/[^?]*\.(js|wasm)(\?|$)/, (route) => route.abort());
  const copy = await context.newPage();
  await copy.goto(page.url());
  await expect(copy.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
  await expectAccessible(copy);
  await context.close();
}

// A page without islands is plain HTML: no island element, no hydration, and neither our
// script nor our WebAssembly downloaded.
async function expectPlainPage(page) {
  await page.waitForLoadState('load');
  await expect(page.locator('leptos-island')).toHaveCount(0);
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
  const code = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((path) => path.endsWith('.wasm') || (path.startsWith('/pkg/') && path.endsWith('.js'))));
  expect(code, `${page.url()}: downloaded code`).toEqual([]);
}

async function signIn(page, login, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await expectAccessible(page);
  await page.getByLabel('ログインID').fill(login);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログインする' }).click();
}

module.exports = { DEMO_PASSWORD, expect, expectAccessible, expectAccessibleWithoutOurScripts, expectPlainPage, signIn, test };
