// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // "Top picks for you": order tagged content by the drivers the visitor ticks.
  // The choice lives in the page only: nothing is stored or sent.
  document.querySelectorAll("[data-top-picks]").forEach(function (form) {
    var list = form.parentElement.querySelector("[data-picks]");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    function reorder() {
      var chosen = Array.prototype.map.call(form.querySelectorAll("input:checked"), function (i) { return i.value; });
      var scored = items.map(function (item, index) {
        var tags = (item.getAttribute("data-drivers") || "").split(" ");
        var score = chosen.filter(function (d) { return tags.indexOf(d) !== -1; }).length;
        return { item: item, score: score, index: index };
      });
      scored.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
      scored.forEach(function (entry) { list.appendChild(entry.item); });
    }
    form.addEventListener("change", reorder);
  });
})();
