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

  // Housing: filter the listed homes on the device as the visitor changes the form.
  document.querySelectorAll("[data-housing-filter]").forEach(function (form) {
    var results = document.querySelector("[data-results]");
    var count = document.querySelector("[data-count]");
    if (!results || !count) return;
    var template = count.textContent;
    function apply(event) {
      if (event) event.preventDefault();
      var tenure = form.tenure.value, rooms = parseInt(form.rooms.value || "0", 10);
      var maxRent = parseInt(form.max_rent.value || "0", 10);
      var shown = 0;
      Array.prototype.forEach.call(results.children, function (card) {
        var rent = parseInt(card.getAttribute("data-rent") || "0", 10);
        var ok = (!tenure || card.getAttribute("data-tenure") === tenure) &&
          (!rooms || parseInt(card.getAttribute("data-rooms"), 10) >= rooms) &&
          (!maxRent || (rent && rent <= maxRent));
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = template.replace(/\d+/, String(shown));
    }
    form.addEventListener("submit", apply);
    form.addEventListener("change", apply);
  });
})();
