// A GS1 Digital Link page: sends the visitor on to the link of the type asked for
// (?linkType=gs1:recallStatus, ...; the default link otherwise), in the first of
// the browser's languages the page offers. The links come from the page
// (#gs1-links: link type -> [[language, address], ...]), made by builder/files/gs1.py.
(function () {
  var links = JSON.parse(document.getElementById("gs1-links").textContent);
  var asked = (new URLSearchParams(location.search).get("linkType") || "gs1:defaultLink")
    .replace("https://gs1.org/voc/", "gs1:");
  var choices = links[asked] || links["gs1:defaultLink"];
  var wanted = (navigator.languages || [navigator.language || ""]).map(function (language) {
    return (language || "").slice(0, 2).toLowerCase();
  });
  var pick = choices[0];
  wanted.some(function (language) {
    var hit = choices.filter(function (choice) { return choice[0] === language; })[0];
    if (hit) pick = hit;
    return Boolean(hit);
  });
  location.replace(pick[1]);
})();
