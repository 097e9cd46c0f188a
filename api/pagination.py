from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from empirie.pagination import CappedCountPaginator


class PortalPagination(PageNumberPagination):
    """Pages of a fixed size in each list's stable order; a page that is not one, or past the
    end, is a 400 that says so."""

    page_size = 50
    page_query_description = gettext_lazy("A page number within the paginated result set.")

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (NotFound, InvalidPage):
            raise ValidationError(
                {self.page_query_param: [_("Give a page number from 1 to the last page.")]}
            ) from None


class SearchPagination(PortalPagination):
    """A search's hits counted up to a thousand, as on the practice list page."""

    django_paginator_class = CappedCountPaginator
