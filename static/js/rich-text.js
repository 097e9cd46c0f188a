/* Rich-text editing of long texts: each <textarea data-rich-text> gets a Quill editor with a
   toolbar, and the textarea stays the form's field. Without this script (or Quill) the
   textarea is typed into as it is; with it, the textarea is hidden and always holds the
   editor's HTML. The data-rich-text attribute carries the labels, translated by the server.

   No inline script or style: Quill is configured without a theme of its own (its snow
   theme's tooltip and pickers), the look comes from stylesheets, and what is set from
   here goes through the DOM (element.style, attributes), which the CSP allows. */
(function () {
  "use strict";

  if (!window.Quill) return;
  var Quill = window.Quill;
  var icons = Quill.import("ui/icons");
  var LinkBlot = Quill.import("formats/link");
  var Delta = Quill.import("delta");

  // What the sanitiser keeps (meetings.services.sanitised): nothing else can be typed or
  // pasted. Blockquote has no button but is kept, so that older texts keep their quotes.
  // Indent is a list item's level: Quill keeps nested lists flat with a class (ql-indent-N),
  // reads nested <ul>/<ol> as levels and writes them back nested (getSemanticHTML), so the
  // stored text has real nested lists, which screen readers announce as such.
  var FORMATS = ["header", "bold", "italic", "list", "indent", "link", "blockquote"];
  // [label key, Quill format, value]; a null format is handled here, not by Quill.
  var BUTTONS = [
    ["bold", "bold", null],
    ["italic", "italic", null],
    null,
    ["heading2", "header", "2"],
    ["heading3", "header", "3"],
    null,
    ["bulletList", "list", "bullet"],
    ["orderedList", "list", "ordered"],
    ["outdent", null, "-1"],
    ["indent", null, "+1"],
    null,
    ["link", "link", null],
    ["clean", null, null],
  ];
  // Quill's own Tab bindings would keep the keyboard in the editor (indenting, inserting a
  // tab character): Tab leaves the field, as in any other one.
  var NO_TAB = {
    tab: false,
    indent: false,
    outdent: false,
    "remove tab": false,
    "indent code-block": false,
    "outdent code-block": false,
    "table tab": false,
  };
  var counter = 0;

  function icon(format, value) {
    var svg = icons[format];
    if (svg && value) svg = svg[value];
    return typeof svg === "string" ? svg : "";
  }

  // The page shows h2 and h3 under its own h1: a pasted text's top heading level becomes h2
  // (Word's Heading 1 and 2 become h2 and h3), and deeper levels h3.
  // Only a list item has a level: an indented paragraph or heading (from another Quill) has
  // no HTML the sanitiser keeps, so it would look indented here and not on the page. (Not
  // on <li>: a nested item's level is given by its list, which Quill reads only later.)
  function listLevelsOnly(node, delta) {
    delta.ops.forEach(function (op) {
      if (op.attributes && op.attributes.indent && !op.attributes.list) delete op.attributes.indent;
    });
    return delta;
  }

  function headingLevels(node, delta) {
    var shift = node.ownerDocument.querySelector("h1") ? 1 : 0;
    delta.ops.forEach(function (op) {
      var level = op.attributes && op.attributes.header;
      if (level) op.attributes.header = Math.min(Math.max(level + shift, 2), 3);
    });
    return delta;
  }

  // Quill parses pasted HTML in a detached document, which the page's CSP still governs: a
  // style attribute, a <style> element or an event handler (an image's onerror fires there)
  // in it is reported as a violation. They are taken out of the text before it is parsed:
  // <style> elements dropped, style, on… and src attributes renamed data-pasted-…; the
  // little that styles say that is kept (Word's lists, bold and italics given as styles) is
  // read here instead.
  var PASTED_STYLE = "data-pasted-style";
  // A start tag with its attributes (a quoted value may hold ">"); an unquoted part never
  // runs past a "<", so that a malformed clipboard costs linear time, not quadratic.
  var START_TAG = /<[a-zA-Z][^\s\/<>]*(?:\s+[^\s\/<>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?)*\s*\/?>/g;
  var ATTRIBUTE = /(\s+)([^\s\/<>"'=]+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?/g;
  var NEUTRALISED = /^(style|on.*|src|srcset)$/i;
  var STYLE_ELEMENT = /<style\b[\s\S]*?<\/style\s*>/gi;

  function neutralised(html) {
    return html.replace(STYLE_ELEMENT, "").replace(START_TAG, function (tag) {
      return tag.replace(ATTRIBUTE, function (attribute, space, name, value) {
        return NEUTRALISED.test(name) ? space + "data-pasted-" + name + (value || "") : attribute;
      });
    });
  }

  // Word's list items are paragraphs styled "mso-list: l<list> level<n>", their bullets or
  // numbers in spans styled "mso-list: Ignore", whether a list is bulleted said only in its
  // <style>. Made into lists, as Quill's own Word clean-up (normalizers/msWord) does, each
  // item at its level.
  function wordLists(doc, source) {
    if (doc.documentElement.getAttribute("xmlns:w") !== "urn:schemas-microsoft-com:office:word") return;
    var items = [];
    Array.prototype.forEach.call(doc.querySelectorAll("[" + PASTED_STYLE + "*=mso-list]"), function (node) {
      var style = node.getAttribute(PASTED_STYLE);
      if (/\bmso-list:[^;]*ignore/i.test(style)) {
        if (node.parentNode) node.parentNode.removeChild(node);
        return;
      }
      var list = /\bmso-list:[^;]*\bl(\d+)/i.exec(style);
      if (!list) return;
      var level = /\bmso-list:[^;]*\blevel(\d+)/i.exec(style);
      var format = new RegExp(
        "@list l" + list[1] + ":level" + (level ? level[1] : "1") +
          "\\s*\\{[^\\}]*mso-level-number-format:\\s*([\\w-]+)",
        "i"
      ).exec(source);
      items.push({
        list: list[1],
        level: level ? parseInt(level[1], 10) : 1,
        type: format && format[1] === "bullet" ? "bullet" : "ordered",
        element: node,
      });
    });
    while (items.length) {
      var group = [items.shift()];
      while (
        items.length &&
        items[0].list === group[group.length - 1].list &&
        items[0].element === group[group.length - 1].element.nextElementSibling
      ) {
        group.push(items.shift());
      }
      var container = doc.createElement("ul");
      group.forEach(function (item) {
        var li = doc.createElement("li");
        li.setAttribute("data-list", item.type);
        if (item.level > 1) li.className = "ql-indent-" + (item.level - 1);
        while (item.element.firstChild) li.appendChild(item.element.firstChild);
        container.appendChild(li);
      });
      group[0].element.parentNode.replaceChild(container, group[0].element);
      group.slice(1).forEach(function (item) {
        item.element.parentNode.removeChild(item.element);
      });
    }
  }

  // Bold and italics set as styles (Google Docs, web pages), given back through the CSSOM,
  // which the CSP allows, for Quill to read as it would have.
  function styledFormats(doc) {
    Array.prototype.forEach.call(doc.querySelectorAll("[" + PASTED_STYLE + "]"), function (node) {
      var style = node.getAttribute(PASTED_STYLE);
      var weight = /(?:^|;)\s*font-weight\s*:\s*([^;]+)/i.exec(style);
      if (weight && node.style) node.style.fontWeight = weight[1].trim();
      if (/(?:^|;)\s*font-style\s*:\s*italic/i.test(style) && node.style) node.style.fontStyle = "italic";
    });
  }

  function parseNeutralised(clipboard) {
    var convertHTML = clipboard.convertHTML;
    var normalizeHTML = clipboard.normalizeHTML;
    var source = "";
    clipboard.convertHTML = function (html) {
      source = html;
      return convertHTML.call(clipboard, neutralised(html));
    };
    clipboard.normalizeHTML = function (doc) {
      wordLists(doc, source);
      styledFormats(doc);
      normalizeHTML.call(clipboard, doc);
    };
  }

  // Quill turns every space into &nbsp;, which would keep whole lines from wrapping.
  function html(quill) {
    if (!quill.getText().trim()) return "";
    return quill.getSemanticHTML().replace(/&nbsp;/g, " ");
  }

  function button(labels, spec) {
    var element = document.createElement("button");
    element.type = "button";
    element.setAttribute("aria-label", labels[spec[0]]);
    element.title = labels[spec[0]];
    if (spec[1]) {
      element.innerHTML = icon(spec[1], spec[2]);
      element.className = "ql-" + spec[1];
      element.setAttribute("aria-pressed", "false");
      if (spec[2]) element.value = spec[2];
    } else {
      // Actions rather than states (no aria-pressed): handled here, not by Quill's toolbar.
      element.innerHTML = icon(spec[2] ? "indent" : "clean", spec[2]);
      element.className = "rich-text__" + spec[0];
      if (spec[2]) element.setAttribute("data-level", spec[2]);
    }
    var svg = element.querySelector("svg");
    if (svg) {
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
    }
    return element;
  }

  // One Tab stop for the whole toolbar; the arrow keys move along it (the ARIA toolbar).
  function rovingFocus(toolbar, quill) {
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    buttons.forEach(function (b, i) {
      b.tabIndex = i === 0 ? 0 : -1;
    });
    toolbar.addEventListener("focusin", function (event) {
      if (buttons.indexOf(event.target) < 0) return;
      buttons.forEach(function (b) {
        b.tabIndex = b === event.target ? 0 : -1;
      });
    });
    toolbar.addEventListener("keydown", function (event) {
      var i = buttons.indexOf(document.activeElement);
      if (i < 0) return;
      var next = null;
      if (event.key === "ArrowRight") next = (i + 1) % buttons.length;
      else if (event.key === "ArrowLeft") next = (i - 1 + buttons.length) % buttons.length;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = buttons.length - 1;
      else if (event.key === "Escape") {
        event.preventDefault();
        quill.focus();
        return;
      }
      if (next === null) return;
      event.preventDefault();
      buttons[next].focus();
    });
    return buttons;
  }

  function enhance(textarea) {
    var labels;
    try {
      labels = JSON.parse(textarea.getAttribute("data-rich-text"));
    } catch (error) {
      return; // the textarea keeps working
    }
    counter += 1;
    var id = textarea.id || "rich-text-" + counter;
    var wrapper = document.createElement("div");
    wrapper.className = "rich-text";
    if ((parseInt(textarea.getAttribute("rows"), 10) || 0) < 8) wrapper.classList.add("rich-text--short");

    // Quill's snow stylesheet, without its theme's script (tooltip, pickers).
    var toolbar = document.createElement("div");
    toolbar.className = "ql-snow";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", labels.toolbar);
    toolbar.setAttribute("aria-controls", id + "-editor");
    BUTTONS.forEach(function (spec) {
      if (spec) {
        toolbar.appendChild(button(labels, spec));
      } else {
        var separator = document.createElement("span");
        separator.className = "rich-text__separator";
        separator.setAttribute("aria-hidden", "true");
        toolbar.appendChild(separator);
      }
    });

    var linkPanel = document.createElement("div");
    linkPanel.className = "rich-text__link";
    linkPanel.hidden = true;
    var addressField = document.createElement("div");
    addressField.className = "rich-text__link-address";
    var addressLabel = document.createElement("label");
    addressLabel.htmlFor = id + "-link";
    addressLabel.textContent = labels.linkAddress;
    var address = document.createElement("input");
    address.type = "url";
    address.id = id + "-link";
    address.setAttribute("inputmode", "url");
    address.setAttribute("autocomplete", "url");
    address.placeholder = "https://";
    addressField.appendChild(addressLabel);
    addressField.appendChild(address);
    linkPanel.appendChild(addressField);
    function panelButton(text) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "button";
      element.textContent = text;
      linkPanel.appendChild(element);
      return element;
    }
    var apply = panelButton(labels.linkApply);
    var remove = panelButton(labels.linkRemove);
    var cancel = panelButton(labels.linkCancel);

    var container = document.createElement("div");
    container.className = "ql-snow";
    wrapper.appendChild(toolbar);
    wrapper.appendChild(linkPanel);
    wrapper.appendChild(container);
    textarea.parentNode.insertBefore(wrapper, textarea.nextSibling);

    var quill = new Quill(container, {
      formats: FORMATS,
      modules: {
        toolbar: { container: toolbar, handlers: { link: openLink } },
        keyboard: { bindings: NO_TAB },
        clipboard: {
          matchers: [
            ["h1, h2, h3, h4, h5, h6", headingLevels],
            ["p, h1, h2, h3, h4, h5, h6, blockquote", listLevelsOnly],
            // Quill drops <style>'s text but would keep a pasted script's as words.
            ["script, noscript, template", function () { return new Delta(); }],
          ],
        },
      },
    });
    parseNeutralised(quill.clipboard);
    var editor = quill.root;
    editor.id = id + "-editor";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (textarea.hasAttribute(name)) editor.setAttribute(name, textarea.getAttribute(name));
    });
    if (textarea.required) editor.setAttribute("aria-required", "true");
    var label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      if (!label.id) label.id = id + "-label";
      editor.setAttribute("aria-labelledby", label.id);
      // The label names a hidden textarea: clicking it goes to the editor instead.
      label.addEventListener("click", function (event) {
        event.preventDefault();
        quill.focus();
      });
    } else if (textarea.getAttribute("aria-label")) {
      editor.setAttribute("aria-label", textarea.getAttribute("aria-label"));
    }

    if (textarea.value.trim()) {
      quill.setContents(quill.clipboard.convert({ html: textarea.value }), Quill.sources.SILENT);
      quill.history.clear();
    }
    // Hidden, the textarea cannot be focused: the browser's own check of a required field
    // would then block the form without saying why. The server checks it instead.
    textarea.required = false;
    textarea.hidden = true;

    function sync() {
      textarea.value = html(quill);
    }
    quill.on("text-change", sync);
    if (textarea.form) textarea.form.addEventListener("submit", sync);

    rovingFocus(toolbar, quill);
    editor.addEventListener("keydown", function (event) {
      // Alt+F10 goes to the toolbar, as in other editors.
      if (event.altKey && event.key === "F10") {
        event.preventDefault();
        var current = toolbar.querySelector('button[tabindex="0"]');
        if (current) current.focus();
      }
    });

    toolbar.querySelector(".rich-text__clean").addEventListener("click", function () {
      var range = quill.getSelection(true);
      if (range.length) {
        quill.removeFormat(range.index, range.length, Quill.sources.USER);
      } else {
        var line = quill.getLine(range.index);
        var start = quill.getIndex(line[0]);
        quill.removeFormat(start, line[0].length(), Quill.sources.USER);
      }
    });

    // A list item one level deeper or higher (Tab leaves the field, so it cannot indent);
    // lines that are not list items keep their place.
    Array.prototype.forEach.call(toolbar.querySelectorAll("[data-level]"), function (control) {
      control.addEventListener("click", function () {
        var range = quill.getSelection(true);
        var format = quill.getFormat(range);
        if (!format.list) return;
        var level = (parseInt(format.indent, 10) || 0) + parseInt(control.getAttribute("data-level"), 10);
        level = Math.min(Math.max(level, 0), 8); // Quill's levels: 1 to 8 below the first
        quill.formatLine(range.index, range.length, "indent", level || false, Quill.sources.USER);
      });
    });

    // Links: a small panel under the toolbar, with a labelled field, instead of a prompt.
    var linkRange = null;
    function openLink() {
      var range = quill.getSelection(true);
      var found = quill.scroll.descendant(LinkBlot, range.index);
      var link = found[0];
      if (link && range.length === 0) {
        linkRange = { index: range.index - found[1], length: link.length() };
        address.value = link.domNode.getAttribute("href") || "";
      } else {
        linkRange = range;
        address.value = (quill.getFormat(range).link || "").toString();
      }
      remove.hidden = !address.value;
      linkPanel.hidden = false;
      address.focus();
      address.select();
    }
    function closeLink() {
      linkPanel.hidden = true;
      var range = linkRange;
      linkRange = null;
      quill.focus();
      if (range) quill.setSelection(range.index + range.length, 0, Quill.sources.SILENT);
    }
    function applyLink() {
      var typed = address.value.trim();
      if (!typed) return removeLink();
      var url = typed;
      if (!/^(https?:|mailto:)/i.test(url)) url = (url.indexOf("@") > 0 ? "mailto:" : "https://") + url;
      var range = linkRange;
      if (range.length) {
        quill.formatText(range.index, range.length, "link", url, Quill.sources.USER);
      } else {
        quill.updateContents(new Delta().retain(range.index).insert(typed, { link: url }), Quill.sources.USER);
        linkRange = { index: range.index, length: typed.length };
      }
      closeLink();
    }
    function removeLink() {
      if (linkRange && linkRange.length) {
        quill.formatText(linkRange.index, linkRange.length, "link", false, Quill.sources.USER);
      }
      closeLink();
    }
    apply.addEventListener("click", applyLink);
    remove.addEventListener("click", removeLink);
    cancel.addEventListener("click", closeLink);
    linkPanel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        closeLink();
      } else if (event.key === "Enter" && event.target === address) {
        event.preventDefault(); // not the page's form
        applyLink();
      }
    });

    // A link to the field (an error summary's) leads to the editor.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href="#' + textarea.id + '"]');
      if (!link || !textarea.id) return;
      event.preventDefault();
      quill.focus();
      wrapper.scrollIntoView({ block: "center" });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-rich-text]"), enhance);
})();
