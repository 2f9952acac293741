// The site's one service worker (sw.js at the site root; ocop-catalogue writes the
// first line, OCOP = {...}, at build time).
//
// - Pages visited stay readable offline: stale-while-revalidate, in the "pages"
//   cache, which keeps the PAGE_CAP most recent.
// - Traceability pages (t/, what a QR code opens) are network-first: the network
//   has FRESH_WAIT ms to answer before a saved copy is shown, so a lot recalled
//   since the copy was saved shows its banner. The browser's HTTP cache is asked to
//   check with the server too: a host's max-age must not hide a recall. A saved copy shown in place of the
//   network says when it was built (its hidden [data-ocop-saved] note), and asks to be told when the
//   fresh copy has come (js/fresh-copy.js): the page then shows it, recall banner included, or,
//   when nothing changed, drops its note.
// - A fresh copy of a page replaces the copy in every cache that holds one,
//   a saved district's too.
// - Assets (CSS, scripts, photos, search index) are served from any cache first,
//   and kept in "assets" (ASSET_CAP most recent) as they are used.
// - "Save for offline" on a district page fills a "saved-..." cache, never trimmed.
// - An unvisited page opened offline gets the site's offline page in its language.
// - The lists' filter data (<L>filters.json) is fetched fresh when there is a
//   network, else served from "assets": filters work offline on the pages kept.
// - office/ pages are never cached.
// - The trade-fair kiosk (kiosk/) keeps its own cache: sw-kiosk.js, imported
//   first, answers its requests (self.ocopKiosk.handles), and this worker leaves them.
importScripts('sw-kiosk.js');
const PAGE_CAP = 150;
const FRESH_WAIT = 4000;
const ASSET_CAP = 400;
const PRECACHE = `offline-${OCOP.version}`;
const root = new URL('./', self.location).href;

// An address's language folder ('' for the first language, else 'en/' ...) and its section below it.
const place = (url) => {
  const parts = url.href.slice(root.length).split('/');
  const translated = OCOP.languages.includes(parts[0]) && parts[0] !== OCOP.languages[0];
  return translated ? {language: `${parts[0]}/`, section: parts[1]} : {language: '', section: parts[0]};
};
const offlineUrl = (url) => `${root}${place(url).language}offline/`;
const isTracePage = (url) => place(url).section === 't';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(PRECACHE)
    .then((cache) => cache.addAll([`${root}assets/ocop-offline-list.js`,
      ...OCOP.languages.map((code, i) => `${root}${i ? `${code}/` : ''}offline/`)]))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('offline-') && n !== PRECACHE)
      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

const trim = async (name, cap) => {
  const cache = await caches.open(name);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - cap)).map((key) => cache.delete(key)));
};

const keep = async (name, cap, request, response) => {
  const cache = await caches.open(name);
  await cache.put(request, response);
  await trim(name, cap);
};

// A photo variant missing from the caches: any other width of the same photo
// (names are <content key>-<width>.<ext>) is better than a broken image offline.
const otherWidth = async (url) => {
  const match = /^(.*\/img\/[0-9a-f]+-)\d+\.(\w+)$/.exec(url.href);
  if (!match) return undefined;
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const key of await cache.keys()) {
      if (key.url.startsWith(match[1]) && key.url.endsWith(`.${match[2]}`)) return cache.match(key);
    }
  }
  return undefined;
};

// A kept page's text, changed on the way out (the kept copy stays as it was).
const edited = (text, from, to) =>
  new Response(text.replace(from, to), {headers: {'Content-Type': 'text/html; charset=utf-8'}});

// The offline page answers for any address: its relative links must resolve from its own.
const withBase = async (response, base) => edited(await response.text(), '<head>', `<head><base href="${base}">`);

// The fresh copy goes into "pages" and over the copy of any saved district that has one.
const refresh = async (request, response) => {
  for (const name of (await caches.keys()).filter((n) => n.startsWith('saved-'))) {
    const cache = await caches.open(name);
    for (const key of await cache.keys(request, {ignoreSearch: true})) await cache.put(key, response.clone());
  }
  await keep('pages', PAGE_CAP, request, response);
};

// The network's answer, handed to `store` as well when it is a good one from this site.
const fetchInto = (store, event, options) => fetch(event.request, options).then((response) => {
  if (response.ok && response.type === 'basic') event.waitUntil(store(event.request, response.clone()));
  return response;
});
const fetchAndKeep = (event) => fetchInto(refresh, event);
const fetchAsset = (event) => fetchInto((request, response) => keep('assets', ASSET_CAP, request, response), event);

const offlinePage = async (request) => {
  const url = new URL(request.url);
  const offline = await caches.match(offlineUrl(url));
  return offline ? withBase(offline, offlineUrl(url)) : Response.error();
};

// A saved copy shown instead of the network's: its note saying when it was built is shown.
const savedCopy = (text) => edited(text, 'data-ocop-saved hidden', 'data-ocop-saved');

const orOfflinePage = (fresh, request) => fresh.catch(() => offlinePage(request));

const page = async (event) => {
  const cached = await caches.match(event.request, {ignoreSearch: true});
  const fresh = fetchAndKeep(event);
  if (!cached) return orOfflinePage(fresh, event.request);
  event.waitUntil(fresh.catch(() => undefined));
  return cached;
};

// Trace pages shown from a saved copy while the network was slow: address -> what the fresh copy
// was, once kept ('new', 'same' as the saved one, or 'failed'). And the addresses whose new fresh
// copy is kept for a page that asked for it: their next visit (that page reloading) is answered
// from "pages" at once.
const coming = new Map();
const kept = new Set();
const address = (url) => url.split(/[?#]/)[0];

const tracePage = async (event) => {
  const request = event.request;
  if (kept.delete(address(request.url))) {
    const fresh = await caches.match(request, {ignoreSearch: true});
    if (fresh) return fresh;
  }
  let keeping;
  const fresh = fetchInto((...args) => (keeping = refresh(...args)), event, {cache: 'no-cache'});
  event.waitUntil(fresh.catch(() => undefined));
  const late = new Promise((resolve) => { setTimeout(resolve, FRESH_WAIT, 'late'); });
  const first = await Promise.race([fresh.catch(() => 'failed'), late]);
  if (first instanceof Response) return first;
  const cached = await caches.match(request, {ignoreSearch: true});
  if (!cached) return orOfflinePage(fresh, request);
  const saved = await cached.text();
  coming.set(address(request.url), fresh.then(async (response) => {
    await keeping;
    if (!response.ok) return 'failed';
    return (await response.text()) === saved ? 'same' : 'new';
  }).catch(() => 'failed'));
  return savedCopy(saved);
};

// A saved copy asks to be told when its fresh copy has come (js/fresh-copy.js).
self.addEventListener('message', (event) => {
  const page = event.data && event.data.freshCopyOf;
  const fresh = coming.get(page);
  if (!fresh) return;
  coming.delete(page);
  event.waitUntil(fresh.then((found) => {
    if (found === 'failed') return;
    if (found === 'new') kept.add(page);
    event.source.postMessage({freshCopyOf: page, changed: found === 'new'});
  }));
});

const asset = async (event) => (await caches.match(event.request)) || fetchAsset(event)
  .catch(async () => (await otherWidth(new URL(event.request.url))) || Response.error());

const fresh = (event) => fetchAsset(event)
  .catch(async () => (await caches.match(event.request)) || Response.error());

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(root)) return;
  if (request.url.slice(root.length).startsWith('office/') || self.ocopKiosk.handles(request)) return;
  if (request.mode === 'navigate') event.respondWith(isTracePage(new URL(request.url)) ? tracePage(event) : page(event));
  else event.respondWith(/\/filters\.json$/.test(new URL(request.url).pathname) ? fresh(event) : asset(event));
});
