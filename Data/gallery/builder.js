// The request builder on a template page: builds a CreateTask body from the form, checks it against
// this server's POST /v1/validate as the user types (debounced), shows each finding beside the field
// its JSON Pointer names, and offers the body as JSON or as a curl command for Crun's CreateTask with
// $CRUN_API_KEY in place of the key. The page never sees or sends an API key for Crun.
"use strict";
(function () {
  var form = document.getElementById("builder");
  if (!form) return;
  var template = form.getAttribute("data-template");
  var jsonOut = document.getElementById("body-json");
  var curlOut = document.getElementById("body-curl");
  var verdict = document.getElementById("verdict");
  var verdictText = document.getElementById("verdict-text");
  var creditsOut = document.getElementById("credits");
  var general = document.getElementById("general-findings");
  var promptLength = document.getElementById("prompt-length");
  var timer = null;
  var sequence = 0;

  function integerOrText(text) {
    return /^-?[0-9]{1,15}$/.test(text) ? Number(text) : text;
  }

  function body() {
    var input = { template: template };
    var images = [];
    var callback = null;
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.disabled) return;
      var kind = element.getAttribute("data-type");
      if (element.name === "images") {
        if (element.value.trim() !== "") images.push(element.value.trim());
      } else if (element.name === "callback_url") {
        if (element.value.trim() !== "") callback = element.value.trim();
      } else if (kind === "boolean") {
        if (element.checked) input[element.name] = true;
      } else if (element.value !== "") {
        input[element.name] = kind === "integer" ? integerOrText(element.value.trim()) : element.value;
      }
    });
    if (images.length > 0) input.images = images;
    var result = { model: "vidu/template", input: input };
    if (callback !== null) result.callback_url = callback;
    return result;
  }

  function curl(json) {
    return "curl -sS -X POST https://api.crun.ai/api/v1/client/job/CreateTask \\\n" +
      "  -H \"x-api-key: $CRUN_API_KEY\" -H 'Content-Type: application/json' \\\n" +
      "  --data-binary @- <<'JSON'\n" + json + "\nJSON";
  }

  function clearFindings() {
    Array.prototype.forEach.call(form.querySelectorAll(".finding"), function (node) { node.remove(); });
    general.textContent = "";
  }

  // The closest labelled element for a pointer: /input/images/2, else /input/images, else the top.
  function placeFor(pointer) {
    var path = pointer || "";
    while (path !== "") {
      var node = form.querySelector('[data-pointer="' + path.replace(/["\\]/g, "") + '"]');
      if (node) return node;
      path = path.substring(0, path.lastIndexOf("/"));
    }
    return null;
  }

  function show(report) {
    clearFindings();
    var valid = report.verdict === "valid";
    verdict.className = "verdict " + (valid ? "valid" : "invalid");
    verdictText.textContent = valid ? "Valid: Crun should accept this body" :
      report.verdict === "undecided" ? "Undecided" : "Not valid yet";
    creditsOut.textContent = typeof report.credits === "number" ? "· " + report.credits + " credits" : "";
    var findings = (report.errors || []).concat(report.warnings || []);
    findings.forEach(function (finding) {
      var line = document.createElement("p");
      line.className = "finding" + (finding.severity === "warning" ? " warning-finding" : "");
      line.textContent = finding.message + (finding.hint ? " " + finding.hint : "");
      line.setAttribute("data-code", finding.code || "");
      var place = placeFor(finding.pointer);
      if (place) {
        place.appendChild(line);
      } else {
        var item = document.createElement("li");
        item.appendChild(line);
        general.appendChild(item);
      }
    });
  }

  function check() {
    var current = body();
    var json = JSON.stringify(current, null, 2);
    jsonOut.textContent = json;
    curlOut.textContent = curl(json);
    var mine = ++sequence;
    fetch("/v1/validate", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(current), credentials: "same-origin"
    }).then(function (response) { return response.json(); }).then(function (envelope) {
      if (mine !== sequence) return;
      if (envelope && envelope.data && envelope.data.verdict) {
        show(envelope.data);
      } else {
        verdictText.textContent = (envelope && envelope.message) || "The server gave no verdict.";
      }
    }).catch(function () {
      if (mine === sequence) verdictText.textContent = "Cannot reach the server to check the body.";
    });
  }

  function schedule() {
    if (promptLength) {
      var prompt = form.elements.namedItem("prompt");
      var length = prompt ? Array.from(prompt.value).length : 0;
      promptLength.textContent = String(length);
      promptLength.parentNode.className = "counter" + (length > 2000 ? " over" : "");
    }
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }

  function copy(source, button) {
    var text = source.textContent;
    var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = button.getAttribute("data-label"); }, 1500); };
    button.setAttribute("data-label", button.getAttribute("data-label") || button.textContent);
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { select(source); });
    } else {
      select(source);
    }
  }

  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function (event) { event.preventDefault(); check(); });
  document.getElementById("copy-json").addEventListener("click", function (event) { copy(jsonOut, event.target); });
  document.getElementById("copy-curl").addEventListener("click", function (event) { copy(curlOut, event.target); });
  check();
})();
