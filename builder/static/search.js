// The home page's search box. Pagefind's UI (about 120 KB of script and style) is
// fetched on the box's first use, not with every view of the home page; until then the
// box is a plain input, and what was typed into it is handed over to Pagefind's.
// The page gives the addresses and words (#ocop-search-options, made by files/search.py).
(() => {
  const box = document.getElementById('ocop-search');
  const starter = box && box.querySelector('.ocop-search__start');
  const settings = document.getElementById('ocop-search-options');
  if (!starter || !settings) return;
  const options = JSON.parse(settings.textContent);
  const path = (link) => new URL(link, document.baseURI).pathname;

  const attach = (tag, attributes) => new Promise((resolve, reject) => {
    const node = Object.assign(document.createElement(tag), attributes);
    node.addEventListener('load', resolve);
    node.addEventListener('error', () => { node.remove(); reject(new Error(`${tag} failed to load`)); });
    document.head.append(node);
  });

  const showPagefind = () => {
    const focused = document.activeElement === starter;
    const term = starter.value;
    starter.remove();
    const ui = new window.PagefindUI({
      element: box,
      bundlePath: path(options.bundles[0]),
      mergeIndex: options.bundles.slice(1).map((bundle) => ({bundlePath: path(bundle)})),
      baseUrl: path(options.base),
      showImages: false,
      resetStyles: false,
      translations: {placeholder: options.placeholder},
      processResult: (result) => {
        result.meta = {title: result.meta.title, [options.location]: result.meta.district};
        return result;
      },
    });
    const input = box.querySelector('input');
    input.setAttribute('aria-labelledby', starter.getAttribute('aria-labelledby'));
    input.setAttribute('aria-describedby', starter.getAttribute('aria-describedby'));
    if (focused) input.focus();
    if (term) ui.triggerSearch(term);
  };

  let loading = null;
  const load = () => {
    if (loading) return;
    loading = Promise.all([attach('link', {rel: 'stylesheet', href: options.style}),
      attach('script', {src: options.script})])
      .then(showPagefind, () => { loading = null; });  // offline, say: the next use tries again
  };
  for (const type of ['focus', 'pointerdown', 'keydown', 'input']) starter.addEventListener(type, load);
})();
