// Checks each certificate's status again on the day the page is read (CONTRACT §6):
// a page built today says "expired" in 2028 without a rebuild.
// The rule is not written here: the page carries it as data (#ocop-status-rules),
// made from STATUS_RULES in builder/status.py, the rule the build itself applies.
(function () {
  var rules = JSON.parse(document.getElementById("ocop-status-rules").textContent);
  var holds = {"on or after": function (a, b) { return a >= b; },
               "before": function (a, b) { return a < b; },
               "after": function (a, b) { return a > b; }};
  var now = new Date();
  var two = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());

  function statusOn(day, dates) {  // the first rule that holds; valid when none does
    for (var i = 0; i < rules.rules.length; i++) {
      var rule = rules.rules[i], when = dates[rule.date];
      if (when && holds[rule.holds](day, when)) return rule.status;
    }
    return rules.otherwise;
  }

  function camel(status) {  // "not-yet" -> "NotYet", as dataset names the data-t-not-yet attribute
    return status.replace(/(^|-)([a-z])/g, function (m, dash, letter) { return letter.toUpperCase(); });
  }

  document.querySelectorAll("[data-ocop-status]").forEach(function (box) {
    var data = box.dataset;
    var status = statusOn(today, {issued: data.issued, expires: data.expires, revoked: data.revoked});
    box.className = box.className.replace(/ocop-status--[a-z-]+/, "ocop-status--" + status);
    box.setAttribute("data-status", status);
    var text = box.querySelector("[data-ocop-status-text]");
    if (text) text.textContent = data["t" + camel(status)];
    var when = box.querySelector("[data-ocop-status-when]");
    if (when && data["w" + camel(status)]) when.textContent = data["w" + camel(status)];
    var asOf = box.querySelector("[data-ocop-status-asof]");
    var written = now.toLocaleDateString(document.documentElement.lang, {year: "numeric", month: "long", day: "numeric"});
    if (asOf) asOf.textContent = data.tChecked.replace("{date}", written);  // in words: 12/7 reads two ways
  });
})();
