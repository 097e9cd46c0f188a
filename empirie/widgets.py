"""Form widgets: drawn faster than Django's own where lists are long; a rich-text editor
over the textareas of long texts."""

import json
import re

from django import forms
from django.forms import Script
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuickSelect(forms.Select):
    """Django's Select, the same HTML, drawn in Python straight from the choices: Django's
    templates include one template per option, and even its option dictionaries cost a
    filter form of the 450 cities of a national network's threads 20 ms on every page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}

        def options(choices):
            return "".join(
                f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>'
                f"{escape(label)}</option>"
                for key, label in choices
            )

        parts = []
        for key, label in self.choices:
            if isinstance(label, list | tuple):  # a group of options
                parts.append(f'<optgroup label="{escape(key)}">{options(label)}</optgroup>')
            else:
                parts.append(options([("" if key is None else key, label)]))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(parts)),  # noqa: S308  # every value escaped above  # nosec B308 B703
        )


# A tag of the markup long texts are kept in: text without one was typed into the bare
# textarea (no JavaScript); "a < b" or "<nazwa>" written as words is not taken for one.
HTML_TAG = re.compile(r"</?(p|br|strong|b|em|i|ul|ol|li|a|h[1-6]|blockquote|div|span)\b", re.I)


def plain_text_as_html(text: str) -> str:
    """Paragraphs typed without the editor (no JavaScript) as the editor would have sent them:
    blank lines part paragraphs, single line breaks stay."""
    paragraphs = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n"))
    return "".join(
        format_html("<p>{}</p>", mark_safe("<br>".join(escape(line) for line in p.split("\n"))))  # noqa: S308  # each line escaped  # nosec B308 B703
        for p in paragraphs
        if p.strip()
    )


class RichTextarea(forms.Textarea):
    """A textarea that static/js/rich-text.js turns into an editor with a toolbar (Quill,
    vendored in static/vendor/quill). The textarea stays the form's field: without JavaScript
    it is typed into as it is; with it, the editor writes its HTML into it. The server
    sanitises either way."""

    class Media:
        css = {"all": ["vendor/quill/quill.snow.css", "css/rich-text.css"]}
        js = [Script("vendor/quill/quill.js", defer=True), Script("js/rich-text.js", defer=True)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Translated when drawn, in the reader's language: the script only reads them.
        context["widget"]["attrs"]["data-rich-text"] = json.dumps(
            {key: str(label) for key, label in RICH_TEXT_LABELS.items()}, ensure_ascii=False
        )
        return context

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str) and value.strip() and not HTML_TAG.search(value):
            return plain_text_as_html(value)
        return value


RICH_TEXT_HELP = _(
    "Headings, bold, italics, lists and links: with the buttons above the text, or Ctrl+B and "
    "Ctrl+I. Text pasted from Word keeps them; other formatting is dropped."
)
RICH_TEXT_LABELS = {
    "toolbar": pgettext_lazy("rich text", "Text formatting"),
    "bold": pgettext_lazy("rich text", "Bold"),
    "italic": pgettext_lazy("rich text", "Italic"),
    "heading2": pgettext_lazy("rich text", "Heading 2"),
    "heading3": pgettext_lazy("rich text", "Heading 3"),
    "bulletList": pgettext_lazy("rich text", "Bulleted list"),
    "orderedList": pgettext_lazy("rich text", "Numbered list"),
    "outdent": pgettext_lazy("rich text", "Decrease indent"),
    "indent": pgettext_lazy("rich text", "Increase indent"),
    "link": pgettext_lazy("rich text", "Link"),
    "clean": pgettext_lazy("rich text", "Clear formatting"),
    "linkAddress": pgettext_lazy("rich text", "Link address"),
    "linkApply": pgettext_lazy("rich text", "Insert the link"),
    "linkRemove": pgettext_lazy("rich text", "Remove the link"),
    "linkCancel": pgettext_lazy("rich text", "Cancel"),
}
