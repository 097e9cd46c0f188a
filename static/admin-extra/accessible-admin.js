// Names for the admin's fields that Django's widgets leave unnamed (found by axe):
// the autocomplete boxes (select2), the date and time halves of a date-time field, and the
// search icons of the two-box selectors. Runs after the admin's own scripts have built them.
(function () {
  "use strict";

  function labelText(id) {
    var label = id && document.querySelector('label[for="' + id + '"]');
    return label ? label.textContent.replace(/[:*]\s*$/, "").trim() : "";
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container) return;
      if (!label.id) label.id = select.id + "-label";
      // A choice of several (a many-to-many) types into a search box inside the selection.
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        field.setAttribute("aria-labelledby", label.id);
      });
      var box = container.querySelector('.select2-selection[role="combobox"]');
      if (!box) return;
      var rendered = box.querySelector(".select2-selection__rendered");
      box.setAttribute("aria-labelledby", label.id + (rendered && rendered.id ? " " + rendered.id : ""));
      // The chosen value's box is announced as a read-only text box of its own: named too.
      if (rendered) rendered.setAttribute("aria-labelledby", label.id);
    });
  }

  function nameDateTimeHalves(root) {
    root.querySelectorAll("p.datetime").forEach(function (paragraph) {
      var inputs = paragraph.querySelectorAll("input");
      if (inputs.length !== 2) return;
      var field = labelText(inputs[0].id.replace(/_0$/, "")) || labelText(inputs[0].id);
      var parts = paragraph.textContent.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
      [0, 1].forEach(function (i) {
        if (!inputs[i].hasAttribute("aria-label")) {
          inputs[i].setAttribute("aria-label", (field ? field + " – " : "") + (parts[i] || "").replace(/:$/, ""));
        }
      });
    });
  }

  function fixTooltips(root) {
    root.querySelectorAll(".help-tooltip[aria-label], .help-tooltip[title]").forEach(function (icon) {
      if (!icon.hasAttribute("role")) icon.setAttribute("role", "img");
      if (!icon.hasAttribute("aria-label")) icon.setAttribute("aria-label", icon.getAttribute("title"));
    });
  }

  function fix(root) {
    nameAutocompletes(root);
    nameDateTimeHalves(root);
    fixTooltips(root);
  }

  // select2 is built when jQuery is ready (this deferred script's handler runs after the
  // admin's own), the two-box selectors on load, inlines when added.
  if (window.django && window.django.jQuery) window.django.jQuery(function () { fix(document); });
  window.addEventListener("load", function () {
    fix(document);
    document.documentElement.dataset.namedFields = "yes";  // tests wait for it
  });
  document.addEventListener("formset:added", function (event) { fix(event.target); });
})();
