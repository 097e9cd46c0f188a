"""Atom feeds of public results, overall and per network. A closed network has none."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from networks.access import leaves_inside
from networks.models import Network

from . import selectors

ITEMS = 30


class PublicResultsFeed(Feed):
    feed_type = Atom1Feed
    title = _("EMPIRIE – results of the experience-exchange networks")
    subtitle = _("Public results of the networks of the Association of Polish Cities.")

    def link(self):
        return reverse("results:list")

    def items(self):
        return selectors.public_results()[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return linebreaks(item.summary, autoescape=True)  # Atom carries it as HTML

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.network.name

    def item_categories(self, item):
        return [item.get_kind_display()]

    def feed_url(self):
        return settings.PORTAL_URL.rstrip("/") + reverse("results:feed")


class NetworkResultsFeed(PublicResultsFeed):
    def get_object(self, request, slug):
        network = get_object_or_404(Network, slug=slug)
        if not leaves_inside(network):
            raise Http404
        return network

    def title(self, network):
        return _("EMPIRIE – results of %(network)s") % {"network": network.name}

    def subtitle(self, network):
        return network.theme_shown

    def link(self, network):
        return reverse("networks:detail", args=[network.slug])

    def items(self, network):
        return selectors.public_results(network)[:ITEMS]

    def feed_url(self, network):
        return settings.PORTAL_URL.rstrip("/") + reverse(
            "results:network_feed", args=[network.slug]
        )
