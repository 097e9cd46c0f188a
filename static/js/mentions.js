// Mentions made quicker: in a form marked data-mentions (a reply, a new thread, an edit),
// typing "@" and the start of a name offers the names of the people who read the thread,
// from the address in data-mentions, which answers only those who read it. The list follows the
// ARIA combobox pattern with manual selection: Down and Up choose a name, Enter puts
// "@Imię Nazwisko " in its place, Escape closes the list; Enter without a chosen name is a
// new line, as always. Without this script "@Imię Nazwisko" typed by hand works the same.
(function () {
  "use strict";

  var DELAY = 150; // ms after the last key before asking, so a quick typist asks once
  // "@" at the start of the text or after a space or a bracket, then what follows it up to
  // the caret: at most three words (a first name, a surname, maybe a second one).
  var TYPED = /(^|[\s(])@([^\s@][^@\n]{0,60})$/;
  var counter = 0;

  function setUp(form) {
    var field = form.querySelector("textarea[name=body]");
    if (!field) return;
    counter += 1;
    var listId = "wzmianki-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mentions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.getAttribute("data-mentions-label"));
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    field.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", listId);
    field.setAttribute("aria-expanded", "false");

    var names = [];
    var active = -1;
    var typed = null; // {at: where the "@" is, text: what follows it}
    var silent = null; // an "@" whose list was closed or found nobody: quiet until it changes
    var timer = null;
    var pending = null;
    var answers = {};

    function close() {
      names = [];
      active = -1;
      list.hidden = true;
      list.textContent = "";
      field.setAttribute("aria-expanded", "false");
      field.removeAttribute("aria-activedescendant");
    }

    function mark(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      if (index < 0) {
        field.removeAttribute("aria-activedescendant");
      } else {
        field.setAttribute("aria-activedescendant", listId + "-" + index);
        list.children[index].scrollIntoView({ block: "nearest" });
      }
    }

    function show(found) {
      var wasOpen = !list.hidden;
      close();
      if (!found.length) {
        silent = typed;
        return;
      }
      names = found;
      found.forEach(function (name, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = name;
        list.appendChild(option);
      });
      list.hidden = false;
      field.setAttribute("aria-expanded", "true");
      if (!wasOpen) status.textContent = form.getAttribute("data-mentions-hint");
    }

    function choose(index) {
      var name = names[index];
      typed = typedNow();
      if (!typed) return close();
      var end = field.selectionStart;
      var rest = field.value.slice(end);
      field.setRangeText("@" + name + (/^\s/.test(rest) ? "" : " "), typed.at, end, "end");
      silent = { at: typed.at, text: name };
      close();
      status.textContent = form.getAttribute("data-mentions-inserted").replace("{name}", name);
      field.focus();
    }

    function typedNow() {
      if (field.selectionStart !== field.selectionEnd) return null;
      var before = field.value.slice(0, field.selectionStart);
      var match = TYPED.exec(before);
      if (!match || /\s\s/.test(match[2]) || match[2].trim().split(/\s/).length > 3) return null;
      return { at: before.length - match[2].length - 1, text: match[2] };
    }

    function ask() {
      var url = new URL(form.getAttribute("data-mentions"), window.location.href);
      url.searchParams.set("q", typed.text.trim());
      var audience = form.elements.namedItem("audience");
      if (audience && audience.value) url.searchParams.set("odbiorcy", audience.value);
      var key = url.toString();
      if (answers[key]) {
        show(answers[key]);
        return;
      }
      if (pending) pending.abort();
      pending = new AbortController();
      var asked = typed;
      fetch(key, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : { names: [] };
        })
        .then(function (data) {
          answers[key] = data.names || [];
          if (typed === asked) show(answers[key]);
        })
        .catch(function () {}); // aborted by a newer question, or offline: no list
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      typed = typedNow();
      // Quiet after Escape, an insertion or an answer with nobody, while the same "@" only
      // grows: more letters find no one new.
      if (
        !typed ||
        (silent && silent.at === typed.at && typed.text.indexOf(silent.text) === 0)
      ) {
        close();
        return;
      }
      silent = null;
      timer = setTimeout(ask, DELAY);
    });

    field.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        mark((active + 1) % names.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        mark(active <= 0 ? names.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        silent = typed;
        close();
      } else if (/^(ArrowLeft|ArrowRight|Home|End|PageUp|PageDown)$/.test(event.key)) {
        close(); // the caret leaves what was typed
      }
    });

    field.addEventListener("blur", close);
    field.addEventListener("click", close); // the caret moved elsewhere
    list.addEventListener("mousedown", function (event) {
      event.preventDefault(); // the text keeps the focus and the caret
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) choose(Array.prototype.indexOf.call(list.children, option));
    });
    form.addEventListener("change", function (event) {
      if (event.target.name === "audience") answers = {}; // other readers, other names
    });
  }

  function ready() {
    document.querySelectorAll("form[data-mentions]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
