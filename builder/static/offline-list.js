// The offline page: what this device has saved, so a visitor without a network
// knows what they can still open.
(() => {
  const list = document.getElementById('ocop-saved');
  if (!list || !('caches' in window)) return;
  const root = new URL(list.dataset.root, document.baseURI).href;
  const titleOf = (html) => {
    const found = /<title>([^<]*)<\/title>/i.exec(html);
    const box = document.createElement('textarea');
    box.innerHTML = found ? found[1] : '';
    return box.value;
  };
  (async () => {
    const seen = new Map();
    for (const name of await caches.keys()) {
      if (!name.startsWith('pages') && !name.startsWith('saved-')) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const url = request.url;
        if (!url.startsWith(root) || !url.endsWith('/') || url.includes('/offline/') || seen.has(url)) continue;
        const response = await cache.match(request);
        seen.set(url, titleOf(await response.text()) || url.slice(root.length));
      }
    }
    const items = [...seen.entries()].sort((a, b) => a[1].localeCompare(b[1]));
    list.replaceChildren(...items.map(([url, title]) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = url;
      link.textContent = title;
      item.append(link);
      return item;
    }));
    document.getElementById('ocop-saved-none').hidden = items.length > 0;
  })();
})();
