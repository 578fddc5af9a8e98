// Click, Enter or hover on a node marker shows that node's explanation card in the panel.
(function () {
  function show(marker) {
    var section = marker.closest("section.sector");
    var card = document.getElementById(marker.getAttribute("data-node"));
    if (!section || !card) { return; }
    var panel = section.querySelector(".panel");
    panel.innerHTML = card.innerHTML;
    panel.classList.add("filled");
    panel.setAttribute("data-node", card.id);
    panel.scrollTop = 0;
    section.querySelectorAll(".node-marker.active, .node-card.active").forEach(function (el) {
      el.classList.remove("active");
    });
    marker.classList.add("active");
    card.classList.add("active");
  }
  // Each chart opens with its first node shown, so no panel starts empty.
  document.querySelectorAll("section.sector").forEach(function (section) {
    var first = section.querySelector(".node-marker");
    if (first) { show(first); }
  });
  document.querySelectorAll(".node-marker").forEach(function (marker) {
    marker.addEventListener("click", function () { show(marker); });
    marker.addEventListener("mouseenter", function () { show(marker); });
    marker.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(marker); }
    });
  });
})();
