"""Paging lists: pages whose rows are counted and read only when the template asks for them,
so a cached copy of the list ({% cached_fragment %}) costs neither query; and pages of long
lists that join other tables, read by their ids first or counted without the joins."""

from django.core.paginator import Paginator
from django.db.models import Subquery
from django.utils.functional import SimpleLazyObject, cached_property


class ForgivingPaginationMixin:
    """For a ListView: a page number that is not a number, or past the end, gives the first
    or the last page (as Paginator.get_page does), not a "not found"."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )  # fmt: skip
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class LazyPaginationMixin(ForgivingPaginationMixin):
    """For a ListView: its paginator, page, rows and is_paginated as lazy objects. With
    `lazy_queryset`, even building the queryset waits (for a get_queryset that sets nothing
    the rest of the view reads)."""

    lazy_queryset = False

    def get(self, request, *args, **kwargs):
        if not self.lazy_queryset:
            return super().get(request, *args, **kwargs)
        # ListView.get, with the queryset built only when the page is read (empty lists
        # allowed, as by default).
        self.object_list = SimpleLazyObject(self.get_queryset)
        return self.render_to_response(self.get_context_data())

    def get_template_names(self):
        if self.lazy_queryset and self.template_name:
            return [self.template_name]  # the default would look at the queryset's model
        return super().get_template_names()

    def paginate_queryset(self, queryset, page_size):
        paged = SimpleLazyObject(lambda: tuple(super(LazyPaginationMixin, self).paginate_queryset(queryset, page_size)))  # fmt: skip
        return tuple(SimpleLazyObject(lambda i=i: paged[i]) for i in range(4))


class CountedApartPaginator(Paginator):
    """For lists whose rows bring columns of other tables: `counted` is the same list without
    them, which PostgreSQL counts without the joins (Django keeps an annotation's joins in
    the count, though it drops the annotation)."""

    def __init__(self, object_list, per_page, *, counted, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.counted = counted

    @cached_property
    def count(self):
        return self.counted.count()


class PageByIdsPaginator(CountedApartPaginator):
    """For long lists whose rows join other tables (a post's author, profile, city, the post
    it quotes): a page's ids are picked first, from `counted` (the list in the same order
    without its joins; by default the list itself) and its own index, and only those rows
    are then read with their joins. Sliced as it is, PostgreSQL joins every row it skips:
    the last page of a 500-post thread joined all 500."""

    def __init__(self, object_list, per_page, *, counted=None, **kwargs):
        counted = object_list if counted is None else counted
        super().__init__(object_list, per_page, counted=counted, **kwargs)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.counted.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=Subquery(ids)), number, self)


COUNTED_AT_MOST = 1000


class CappedCountPaginator(Paginator):
    """For search results: rows counted up to `most`, and no pages past them. A word that
    most texts have would otherwise be counted row by row, for a figure nobody pages
    through; the page says "more than" instead."""

    def __init__(self, object_list, per_page, *, most=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.most = most or COUNTED_AT_MOST

    @cached_property
    def counted(self):
        return self.object_list.order_by().values("pk")[: self.most + 1].count()

    @property
    def capped(self):
        return self.counted > self.most

    @cached_property
    def count(self):
        return min(self.counted, self.most)
