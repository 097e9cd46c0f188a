from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView

from empirie.fragments import Fragment
from practices.selectors import PRACTICE_LINKS, published_for

from .models import City


class CityDetailView(DetailView):
    """A city's card: its data, the practices it shared and those it took up from others."""

    model = City
    template_name = "cities/city_detail.html"
    context_object_name = "city"
    fragments = {"practices": Fragment(families=(PRACTICE_LINKS,))}

    def get_context_data(self, **kwargs):
        published = published_for(self.request.user)
        # Lazy: read only when the cached copy is stale.
        return super().get_context_data(
            shared=SimpleLazyObject(
                lambda: list(published.filter(city=self.object).order_by("-published_at"))
            ),
            adopted=SimpleLazyObject(
                lambda: list(
                    self.object.adopted_practices.filter(practice__in=published)
                    .select_related("practice__city")
                    .order_by("-recorded_at")
                )
            ),
            **kwargs,
        )
