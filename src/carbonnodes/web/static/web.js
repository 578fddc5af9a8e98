// carbonnodes web view: clicking (or pressing Enter on) a node marker of the chart opens
// that node's explanations. Bundled with the package; no other script runs.
(function () {
  "use strict";
  var box = document.querySelector("figure.chart-box[data-node-url]");
  if (!box) { return; }
  function open(marker) {
    var anchor = marker.getAttribute("data-node") || "";
    var number = anchor.slice(anchor.lastIndexOf("-") + 1);
    if (/^[0-9]+$/.test(number)) {
      window.location.href = box.getAttribute("data-node-url") + number + "#node";
    }
  }
  box.querySelectorAll(".node-marker").forEach(function (marker) {
    marker.addEventListener("click", function () { open(marker); });
    marker.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(marker); }
    });
  });
}());
