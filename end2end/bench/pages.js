// Page weight and first load on an old phone over hall Wi-Fi: Chromium with 400 kbit/s
// down and up, 400 ms round trip and a 4x CPU slowdown, a fresh profile for each page.
// Prints bytes transferred (as sent, compressed) by type and the time until the page is
// usable. Run by scripts/bench-pages.sh against a server with the demo data (BASE_URL).
const { chromium } = require('@playwright/test');

const base = process.env.BASE_URL || 'http://127.0.0.1:3000';
const PASSWORD = 'yorisoi-demo-2025';
const KBIT = 400;
// `--identity`: ask for nothing compressed, as the server sent everything before it
// compressed (the "before" figures).
const IDENTITY = process.argv.includes('--identity');

// Each page: who signs in (before throttling, with a form post: no assets fetched), the
// viewport, where to go, and what "usable" means there.
const PAGES = [
  { name: 'sign-in', login: null, path: '/login', usable: async (page) => page.getByLabel('ログインID').waitFor() },
  {
    name: 'check-in (volunteer, 390x844)',
    login: 'demo-volunteer',
    viewport: { width: 390, height: 844 },
    path: async (request) => {
      // The demo volunteer's session under way, found through their page unthrottled.
      const html = await (await request.get(`${base}/my-sessions`)).text();
      const card = html.split('<li class="session-card"').find((part) => part.includes('badge now'));
      const match = card && card.match(/\/sessions\/(\d+)\/checkin/);
      if (!match) throw new Error('no session under way for demo-volunteer: load fresh demo data');
      return `/sessions/${match[1]}/checkin`;
    },
    // Usable when a tap registers: the first person is marked present (by the island
    // when it is hydrated, else by the form post) and the page says so.
    usable: async (page) => {
      const present = page.locator('.checkin-state').filter({ hasText: '来場済み' });
      await page.getByRole('button', { name: /^来場：/ }).first().waitFor();
      const before = await present.count();
      await page.getByRole('button', { name: /^来場：/ }).first().click();
      await page.waitForFunction(
        (n) => [...document.querySelectorAll('.checkin-state')].filter((e) => e.textContent.includes('来場済み')).length > n,
        before,
        { timeout: 600_000, polling: 100 },
      );
    },
  },
  {
    name: 'intake (staff)',
    login: 'demo-staff',
    path: '/intake',
    usable: async (page) => page.locator('body[data-hydrated="true"]').waitFor(),
  },
  {
    name: 'reach report (reviewer)',
    login: 'demo-reviewer',
    path: '/reports/reach',
    usable: async (page) => page.getByRole('table').first().waitFor(),
  },
];

function kind(type) {
  if (type === 'Document') return 'html';
  if (type === 'Script') return 'js';
  if (type === 'Stylesheet') return 'css';
  if (type === 'Fetch' || type === 'XHR') return 'data';
  return 'other';
}

async function measure(browser, spec) {
  const context = await browser.newContext({ viewport: spec.viewport || { width: 1280, height: 800 }, locale: 'ja-JP' });
  if (IDENTITY) await context.setExtraHTTPHeaders({ 'accept-encoding': 'identity' });
  if (spec.login) {
    const r = await context.request.post(`${base}/auth/login`, {
      form: { login: spec.login, password: PASSWORD },
      headers: { origin: base },
      maxRedirects: 0,
    });
    if (r.status() !== 303) throw new Error(`sign-in of ${spec.login}: ${r.status()}`);
  }
  const path = typeof spec.path === 'function' ? await spec.path(context.request) : spec.path;
  const page = await context.newPage();
  page.setDefaultTimeout(600_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const rate = (KBIT * 1000) / 8;
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: rate,
    uploadThroughput: rate,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const types = new Map();
  const bytes = {};
  cdp.on('Network.responseReceived', (e) => {
    // The wasm bundle arrives as "Other" or "Fetch": name it by its file.
    const wasm = new URL(e.response.url).pathname.endsWith('.wasm');
    types.set(e.requestId, wasm ? 'wasm' : kind(e.type));
  });
  cdp.on('Network.loadingFinished', (e) => {
    const k = types.get(e.requestId) || 'other';
    bytes[k] = (bytes[k] || 0) + e.encodedDataLength;
  });
  const started = Date.now();
  await page.goto(`${base}${path}`, { waitUntil: 'commit', timeout: 600_000 });
  await spec.usable(page);
  const usable = (Date.now() - started) / 1000;
  await page.waitForLoadState('networkidle', { timeout: 600_000 });
  await context.close();
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  return { name: spec.name, bytes, total, usable };
}

// Server render time of the reach report (the heaviest page): 30 loads one after another,
// unthrottled, after 5 to warm up; prints the median and the slowest.
async function renderTimes() {
  const { request } = require('@playwright/test');
  const api = await request.newContext({ baseURL: base });
  const r = await api.post('/auth/login', {
    form: { login: 'demo-reviewer', password: PASSWORD },
    headers: { origin: base },
    maxRedirects: 0,
  });
  if (r.status() !== 303) throw new Error(`sign-in of demo-reviewer: ${r.status()}`);
  const times = [];
  for (let i = 0; i < 35; i++) {
    const started = process.hrtime.bigint();
    const page = await api.get('/reports/reach');
    await page.body();
    if (page.status() !== 200) throw new Error(`reach report: ${page.status()}`);
    if (i >= 5) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`reach report render (server, unthrottled, 30 loads): median ${times[15].toFixed(1)} ms, slowest ${times[29].toFixed(1)} ms`);
  await api.dispose();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  const kb = (n) => `${((n || 0) / 1024).toFixed(1)}`;
  console.log(`400 kbit/s, 400 ms RTT, CPU x4, fresh profile; KB as transferred${IDENTITY ? ', uncompressed' : ''}`);
  console.log(['page', 'html', 'css', 'js', 'wasm', 'data', 'other', 'total', 'usable (s)'].join('\t'));
  for (const spec of PAGES) {
    const r = await measure(browser, spec);
    const b = r.bytes;
    console.log([r.name, kb(b.html), kb(b.css), kb(b.js), kb(b.wasm), kb(b.data), kb(b.other), kb(r.total), r.usable.toFixed(1)].join('\t'));
  }
  await browser.close();
  await renderTimes();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
