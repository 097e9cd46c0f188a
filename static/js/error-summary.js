// The error summary takes the focus when the page loads, so that a screen reader reads it
// first (the autofocus attribute already does this in most browsers; this is for the rest).
// A link in it moves the focus to its field and shows the field's label above it.
(function () {
  "use strict";
  function ready() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    if (document.activeElement !== summary && !summary.contains(document.activeElement)) {
      summary.focus();
    }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      var around = input.closest("fieldset") || input.closest(".field");
      var label = around && (around.querySelector("legend") || around.querySelector("label"));
      (label || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
