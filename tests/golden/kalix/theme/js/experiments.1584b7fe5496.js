// Experiments and usability sessions on the static site. Progressive enhancement only.
//
// Before a visitor agrees to take part, nothing is stored on the device and nothing is sent:
// the variant the head script picked is shown for this page view only. After "yes", the
// variant is kept (localStorage) with a random id drawn for this one experiment, and the
// exposure and the goal are sent with navigator.sendBeacon. "No" is remembered, and only that.
// A usability session's link (#nb-session=...) stands for the prompt, because the participant
// agreed in person: it records the pages, searches and clicks of that browser tab only.
// A preview link (#nb-preview=b) shows a variant and sends nothing.
(function () {
  "use strict";

  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-events");
  var site = script && script.getAttribute("data-site");
  if (!endpoint || !site || !window.JSON || !window.Blob) return;
  var DAY = 86400000;
  var hash = location.hash;

  function read(store, key) {
    try { return JSON.parse(window[store].getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(store, key, value) {
    try { window[store].setItem(key, typeof value === "string" ? value : JSON.stringify(value)); } catch (e) {}
  }
  function consent() {
    try { return localStorage.getItem("nb-consent"); } catch (e) { return null; }
  }
  function randomId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  if (/nb-preview=/.test(hash)) return; // an editor's preview: show, never count

  var session = read("sessionStorage", "nb-session");
  var link = /nb-session=([\w-]+)\.(\d*)\.([a-f]?)/i.exec(hash);  // a variant typed as "B" is b
  if (link) {
    session = { t: link[1], x: link[2] ? +link[2] : null, v: (link[3] || "").toLowerCase() };
    write("sessionStorage", "nb-session", session);
    history.replaceState(null, "", location.pathname + location.search);
  }

  var shown = document.documentElement.getAttribute("data-ab");
  var config = document.querySelector("[data-ab-experiment]");
  var experiment = config ? JSON.parse(config.textContent) : null;
  var path = location.pathname;
  var queue = [];

  function send(events) {
    var batch = { site: site, events: events };
    if (session) batch.session = session.t;
    var body = new Blob([JSON.stringify(batch)], { type: "text/plain" });
    if (!(navigator.sendBeacon && navigator.sendBeacon(endpoint, body)) && window.fetch) {
      fetch(endpoint, { method: "POST", body: body, keepalive: true, mode: "no-cors" });
    }
  }
  // Events of one moment go in one beacon; a click may leave the page, so it is sent at once.
  function later(event) {
    queue.push(event);
    if (queue.length === 1) setTimeout(flush, 0);
  }
  function flush() {
    if (queue.length) send(queue.splice(0));
  }
  // A timer does not run once the page is left; the beacon still goes out from pagehide.
  window.addEventListener("pagehide", flush);

  // The experiments this device takes part in, as {id: {v: variant, id: visitor, g: goal, e: expiry}}.
  function assignments() {
    var all = read("localStorage", "nb-ab") || {}, now = Date.now(), live = {};
    for (var id in all) if (all[id] && all[id].e > now) live[id] = all[id];
    return live;
  }

  function goalEvents(kind, name) {
    var events = [];
    if (session) {
      if (session.x && matches(session.g, kind, name)) {
        events.push({ type: "goal", experiment: session.x, variant: session.v || "a", goal: label(kind, name), page: path });
      }
      return events;
    }
    if (consent() !== "yes") return events;
    var mine = assignments();
    for (var id in mine) {
      if (matches(mine[id].g, kind, name)) {
        events.push({ type: "goal", experiment: +id, variant: mine[id].v, visitor: mine[id].id, goal: label(kind, name), page: path });
      }
    }
    return events;
  }
  function label(kind, name) {
    return kind === "cta" ? "cta:" + name : kind;
  }
  function matches(goal, kind, name) {
    if (!goal || goal.kind !== kind) return false;
    if (kind === "cta") return goal.name === name;
    if (kind === "page") return (goal.paths || []).indexOf(name) !== -1;
    return true;
  }
  var counted = {}; // one goal per experiment and page view is enough: visitors are counted once
  function reached(kind, name) {
    goalEvents(kind, name).forEach(function (event) {
      if (counted[event.experiment]) return;
      counted[event.experiment] = true;
      later(event);
    });
  }

  // A page view: the exposure of this page's experiment, and a page goal.
  function takePart() {
    if (!experiment || !shown) return;
    var mine = read("localStorage", "nb-ab") || {};
    var own = mine[experiment.id];
    if (!own || own.e <= Date.now()) {
      own = mine[experiment.id] = { v: shown, id: randomId(), g: experiment.goal, e: Date.now() + 90 * DAY };
      write("localStorage", "nb-ab", mine);
    }
    later({ type: "exposure", experiment: experiment.id, variant: own.v, visitor: own.id, page: path });
  }

  if (session) {
    later({ type: "page", page: path, detail: document.title.slice(0, 200) });
    if (experiment && session.x === experiment.id) {
      session.g = experiment.goal; // the goal may be reached on another page of the site
      write("sessionStorage", "nb-session", session);
      later({ type: "exposure", experiment: experiment.id, variant: session.v || "a", page: path });
    }
  } else if (consent() === "yes") {
    takePart();
  } else if (consent() !== "no" && experiment) {
    var prompt = document.querySelector("[data-ab-consent]");
    if (prompt) {
      showPrompt(prompt);
      prompt.querySelector("[data-ab-accept]").addEventListener("click", function () {
        write("localStorage", "nb-consent", "yes");
        hidePrompt(prompt);
        takePart();
        flush(); // the visitor may leave at once: the exposure must not wait for a timer
        showWithdraw();
      });
      prompt.querySelector("[data-ab-refuse]").addEventListener("click", function () {
        write("localStorage", "nb-consent", "no");
        hidePrompt(prompt);
      });
    }
  }
  reached("page", path);

  // The prompt sits at the bottom of the screen, so it must never hide what has the keyboard's focus
  // (WCAG 2.2, 2.4.11): the page keeps room below its end and scrolls a focused element above the
  // prompt. Escape puts the prompt away without an answer: nothing is stored or sent, this page view
  // keeps its fresh variant, and the next page with an experiment asks again.
  function promptTop(prompt) {
    return prompt.hidden ? Infinity : prompt.getBoundingClientRect().top;
  }
  function makeRoom(prompt) {
    var height = prompt.hidden ? 0 : prompt.offsetHeight;
    document.documentElement.style.scrollPaddingBottom = height ? height + 8 + "px" : "";
    document.body.style.paddingBottom = height ? height + "px" : "";
  }
  function uncover(prompt, element) {
    if (!element || prompt.contains(element) || !element.getBoundingClientRect) return;
    var below = element.getBoundingClientRect().bottom - promptTop(prompt);
    if (below > 0) window.scrollBy(0, below + 8);
  }
  function showPrompt(prompt) {
    prompt.hidden = false;
    makeRoom(prompt);
    function onFocus(event) { uncover(prompt, event.target); }
    function onKey(event) {
      if (event.key === "Escape" && !prompt.hidden) hidePrompt(prompt);
    }
    function onResize() { makeRoom(prompt); uncover(prompt, document.activeElement); }
    document.addEventListener("focusin", onFocus);
    document.addEventListener("keydown", onKey);
    window.addEventListener("resize", onResize);
    prompt.forget = function () {
      document.removeEventListener("focusin", onFocus);
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("resize", onResize);
    };
  }
  function hidePrompt(prompt) {
    var focusWasInside = prompt.contains(document.activeElement);
    prompt.hidden = true;
    makeRoom(prompt);
    if (prompt.forget) prompt.forget();
    if (focusWasInside) document.getElementById("main").focus({ preventScroll: true });  // focus must not vanish with the prompt
  }

  function showWithdraw() {
    var withdraw = document.querySelector("[data-ab-withdraw]");
    if (!withdraw || consent() !== "yes") return;
    withdraw.hidden = false;
    withdraw.querySelector("button").addEventListener("click", function () {
      try { localStorage.removeItem("nb-ab"); } catch (e) {}
      write("localStorage", "nb-consent", "no");
      withdraw.hidden = true;
    });
  }
  showWithdraw();

  // Clicks: a named call to action is a goal; in a session, every link and button is recorded.
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("a, button");
    if (!target) return;
    var name = target.getAttribute("data-goal");
    if (name) reached("cta", name);
    if (session) {
      var text = (target.textContent || target.getAttribute("aria-label") || "").replace(/\s+/g, " ").trim();
      var href = target.getAttribute("href");
      later({ type: "click", page: path, detail: (text + (href ? " → " + href : "")).slice(0, 200) });
    }
    flush();
  }, true);

  // Searches: search.js dispatches "nb:search" for every search it runs.
  function searched(query) {
    reached("search", "");
    if (session) later({ type: "search", page: path, detail: (query || "").slice(0, 200) });
  }
  // A form sent: forms.js dispatches "nb:sent" once the public service has accepted it.
  document.addEventListener("nb:sent", function (event) {
    if (event.detail && event.detail.goal === "contact") reached("contact", "");
  });
  document.addEventListener("nb:search", function (event) { searched(event.detail && event.detail.query); });
})();
