from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from . import selectors


class NetworkDetailView(DetailView):
    """A network's public page: what it is about, who runs it, which cities take part."""

    template_name = "networks/network_detail.html"
    context_object_name = "network"

    def get_object(self, queryset=None):
        return get_object_or_404(selectors.network_public_page(self.kwargs["slug"]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = {p.city_id: p.city for p in self.object.member_participations}
        context["member_cities"] = sorted(cities.values(), key=lambda city: city.name)
        return context
