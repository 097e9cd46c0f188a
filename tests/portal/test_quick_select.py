"""QuickSelect draws the same select as Django's own widget, faster: its options, the chosen
one, groups, the field's attributes, and everything escaped."""

import re

from django import forms

from empirie.widgets import QuickSelect

CHOICES = [
    ("", "— any —"),
    ("krakow", "Kraków"),
    ("<b>", 'Say "<b>" & more'),
    ("Groups", [("a", "A & a"), ("b", "B")]),
]


def drawn(widget, value):
    class Form(forms.Form):
        city = forms.ChoiceField(choices=CHOICES, required=False, widget=widget,
                                 help_text="Pomoc")  # fmt: skip

    html = re.sub(r">\s+<", "><", str(Form({"city": value})["city"]))  # indentation aside
    tag, rest = html.split(">", 1)  # the select's attributes in any order
    return sorted(re.findall(r'[\w-]+="[^"]*"', tag)), rest


def test_quick_select_draws_what_djangos_select_draws():
    for value in ["", "krakow", "<b>", "a", "missing"]:
        assert drawn(QuickSelect, value) == drawn(forms.Select, value), value
    attributes, options = drawn(QuickSelect, "<b>")
    assert (
        '<option value="&lt;b&gt;" selected>Say &quot;&lt;b&gt;&quot; &amp; more</option>'
        in options
    )
    assert 'aria-describedby="id_city_helptext"' in attributes
