// A t/ page shown from the copy saved on this phone because the network was slow
// (sw.js waits FRESH_WAIT for it): when the fresh copy comes, the worker says so.
// A changed one is shown, so a lot recalled since the copy was saved shows its
// banner without a second scan; an unchanged one only drops the saved copy's note.
(function () {
  var note = document.querySelector("[data-ocop-saved]");
  var worker = navigator.serviceWorker;
  if (!note || note.hidden || !worker || !worker.controller) return;
  var address = location.href.split(/[?#]/)[0];
  worker.addEventListener("message", function (event) {
    if (!event.data || event.data.freshCopyOf !== address) return;
    if (event.data.changed) location.reload();
    else note.hidden = true;
  });
  worker.startMessages();
  worker.controller.postMessage({freshCopyOf: address});
})();
