"""Filters of the portal's lists (django-filter), where Django's defaults cost a page time."""

import django_filters
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


class ListedChoices(ModelChoiceIterator):
    """The choices read in one ordinary query. Django's own reads them through a server-side
    cursor (DECLARE … WITH HOLD, a FETCH and a CLOSE: three round trips, the rows copied on
    the server) to spare memory on long lists; these are a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for choice in self.queryset.all():
            yield self.choice(choice)


class ListedModelChoiceField(ModelChoiceField):
    iterator = ListedChoices


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedModelChoiceField
