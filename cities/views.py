from django.views.generic import DetailView

from practices.choices import PracticeStatus
from practices.selectors import practices_for

from .models import City


class CityDetailView(DetailView):
    """A city's card: its data, the practices it shared and those it took up from others."""

    model = City
    template_name = "cities/city_detail.html"
    context_object_name = "city"

    def get_context_data(self, **kwargs):
        published = practices_for(self.request.user).filter(status=PracticeStatus.PUBLISHED)
        return super().get_context_data(
            shared=published.filter(city=self.object).order_by("-published_at"),
            adopted=self.object.adopted_practices.filter(practice__in=published)
            .select_related("practice__city")
            .order_by("-recorded_at"),
            **kwargs,
        )
