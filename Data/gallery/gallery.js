// The gallery's one convenience: filters apply as soon as they change (the Apply button does the
// same without JavaScript). Loaded from the server itself; nothing inline, as the CSP demands.
"use strict";
(function () {
  var form = document.getElementById("filters");
  if (!form) return;
  // On a phone the filters start folded, so the first screen shows templates (without JavaScript
  // they stay open: every filter still works).
  var panel = document.getElementById("filter-panel");
  if (panel && window.matchMedia && window.matchMedia("(max-width: 899px)").matches) panel.open = false;
  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "search") return;
    form.requestSubmit ? form.requestSubmit() : form.submit();
  });
  // Empty fields stay out of the URL, so a shared link holds only the filters chosen.
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (element.name && element.value === "" && element.tagName !== "BUTTON") element.disabled = true;
    });
  });
})();
// Back and forward restore the page as it was left, fields disabled by the submit handler included.
window.addEventListener("pageshow", function () {
  var form = document.getElementById("filters");
  if (!form) return;
  Array.prototype.forEach.call(form.elements, function (element) { element.disabled = false; });
});
