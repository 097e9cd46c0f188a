// Rows of fields (templates/forms/rows.html), made quicker with JavaScript: "add another"
// adds an empty row in place instead of sending the form, and each row's "remove" checkbox
// becomes a button that takes the row away. Without this script the form does the same
// through the server. Once the rows shown are as many as may be, the note saying so takes
// the place of "add another".
(function () {
  "use strict";

  function renumber(rows) {
    var shown = rows.querySelectorAll("[data-row]:not([hidden])");
    var most = parseInt(rows.getAttribute("data-rows-max"), 10) || 1000;
    var full = rows.querySelector("[data-rows-full]");
    rows.querySelector("[data-rows-add]").hidden = shown.length >= most;
    if (full) full.hidden = shown.length < most;
    var template = rows.getAttribute("data-row-title");
    shown.forEach(function (row, index) {
      var title = template.replace("__number__", String(index + 1));
      row.querySelector("[data-row-title]").textContent = title;
      var hiddenTitle = row.querySelector("[data-row-remove-title]");
      if (hiddenTitle) hiddenTitle.textContent = " (" + title + ")";
    });
  }

  function enhanceRemove(rows, row) {
    var box = row.querySelector("[data-row-remove-box]");
    if (!box || box.hidden) return;
    var checkbox = box.querySelector("input[type=checkbox]");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button row__remove-button";
    button.textContent = rows.getAttribute("data-remove-label");
    var hiddenTitle = document.createElement("span");
    hiddenTitle.className = "visually-hidden";
    hiddenTitle.setAttribute("data-row-remove-title", "");
    button.appendChild(hiddenTitle);
    box.hidden = true;
    box.parentNode.insertBefore(button, box);
    button.addEventListener("click", function () {
      checkbox.checked = true; // the server leaves the row out
      row.hidden = true;
      renumber(rows);
      rows.querySelector("[data-rows-add]").focus();
    });
  }

  function setUp(rows) {
    var prefix = rows.getAttribute("data-rows");
    var list = rows.querySelector("[data-rows-list]");
    var template = rows.querySelector("template[data-rows-template]");
    var total = rows.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var add = rows.querySelector("[data-rows-add]");
    if (!list || !template || !total || !add) return;

    // Rows are added here without reloading the page: the hint about reloading is not needed.
    var hint = rows.querySelector("[data-rows-reload-hint]");
    if (hint) {
      add.removeAttribute("aria-describedby");
      hint.remove();
    }
    list.querySelectorAll("[data-row]").forEach(function (row) { enhanceRemove(rows, row); });
    renumber(rows);

    add.addEventListener("click", function (event) {
      var index = parseInt(total.value, 10);
      if (isNaN(index)) return; // the server says why
      event.preventDefault();
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("ol");
      holder.innerHTML = html;
      var row = holder.querySelector("[data-row]");
      list.appendChild(row);
      total.value = String(index + 1);
      enhanceRemove(rows, row);
      renumber(rows);
      var first = row.querySelector("input:not([type=hidden]):not([type=checkbox]), select, textarea");
      if (first) first.focus();
    });
  }

  function ready() {
    document.querySelectorAll("[data-rows]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
