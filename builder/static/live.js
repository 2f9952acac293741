// ocop serve: reload when a rebuild finishes; show a bad edit's problems over the last good page.
window.ocopPreview = true;  // the site's pages then start no service worker
(() => {
  if (navigator.serviceWorker) {  // the preview always shows the latest edit: no offline copies
    navigator.serviceWorker.getRegistrations().then((all) => Promise.all(all.map((r) => r.unregister())))
      .then((removed) => { if (removed.length && navigator.serviceWorker.controller) location.reload(); });
  }
  const overlay = (problems) => {
    let box = document.getElementById('ocop-problems');
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement('div');
      box.id = 'ocop-problems';
      box.setAttribute('role', 'alertdialog');
      box.setAttribute('aria-label', 'Build problems');
      box.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);' +
        'color:#fff;font:15px/1.5 monospace;padding:1.5em';
      document.body.append(box);
    }
    const title = document.createElement('h2');
    title.textContent = `The last edit has ${problems.length} problem(s); this is the last good build.`;
    title.style.cssText = 'color:#ffb4a9;font:bold 18px sans-serif;margin:0 0 1em';
    const list = document.createElement('pre');
    list.textContent = problems.join('\n');
    list.style.whiteSpace = 'pre-wrap';
    box.replaceChildren(title, list);
  };
  let version = Number(document.currentScript.dataset.version);  // the build this page came from
  let asked = false;  // the first question is answered at once, with the problems to show
  const poll = () => fetch(`/__ocop/state?since=${asked ? version : -1}`, {cache: 'no-store'})
    .then((r) => r.json())
    .then((state) => {
      const changed = state.version !== version;
      version = state.version;
      asked = true;
      if (changed && !state.problems.length) { location.reload(); return; }
      overlay(state.problems);
      poll();
    })
    .catch(() => setTimeout(poll, 1000));
  poll();
})();
