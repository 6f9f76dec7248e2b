// yorisoi's service worker, served at /sw.js and registered by the check-in page only.
//
// It keeps a copy of a volunteer's check-in page on the phone, so the page opens with no
// connection (after a reload or a browser restart too), and nothing else:
// - a check-in page is fetched from the network when it can be; a copy is kept only when
//   the page says until which day it may be (`data-offline-until`, set by the server from
//   the day before the session to the end of its day, while attendance is open);
// - with no connection, or when the server cannot answer (5xx), the kept copy is shown;
// - the site files a kept page needs (/pkg/, addressed by content hash) are kept with it;
// - a copy whose day has passed in Japan is removed, and the site files with the last
//   page (checked whenever a page of the site is opened); a page the server no longer
//   gives (a redirect to sign in, a refusal, no longer marked) is removed;
// - signing out removes everything (the server answers with Clear-Site-Data).
// The taps made offline are kept by the page itself (localStorage), not here.

const PAGES = 'yorisoi-checkin-pages';
const FILES = 'yorisoi-checkin-files';
const CHECKIN = /^\/sessions\/\d+\/checkin$/;
const UNTIL = /data-offline-until="(\d{4}-\d{2}-\d{2})"/;
const SITE_FILE = /\/pkg\/[^"'\s\\<>&]+/g;

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await self.clients.claim();
      await prune();
      await keepOpenPages();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && CHECKIN.test(url.pathname)) {
    event.respondWith(page(event, url.pathname));
  } else if (url.pathname.startsWith('/pkg/')) {
    event.respondWith(siteFile(request));
  } else if (request.mode === 'navigate') {
    event.waitUntil(prune());
  }
});

// Today in Japan, as YYYY-MM-DD.
function today() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

// A check-in page: from the network, keeping a copy; the kept copy when the network fails
// or the server cannot answer (restarting, a proxy's 502/503/504).
async function page(event, path) {
  let response;
  try {
    response = await fetch(event.request);
  } catch (offline) {
    const kept = await keptCopy(path);
    if (kept) return kept;
    throw offline;
  }
  if (response.status >= 500) {
    const kept = await keptCopy(path);
    if (kept) return kept;
  }
  event.waitUntil(keep(path, response.clone()));
  return response;
}

async function keptCopy(path) {
  await prune();
  return (await caches.open(PAGES)).match(path);
}

// Keeps a copy of a check-in page that says it may be kept, with the site files it names.
// Forgets the copy when the server says no: a redirect (to sign in), a refusal, a missing
// page, or the page without `data-offline-until` (the day gone by, attendance locked).
// Leaves it alone when the server could not answer.
async function keep(path, response) {
  if (response.status >= 500) return;
  const pages = await caches.open(PAGES);
  const html = response.ok ? await response.clone().text() : '';
  const until = UNTIL.exec(html);
  if (!until || until[1] < today()) {
    await pages.delete(path);
    return;
  }
  await pages.put(path, response);
  const files = await caches.open(FILES);
  for (const file of new Set(html.match(SITE_FILE) || [])) {
    if (!(await files.match(file))) {
      try {
        await files.add(file);
      } catch (_) {
        // Kept the next time the page is opened online.
      }
    }
  }
}

// Check-in pages open before this worker took over (the very first visit): fetch and keep.
async function keepOpenPages() {
  const windows = await self.clients.matchAll({ type: 'window' });
  for (const client of windows) {
    const path = new URL(client.url).pathname;
    if (!CHECKIN.test(path)) continue;
    try {
      await keep(path, await fetch(path, { credentials: 'same-origin', redirect: 'manual' }));
    } catch (_) {
      // Offline already: kept the next time the page is opened online.
    }
  }
}

// A site file: the kept copy if there is one (addresses change with the content), else
// the network, keeping a copy while a check-in page is kept.
async function siteFile(request) {
  const files = await caches.open(FILES);
  const hit = await files.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  const pages = await (await caches.open(PAGES)).keys();
  if (response.ok && pages.length) await files.put(request, response.clone());
  return response;
}

// Removes the copies whose day has passed, and the site files once no page is kept.
async function prune() {
  const pages = await caches.open(PAGES);
  const day = today();
  let left = 0;
  for (const request of await pages.keys()) {
    const kept = await pages.match(request);
    const until = UNTIL.exec(kept ? await kept.text() : '');
    if (!until || until[1] < day) await pages.delete(request);
    else left += 1;
  }
  if (!left) await caches.delete(FILES);
}
