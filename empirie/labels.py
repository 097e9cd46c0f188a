"""Labels of choices as Django shows them (`get_<field>_display`), without its cost on long
lists: Django builds a dictionary of every choice on each call and hashes each label, which
translates it, so a table of 50 people's roles and functions translated some 600 labels."""

from django.utils.encoding import force_str


class QuickChoiceLabels:
    """A model whose `get_<field>_display` looks its label up in a dictionary made once per
    field (values to lazy labels: translated when shown, in the reader's language)."""

    def _get_FIELD_display(self, field):  # noqa: N802  # Django's name
        value = getattr(self, field.attname)
        labels = field.__dict__.get("_quick_labels")
        if labels is None:
            labels = field.__dict__["_quick_labels"] = dict(field.flatchoices)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value: Django's own way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
