from django import forms
from django.utils.translation import gettext_lazy as _

from empirie.widgets import QuickSelect


class DirectoryFilter(forms.Form):
    """The directory's filters: an area of expertise and a city, each chosen from those of
    the cards listed (selectors.directory_rows), and applied to those rows."""

    expertise = forms.ChoiceField(widget=QuickSelect, label=_("Area of expertise"), required=False)
    city = forms.TypedChoiceField(
        widget=QuickSelect, label=_("City"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        tags = sorted({tag for row in rows for tag in row.expertise})
        self.fields["expertise"].choices = [("", _("any area")), *((tag, tag) for tag in tags)]
        cities = sorted({(row.city_sort_key, row.city_id, row.city_name) for row in rows
                         if row.city_id is not None})  # fmt: skip
        self.fields["city"].choices = [
            ("", _("any city")),
            *((pk, name) for _k, pk, name in cities),
        ]

    def matching(self, rows) -> list:
        """The rows the chosen filters keep; none while a filter's value is wrong (the field
        says so), rather than everyone."""
        if not self.is_bound:
            return rows
        if not self.is_valid():
            return []
        expertise, city = self.cleaned_data["expertise"], self.cleaned_data["city"]
        return [row for row in rows
                if (not expertise or expertise in row.expertise)
                and (city is None or row.city_id == city)]  # fmt: skip
