// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Language picker: change on select, no extra click.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var button = select.form && select.form.querySelector("button[type=submit]");
    if (button) { button.classList.add("visually-hidden"); }
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });

  // Ask before destructive actions.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // A form submitted once stays submitted: no double posts from impatient clicks.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.hasAttribute("data-allow-resubmit")) { return; }
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
  });

  // Coming back with the Back button restores the page from cache: let its forms submit again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-submitted]").forEach(function (f) { delete f.dataset.submitted; });
    }
  });

  // Focus the error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  // Wide tables scroll sideways in their box: make the box reachable by keyboard and
  // name it after its table, so keyboard users can scroll it too.
  document.querySelectorAll(".table-scroll").forEach(function (box) {
    if (box.hasAttribute("tabindex")) { return; }
    var caption = box.querySelector("caption");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    if (caption) { box.setAttribute("aria-label", caption.textContent.trim()); }
  });

  // Sortable tables: <table data-sortable>, headers become buttons.
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      if (th.hasAttribute("data-nosort")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.innerHTML = th.innerHTML;
      th.innerHTML = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index], y = b.cells[index];
          var xv = x.getAttribute("data-sort") || x.textContent.trim();
          var yv = y.getAttribute("data-sort") || y.textContent.trim();
          var xn = parseFloat(xv), yn = parseFloat(yv);
          var cmp = (!isNaN(xn) && !isNaN(yn)) ? xn - yn : xv.localeCompare(yv);
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();

// A background job's page follows its progress until it ends.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-state]");
  if (!box || box.hasAttribute("data-finished") || !window.fetch) { return; }
  var url = box.getAttribute("data-job-state");
  var label = box.querySelector("[data-job-label]");
  var bar = box.querySelector("[data-job-progress]");
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        if (label && label.textContent !== state.label) { label.textContent = state.label; }
        if (bar && state.total) { bar.max = state.total; bar.value = state.done; }
        if (state.emails) {
          Object.keys(state.emails).forEach(function (key) {
            var cell = box.querySelector('[data-job-count="' + key + '"]');
            if (cell) { cell.textContent = format.format(state.emails[key]); }
          });
        }
        if (!state.finished) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();

// Print buttons (the certificate).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
