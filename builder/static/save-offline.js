// "Save this district for offline": its product pages, traceability pages and
// small photos go into a cache the service worker never trims. The size is
// shown, and asked about, before anything is downloaded.
(() => {
  const box = document.querySelector('[data-ocop-save]');
  if (!box || !('serviceWorker' in navigator) || !('caches' in window) || window.ocopPreview) return;
  const button = box.querySelector('button');
  const status = box.querySelector('[role=status]');
  const say = (template, values) => {
    status.textContent = template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? '');
  };
  const lang = document.documentElement.lang || undefined;
  const megabytes = (bytes) => new Intl.NumberFormat(lang, {style: 'unit', unit: 'megabyte',
    maximumFractionDigits: 1}).format(Math.max(bytes, 1e5) / 1e6);
  const listUrl = new URL(box.dataset.ocopSave, location.href);
  const cacheName = `saved-${listUrl.pathname}`;
  let plan = null;

  const sizeOf = async (url) => {
    try {
      const response = await fetch(url, {method: 'HEAD'});
      return Number(response.headers.get('Content-Length')) || 0;
    } catch (error) {
      return 0;
    }
  };

  const measure = async () => {
    const list = await (await fetch(listUrl)).json();
    const urls = [...list.pages, ...list.files, ...list.photos].map((path) => new URL(path, listUrl).href);
    const measured = [...list.pages, ...list.files].map((path) => sizeOf(new URL(path, listUrl)));
    const pageBytes = (await Promise.all(measured)).reduce((a, b) => a + b, 0);
    return {urls, pages: list.pages.length, photos: list.photos.length, bytes: pageBytes + list.photo_bytes};
  };

  const save = async () => {
    const cache = await caches.open(cacheName);
    let done = 0;
    for (const url of plan.urls) {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      await cache.put(url, response);
      done += 1;
      say(box.dataset.saving, {percent: Math.round((100 * done) / plan.urls.length)});
    }
    say(box.dataset.saved, {pages: plan.pages});
    button.hidden = true;
  };

  box.hidden = false;
  caches.has(cacheName).then((saved) => { if (saved) say(box.dataset.already, {}); });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      if (!plan) {
        plan = await measure();
        say(box.dataset.size, {size: megabytes(plan.bytes), pages: plan.pages, photos: plan.photos});
        button.textContent = box.dataset.confirm;
      } else {
        await save();
      }
    } catch (error) {
      say(box.dataset.failed, {});
    } finally {
      button.disabled = false;
    }
  });
})();
