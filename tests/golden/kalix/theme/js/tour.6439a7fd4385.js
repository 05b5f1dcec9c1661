// A virtual tour, one place at a time. The page lists every place's still picture, caption and position (all a
// visitor without JavaScript needs); this shows one of them with previous and next buttons (the arrow keys too)
// and, for a 360° panorama, a button that loads the self-hosted viewer (Pannellum, from npm) on first use.
(function () {
  "use strict";
  var script = document.currentScript;
  var viewer = null;  // a promise of window.pannellum, made at the first "Look around"

  function loadViewer() {
    if (viewer) return viewer;
    viewer = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = script.getAttribute("data-viewer-css");
      document.head.appendChild(css);
      var js = document.createElement("script");
      js.src = script.getAttribute("data-viewer");
      js.onload = function () { resolve(window.pannellum); };
      js.onerror = reject;
      document.head.appendChild(js);
    });
    return viewer;
  }

  function lookAround(button) {
    var figure = button.parentNode.querySelector("figure");
    var stage = document.createElement("div");
    stage.className = "tour-panorama";
    stage.tabIndex = 0;
    stage.setAttribute("role", "application");
    stage.setAttribute("aria-label", button.textContent + ": " + figure.querySelector("figcaption").textContent);
    button.disabled = true;
    loadViewer().then(function (pannellum) {
      figure.insertBefore(stage, figure.firstChild);
      figure.classList.add("tour-looking");
      pannellum.viewer(stage, {
        type: "equirectangular", panorama: button.getAttribute("data-panorama"), autoLoad: true,
        showControls: true, keyboardZoom: true, compass: false
      });
      button.hidden = true;
      stage.focus();
    }, function () { button.disabled = false; });
  }

  function setUp(tour) {
    var places = Array.prototype.slice.call(tour.querySelectorAll(".tour-place"));
    var nav = tour.querySelector(".tour-nav");
    var status = nav.querySelector(".tour-status");
    var previous = nav.querySelector("[data-step='-1']");
    var next = nav.querySelector("[data-step='1']");
    var current = 0;

    function show(index, announce) {
      current = Math.max(0, Math.min(places.length - 1, index));
      places.forEach(function (place, i) { place.hidden = i !== current; });
      var had = document.activeElement;
      previous.disabled = current === 0;
      next.disabled = current === places.length - 1;
      if (had && had.disabled) (had === next ? previous : next).focus();  // a disabled button drops the focus
      var caption = places[current].querySelector("figcaption");
      if (announce) status.textContent = caption ? caption.textContent : "";
    }

    tour.classList.add("tour-js");
    nav.hidden = false;
    tour.querySelectorAll(".tour-look").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { lookAround(button); });
    });
    nav.addEventListener("click", function (event) {
      var button = event.target.closest("[data-step]");
      if (button && !button.disabled) show(current + Number(button.getAttribute("data-step")), true);
    });
    tour.addEventListener("keydown", function (event) {
      // the arrow keys turn a panorama while it has the focus; elsewhere in the tour they change place
      if (event.target.closest(".tour-panorama") || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      event.preventDefault();
      show(current + (event.key === "ArrowRight" ? 1 : -1), true);
    });
    show(0, false);
  }

  document.querySelectorAll("[data-tour]").forEach(setUp);
})();
