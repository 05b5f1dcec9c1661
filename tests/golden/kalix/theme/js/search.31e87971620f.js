// The live search on a microsite's search pages (homes, activities, jobs). Progressive enhancement: without this
// file the form is sent to the search service, which answers with a whole page.
// With it, results follow the form as the visitor types (debounced), the address bar
// mirrors the query, and when the search service cannot be reached the page searches
// its own static index (fetched only then) on the device.
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  var config = document.querySelector("[data-search-config]");
  var results = document.querySelector("[data-results]");
  var count = document.querySelector("[data-count]");
  if (!form || !config || !results || !count || !window.fetch || !window.URLSearchParams) return;

  var kind = form.getAttribute("data-search");  // housing, activity or job
  var language = config.getAttribute("data-language");
  var plural = JSON.parse(config.getAttribute("data-plural"));
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(language) : null;
  var staticIndex = null;
  var pending = null;
  var timer = null;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "more";
  more.textContent = config.getAttribute("data-more");
  more.hidden = true;
  results.insertAdjacentElement("afterend", more);
  var page = 1;
  var notice = document.createElement("p");
  notice.className = "notice";
  notice.hidden = true;
  notice.textContent = config.getAttribute("data-error");
  count.insertAdjacentElement("beforebegin", notice);

  // The filter panel: open from the start where there is room for it, and its summary counts the filters on.
  var panel = form.querySelector("[data-filter-panel]");
  if (panel && window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) panel.open = true;
  function countFilters() {
    if (!panel) return;
    var on = 0;
    Array.prototype.forEach.call(panel.querySelectorAll("input, select"), function (field) {
      if (field.type === "hidden" || field.name === "sort") return;  // an order, not a filter
      if (field.type === "checkbox" ? field.checked : field.value !== "") on += 1;
    });
    var forms = JSON.parse(panel.getAttribute("data-plural"));
    var text = forms[rules ? rules.select(on) : (on === 1 ? "one" : "other")] || forms.other;
    panel.querySelector("[data-filter-count]").textContent = on ? " (" + text.replace("{n}", on.toLocaleString(language)) + ")" : "";
  }

  function say(total) {
    var form = plural[rules ? rules.select(total) : (total === 1 ? "one" : "other")] || plural.other;
    count.textContent = form.replace("{n}", total.toLocaleString(language));
  }

  function query() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.value === "" || field.type === "submit") return;
      if (field.type === "checkbox" && !field.checked) return;
      params.set(field.name, field.value);
    });
    if (!params.get("within_km") && params.get("sort") !== "distance") params.delete("near");
    if (params.get("sort") === "relevance") params.delete("sort");
    return params;
  }

  function fill(params) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "submit") return;
      if (field.type === "checkbox") field.checked = params.get(field.name) === field.value;
      else field.value = params.get(field.name) || (field.name === "sort" ? "relevance" : "");
    });
  }

  function showFacets(facets) {
    ({ activity: ["category", "audience"], job: ["occupation_group", "employment_type", "working_hours", "speaks"] }[kind] ||
      ["tenure"]).forEach(function (name) {
      var select = form.elements[name];
      if (!select || !facets[name]) return;
      var counts = {};
      facets[name].forEach(function (bucket) { counts[bucket.value] = bucket.count; });
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        if (!option.hasAttribute("data-label")) option.setAttribute("data-label", option.textContent.replace(/ \(\d+\)$/, ""));
        option.textContent = option.getAttribute("data-label") + " (" + (counts[option.value] || 0) + ")";
      });
    });
  }

  function show(body, append) {
    var html = body.hits.map(function (hit) { return hit.html; }).join("");
    if (append) results.insertAdjacentHTML("beforeend", html);
    else results.innerHTML = html;
    say(body.total);
    showFacets(body.facets || {});
    more.hidden = body.page >= body.pages;
    results.removeAttribute("aria-busy");
  }

  // --- the static fallback: the same filters, counted and sorted here ---------------
  function localSearch(params) {
    var url = config.getAttribute("data-index");
    if (!staticIndex) {  // fetched once, however many searches are waiting for it
      staticIndex = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + " answered " + r.status);
        return r.json();
      }).then(function (data) {
        return data.rows.map(function (row) {
          var item = {};
          data.fields.forEach(function (name, i) { item[name] = row[i]; });
          return item;
        });
      });
      staticIndex.catch(function () { staticIndex = null; });
    }
    return staticIndex.then(function (rows) { return filterRows(rows, params); });
  }

  function distanceKm(a, b, c, d) {
    var r = Math.PI / 180, h = Math.pow(Math.sin((c - a) * r / 2), 2) +
      Math.cos(a * r) * Math.cos(c * r) * Math.pow(Math.sin((d - b) * r / 2), 2);
    return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
  }

  // One test per filter group, so each facet can leave out its own.
  function tests(params) {
    var words = (params.get("q") || "").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
    var num = function (name) { return params.get(name) ? Number(params.get(name)) : null; };
    var text = function (r) {
      var haystack = " " + r.words;
      return words.every(function (w) { return haystack.indexOf(" " + w) !== -1; });
    };
    if (kind === "job") {
      var speaks = params.get("speaks");
      return {
        occupation_group: function (r) { return !params.get("occupation_group") || r.occupation_group === params.get("occupation_group"); },
        employment_type: function (r) { return !params.get("employment_type") || r.employment_type === params.get("employment_type"); },
        working_hours: function (r) { return !params.get("working_hours") || r.working_hours === params.get("working_hours"); },
        // A job the visitor can do in that language: its ad asks for no other one.
        speaks: function (r) { return !speaks || r.languages.every(function (code) { return code === speaks; }); },
        other: function (r) { return text(r) && (!params.get("remote") || r.remote); }
      };
    }
    if (kind === "activity") {
      var from = params.get("date_from"), to = params.get("date_to");
      return {
        category: function (r) { return !params.get("category") || r.category === params.get("category"); },
        audience: function (r) { return !params.get("audience") || r.audience.indexOf(params.get("audience")) !== -1; },
        other: function (r) {
          return text(r) && (!params.get("spoken") || r.spoken.indexOf(params.get("spoken")) !== -1) &&
            (!params.get("free") || !r.price) && (!from || (r.end || r.start) >= from) &&
            (!to || r.start.slice(0, 10) <= to);
        }
      };
    }
    var near = (params.get("near") || "").split(",").map(Number);
    return {
      tenure: function (r) { return !params.get("tenure") || r.tenure === params.get("tenure"); },
      rooms: function (r) { return num("rooms_min") === null || r.rooms >= num("rooms_min"); },
      other: function (r) {
        return text(r) &&
          (num("rent_max") === null || (r.rent !== null && r.rent <= num("rent_max"))) &&
          (num("price_max") === null || (r.price !== null && r.price <= num("price_max"))) &&
          (num("area_min") === null || r.area >= num("area_min")) &&
          (!params.get("available_by") || (r.available && r.available <= params.get("available_by"))) &&
          (num("school_km_max") === null || (r.school_km !== null && r.school_km <= num("school_km_max"))) &&
          (num("within_km") === null || (r.lat !== null && distanceKm(near[0], near[1], r.lat, r.lon) <= num("within_km")));
      }
    };
  }

  function filterRows(rows, params) {
    var checks = tests(params), names = Object.keys(checks);
    var passes = function (r, skip) { return names.every(function (n) { return n === skip || checks[n](r); }); };
    var hits = rows.filter(function (r) { return passes(r); });
    var facets = {};
    names.filter(function (n) { return n !== "other" && n !== "rooms"; }).forEach(function (name) {
      var counts = {};
      rows.forEach(function (r) {
        if (!passes(r, name)) return;
        if (name === "speaks") {  // each language counts the jobs that ask for no other
          Array.prototype.forEach.call(form.elements.speaks.options, function (option) {
            if (option.value && r.languages.every(function (code) { return code === option.value; })) {
              counts[option.value] = (counts[option.value] || 0) + 1;
            }
          });
          return;
        }
        [].concat(r[name]).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      facets[name] = Object.keys(counts).map(function (v) { return { value: v, count: counts[v] }; });
    });
    var sort = params.get("sort") || "relevance";
    var price = function (r) { return kind === "activity" ? (r.price || 0) : (r.rent !== null ? r.rent : r.price); };
    var key = { price: price, "-price": function (r) { return -price(r); },
      date: function (r) { return kind === "activity" ? r.start : kind === "job" ? (r.apply_by || "9999") : (r.available || "9999"); },
      newest: function (r) { return r.posted ? -Number(r.posted.replace(/-/g, "")) : Infinity; },
      "-area": function (r) { return -r.area; } }[sort];
    if (key) hits.sort(function (a, b) { var x = key(a), y = key(b); return x < y ? -1 : x > y ? 1 : a.id - b.id; });
    return { total: hits.length, page: 1, pages: 1, hits: hits, facets: facets };
  }

  // --- the search service --------------------------------------------------------------
  function search(push, append) {
    var params = query();
    var address = params.toString();
    if (push !== null) {
      var url = location.pathname + (address ? "?" + address : "");
      if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
    }
    var api = new URLSearchParams(params);
    api.set("kommun", config.getAttribute("data-kommun"));
    api.set("language", language);
    api.set("page", String(page));
    api.set("page_size", "20");
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    results.setAttribute("aria-busy", "true");
    return fetch(config.getAttribute("data-api") + "?" + api.toString(), pending ? { signal: pending.signal } : {})
      .then(function (response) {
        if (!response.ok) throw new Error("search answered " + response.status);
        return response.json();
      })
      .then(function (body) { notice.hidden = true; show(body, append); })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        return localSearch(params).then(function (body) { notice.hidden = false; show(body, false); });
      });
  }

  function restart(push) {
    page = 1;
    countFilters();
    search(push, false);
    // experiments.js counts a search performed (a goal, or a step of a usability session).
    document.dispatchEvent(new CustomEvent("nb:search", { detail: { query: query().toString() } }));
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); restart(true); });
  form.addEventListener("change", function (event) { if (event.target.name !== "q") restart(true); });
  form.addEventListener("input", function (event) {
    countFilters();
    if (event.target.name !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(function () { restart(false); }, 250);
  });
  more.addEventListener("click", function () { page += 1; search(null, true); });
  window.addEventListener("popstate", function () {
    fill(new URLSearchParams(location.search));
    countFilters();
    page = 1;
    search(null, false);
  });
  if (location.search) {
    fill(new URLSearchParams(location.search));
    countFilters();
    search(null, false);
  }
})();
