// A t/ page in the language the visitor chose before, or an offer of the
// language their phone asks for. #ocop-language says which language this page
// is in and whether to offer another; the language links carry their own
// wording (data-ocop-offer-text, data-ocop-variants for zh-Hant and the like).
(function () {
  var key = "ocop-lang";
  var page = JSON.parse(document.getElementById("ocop-language").textContent);
  var here = page.here, have = {}, chosen = null, want = null;
  try { chosen = localStorage.getItem(key); } catch (e) { /* storage off: nothing remembered */ }
  function remember(language) {
    try { localStorage.setItem(key, language); } catch (e) { /* storage off */ }
  }
  document.querySelectorAll("[data-ocop-lang]").forEach(function (link) {
    have[link.dataset.ocopLang] = link;
    link.addEventListener("click", function () { remember(link.dataset.ocopLang); });
  });
  if (!page.offer) return;
  if (chosen) {
    if (chosen !== here && have[chosen]) location.replace(have[chosen].href);
    return;
  }
  var text = null, tag = null;
  (navigator.languages || [navigator.language || ""]).some(function (asked) {
    var full = (asked || "").toLowerCase(), base = full.split("-")[0];
    if (base === here) return true;
    if (!have[base]) return false;
    want = base;
    tag = have[base].getAttribute("lang");
    text = have[base].dataset.ocopOfferText;
    var variants = JSON.parse(have[base].dataset.ocopVariants || "{}");
    Object.keys(variants).some(function (variant) {
      var name = variant.toLowerCase();
      if (full === name || full.indexOf(name + "-") === 0) {
        text = variants[variant];
        tag = variant;
        return true;
      }
      return false;
    });
    return true;
  });
  if (!want) return;
  var offer = document.createElement("p"), link = have[want].cloneNode(true);
  offer.className = "t-offer";
  offer.setAttribute("lang", tag);
  offer.setAttribute("data-ocop-offer", want);
  link.textContent = "\u2192 " + text;
  link.removeAttribute("data-ocop-lang");
  link.addEventListener("click", function () { remember(want); });
  offer.appendChild(link);
  document.querySelector(".t-main").prepend(offer);
})();
