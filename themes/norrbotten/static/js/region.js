/* "Which kommun fits me": orders the comparison by the drivers the visitor picks, on this device only.
   Nothing is stored or sent. Each picked driver scores the kommuner from best (1) down by its figure
   (a kommun without the figure scores 0); the sum orders the rows, ties in the page's own order (by name). */
(function () {
  "use strict";
  var form = document.getElementById("fit");
  var body = document.querySelector("#compare tbody");
  var status = document.getElementById("fit-status");
  if (!form || !body || !status) return;
  var rows = Array.prototype.slice.call(body.rows);

  function value(row, column) {
    var text = row.getAttribute("data-" + column.replace(/_/g, "-"));
    return text === "" || text === null ? null : Number(text);
  }

  function score(picked) {
    var scores = new Map(rows.map(function (row) { return [row, 0]; }));
    picked.forEach(function (box) {
      var column = box.getAttribute("data-column"), more = box.getAttribute("data-more") === "1";
      var known = rows.filter(function (row) { return value(row, column) !== null; });
      known.sort(function (a, b) { return more ? value(b, column) - value(a, column) : value(a, column) - value(b, column); });
      known.forEach(function (row) {
        // Equal figures share the better place, so two kommuner with the same value are not told apart;
        // the last known one still scores above a kommun without the figure (0).
        var first = known.findIndex(function (other) { return value(other, column) === value(row, column); });
        scores.set(row, scores.get(row) + (known.length - first) / known.length);
      });
    });
    return scores;
  }

  function reorder() {
    var picked = Array.prototype.slice.call(form.querySelectorAll("input[name=driver]:checked"));
    var scores = score(picked);
    var ordered = rows.slice().sort(function (a, b) {
      return scores.get(b) - scores.get(a) || rows.indexOf(a) - rows.indexOf(b);
    });
    ordered.forEach(function (row) { body.appendChild(row); });
    status.textContent = picked.length
      ? status.getAttribute("data-ordered").replace("{name}", ordered[0].getAttribute("data-name"))
      : status.getAttribute("data-alphabetical");
  }

  form.addEventListener("change", reorder);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
