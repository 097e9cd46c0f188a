"""List pages whose rows are counted and read only when the template asks for them, so a
cached copy of the list ({% cached_fragment %}) costs neither query."""

from django.utils.functional import SimpleLazyObject


class LazyPaginationMixin:
    """For a ListView: its paginator, page, rows and is_paginated as lazy objects. With
    `lazy_queryset`, even building the queryset waits (for a get_queryset that sets nothing
    the rest of the view reads)."""

    lazy_queryset = False

    def get_queryset(self):
        if self.lazy_queryset:
            return SimpleLazyObject(super().get_queryset)
        return super().get_queryset()

    def paginate_queryset(self, queryset, page_size):
        paged = SimpleLazyObject(lambda: tuple(super(LazyPaginationMixin, self).paginate_queryset(queryset, page_size)))  # fmt: skip
        return tuple(SimpleLazyObject(lambda i=i: paged[i]) for i in range(4))
