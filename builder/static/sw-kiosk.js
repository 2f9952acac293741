// The kiosk's part of the site's service worker: sw.js starts with importScripts('sw-kiosk.js').
//
// The kiosk page (builder/kiosk/, static/kiosk/*.js) fills a cache named
// kiosk-<version> with everything it shows: its pages, data, script, style,
// photos at screen size and QR codes, the pages last. This listener answers
// the kiosk's requests from the newest kiosk-* cache that holds them (so a
// cache still being filled never serves a page whose files it lacks), and
// from the network otherwise. The kiosk's caches are never trimmed: the page
// deletes the old one only once a new one is complete.
//
// What it answers: the kiosk's pages (<L>kiosk/, whatever their query
// string) and files (<L>kiosk/*), and what a kiosk page asks for (photos,
// QR codes: their referrer is a kiosk page). self.ocopKiosk.handles(request)
// tells sw.js's own fetch listener to leave those alone.
(() => {
  'use strict';
  const PREFIX = 'kiosk-';
  const scope = () => new URL(self.registration ? self.registration.scope : './', self.location.href).href;
  const kioskPath = /^(?:[a-z]{2,3}\/)?kiosk\//;

  const inScope = (url) => {
    const base = scope();
    return url.startsWith(base) ? url.slice(base.length).split(/[?#]/)[0] : null;
  };
  const isKiosk = (url) => {
    const path = url && inScope(url);
    return path !== null && path !== undefined && kioskPath.test(path);
  };
  const isPage = (url) => /^(?:[a-z]{2,3}\/)?kiosk\/$/.test(inScope(url) || '');

  const handles = (request) => request.method === 'GET' && (isKiosk(request.url) || isKiosk(request.referrer));

  const fromCaches = async (request) => {
    const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX)).reverse();  // newest first
    for (const name of names) {
      const cache = await caches.open(name);
      const hit = await cache.match(request, {ignoreSearch: isPage(request.url)});
      if (hit) return hit;
    }
    return undefined;
  };

  const answer = async (request) => {
    // The page asks for the network itself when it checks for a newer build or fills a cache.
    const fresh = request.cache === 'reload' || request.cache === 'no-store' || request.cache === 'no-cache';
    if (!fresh) {
      const hit = await fromCaches(request);
      if (hit) return hit;
    }
    try {
      return await fetch(request);
    } catch (error) {
      const hit = fresh ? await fromCaches(request) : undefined;
      if (hit) return hit;
      throw error;
    }
  };

  self.ocopKiosk = {handles, cachePrefix: PREFIX};
  self.addEventListener('fetch', (event) => {
    if (handles(event.request)) event.respondWith(answer(event.request));
  });
})();
