// Offline: the kiosk's own cache, served by sw-kiosk.js. The page fills a
// cache named kiosk-<version> from the build's offline list (builder/kiosk/page.py),
// the pages last, and deletes the old one once the new one is complete.
import {$, attract, body, root} from './page.js';
import {ui} from './words.js';

// reloadWhenIdle: a newer build is complete offline; the idle reset shows it (idle.js)
export const offline = {percent: null, unavailable: false, reloadWhenIdle: false};

export const showOffline = () => {
  const box = $('[data-k-offline]');
  if (offline.unavailable) box.textContent = ui('kiosk.offline_unavailable');
  else if (offline.percent !== null) box.textContent = ui('kiosk.offline', {n: offline.percent});
  box.dataset.percent = offline.percent === null ? '' : String(offline.percent);
};
const progress = (done, total) => {
  offline.percent = total ? Math.floor((done * 100) / total) : 0;
  showOffline();
};

const pageUrl = new URL(location.pathname, location.href).href;  // this page, without its parameters
const siteRoot = new URL(root, location.href).href;
const versionIn = (html) => ((html.match(/data-version="([0-9a-f]+)"/) || [])[1]);
const offlineIn = (html) => ((html.match(/data-offline="([^"]+)"/) || [])[1]);

const latestBuild = async () => {
  // What the server has now: this page's own version, or a newer build's.
  try {
    const response = await fetch(pageUrl, {cache: 'reload'});
    const html = response.ok ? await response.text() : '';
    if (versionIn(html) && offlineIn(html)) return {version: versionIn(html), offline: offlineIn(html)};
  } catch (error) { /* offline: keep what this page is */ }
  return {version: body.dataset.version, offline: body.dataset.offline};
};

let filling = null;
export const fillOffline = () => {
  if (!filling) filling = fill().catch(() => null).finally(() => { filling = null; });
  return filling;
};

const fill = async () => {
  const build = await latestBuild();
  const name = `kiosk-${build.version}`;
  const cache = await caches.open(name);
  const have = new Set((await cache.keys()).map((request) => request.url));
  let wanted;
  try {  // the list of what to keep, kept too: an offline reload finds it complete
    const listed = await fetch(siteRoot + build.offline);
    if (!listed.ok) throw new Error(`${listed.status} ${listed.url}`);
    if (!have.has(listed.url)) await cache.put(siteRoot + build.offline, listed.clone());
    wanted = (await listed.json()).map((path) => siteRoot + path);
  } catch (error) {
    if (offline.percent === null) progress(0, 1);
    return;
  }
  const pages = wanted.filter((url) => /kiosk\/$/.test(url));
  const rest = wanted.filter((url) => !/kiosk\/$/.test(url) && !have.has(url));
  let done = wanted.length - rest.length - pages.filter((url) => !have.has(url)).length;
  progress(done, wanted.length);
  const put = async (url, check) => {
    const response = await fetch(url, check ? {cache: 'reload'} : {});
    if (!response.ok) throw new Error(`${response.status} ${url}`);
    if (check) {
      const html = await response.clone().text();
      if (versionIn(html) !== build.version) throw new Error('the site changed while the kiosk was saving it');
    }
    await cache.put(url, response);
    done += 1;
    progress(done, wanted.length);
  };
  const queue = rest.slice();
  const worker = async () => { while (queue.length) await put(queue.shift(), false); };
  await Promise.all([worker(), worker(), worker(), worker()]);
  for (const url of pages) {  // last: a cache holding a page holds everything the page needs
    if (!have.has(url)) await put(url, true);
  }
  const others = (await caches.keys()).filter((key) => key.startsWith('kiosk-') && key !== name);
  await Promise.all(others.map((key) => caches.delete(key)));
  progress(wanted.length, wanted.length);
  if (build.version !== body.dataset.version) {  // a newer build, now complete offline: show it when nobody is looking
    offline.reloadWhenIdle = true;
    if (!attract.hidden) location.reload();
  }
};

export const goOffline = () => {
  if (window.ocopPreview) return;  // ocop serve's live preview: always the latest edit, no offline copy
  if (!('serviceWorker' in navigator) || !window.caches || !window.isSecureContext) {
    offline.unavailable = true;
    showOffline();
    return;
  }
  navigator.serviceWorker.register(body.dataset.sw).catch(() => null);
  fillOffline();
};
