// Optional: sends a microsite's form (an activity, a message to the coordinator) with fetch and shows the
// public service's answer in place. Without this file the form posts as usual and the service answers
// with this same page, the same messages filled in.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var region = form.closest("[data-form]");
    if (!region) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } })
      .then(function (response) { return response.json().then(function (answer) { return [response.ok, answer]; }); })
      .then(function (result) {
        region.innerHTML = result[1].html;  // rendered and escaped by the theme's macros on the service
        var focus = region.querySelector("[data-focus]");
        if (focus) focus.focus();
        // experiments.js counts a form sent as a goal ("the contact form sent")
        if (result[0]) document.dispatchEvent(new CustomEvent("nb:sent", { detail: { goal: form.getAttribute("data-goal") } }));
      })
      .catch(function () { form.submit(); });  // no answer to read: post the ordinary way
  });
})();
