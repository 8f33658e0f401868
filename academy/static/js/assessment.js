// The assessment page: live progress while answering, and a print button on the result.
// The page works without this file: the progress shown on load comes from the server.
(function () {
  "use strict";

  var form = document.querySelector("form[data-assessment-form]");
  if (form) {
    var progress = document.getElementById("answer-progress");
    var count = form.querySelector("[data-answered-count]");
    var update = function () {
      var names = {};
      var answered = 0;
      form.querySelectorAll("input[type=radio][name^='item-']").forEach(function (input) {
        if (!(input.name in names)) { names[input.name] = false; }
        if (input.checked && !names[input.name]) { names[input.name] = true; answered += 1; }
      });
      if (progress) { progress.value = answered; progress.textContent = answered + "/" + progress.max; }
      if (count) { count.textContent = String(answered); }
    };
    form.addEventListener("change", update);
    update();
  }

  // A link in the error summary puts the keyboard on the statement it names, not just the view.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      target.focus();
      var group = target.closest("fieldset") || target;
      group.scrollIntoView({ block: "center" });
    });
  });

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
