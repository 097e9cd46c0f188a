"""EMPIRIE in numbers: the public figures, read only through what the public pages show.

Practices and results through their `visible_to` for a visitor (published and unrestricted;
public and never a closed network's); meetings through `Meeting.objects.announced()`, as the
networks' public pages announce them (never a closed network's, never a draft); networks'
members through `public_composition()`, as ZMP publishes them (the leaders' network counted
with its member cities, nothing of what it does). One query a chart, however many rows; the
three practice charts share one (`once_per_request`).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.choices import Voivodeship
from empirie.cache import once_per_request
from meetings.choices import MeetingFormat
from meetings.models import Meeting
from networks.access import leaves_inside_q
from networks.choices import Role
from networks.models import Network, Participation
from practices import selectors as practice_selectors
from practices.choices import BAND_LIMITS, PopulationBand, TransferKind
from practices.models import Category, Practice, Transfer
from results.choices import ResultKind
from results.models import Result

from .charts import BAR, MAP, STACKED, Chart, Section, Series
from .periods import counted_by_choice, quarter_labels

VISITOR = AnonymousUser()


def of_networks(practices, network):
    """Practices of the network (a subquery: a practice of several networks stays one row)."""
    if network is None:
        return practices
    linked = Practice.networks.through.objects.filter(network=network).values("practice_id")
    return practices.filter(pk__in=linked)


def public_practices():
    return Practice.objects.visible_to(VISITOR)


def networks_chart(*, network, period, voivodeship) -> Chart:
    """Counted on the member participations alone, a subquery a network, read from their
    partial index (networks' participation_member_cities), not a join of every participation."""
    members = Participation.objects.public_composition().filter(
        network=OuterRef("pk"), role=Role.MEMBER
    )
    if voivodeship:
        members = members.filter(city__voivodeship=voivodeship)
    cities = members.order_by().values("network").annotate(n=Count("city", distinct=True))
    networks = Network.objects.order_by("number")
    if network is not None:
        networks = networks.filter(pk=network.pk)
    rows = list(
        networks.annotate(cities=Coalesce(Subquery(cities.values("n")), 0))
        .values_list("name", "cities")
    )  # fmt: skip
    return Chart(
        slug="sieci", kind=BAR, title=_("Member cities of each network"),
        x_label=_("Network"), y_label=_("Member cities"),
        categories=[name for name, _count in rows],
        series=[Series(_("Member cities"), [count for _name, count in rows])],
        description=_("A bar for each network; its length is the number of its member cities."),
        note=_("Who takes part today, as ZMP publishes it; the period does not apply."),
    )  # fmt: skip


FORMATS = list(MeetingFormat.choices)


def meetings_chart(*, network, period, voivodeship) -> Chart:
    held = Meeting.objects.announced().filter(starts_at__lte=timezone.now())
    if network is not None:
        held = held.filter(network=network)
    if voivodeship:
        held = held.filter(host_city__voivodeship=voivodeship)
    quarters, series = counted_by_choice(held, "starts_at", period, "format", FORMATS)
    return Chart(
        slug="spotkania", kind=STACKED, title=_("Meetings held, by quarter"),
        x_label=_("Quarter"), y_label=_("Meetings"), categories=quarter_labels(quarters),
        series=series,
        description=_("A column for each quarter, divided by the meetings' format: in person, "
                      "online, hybrid; the number of all is above it."),
        note=_("The thematic networks' meetings; the leaders' network's are not public. With "
               "a voivodeship chosen: the meetings hosted there."),
    )  # fmt: skip


def _population_band():
    return Case(
        *(
            When(
                Q(city__population__gte=low) & (Q(city__population__lt=high) if high else Q()),
                then=Value(str(value)),
            )
            for value, (low, high) in BAND_LIMITS.items()
        ),
        output_field=CharField(),
    )


@once_per_request
def practice_counts(*, network, period, voivodeship) -> list:
    """The published practices counted at once by their city's voivodeship, their main
    category and their city's size: (voivodeship, category, band, n) rows, a few hundred at
    the most. The three practice charts sum them, one scan where each made its own."""
    practices = of_networks(public_practices(), network).filter(period.q("published_at"))
    if voivodeship:
        practices = practices.filter(city__voivodeship=voivodeship)
    return list(
        practices.order_by()
        .values_list(
            "city__voivodeship", Coalesce("category__parent_id", "category_id"),
            _population_band(),
        )
        .annotate(n=Count("pk"))
    )  # fmt: skip


def _summed(rows, position) -> dict:
    sums = {}
    for row in rows:
        sums[row[position]] = sums.get(row[position], 0) + row[3]
    return sums


def practices_by_voivodeship_chart(*, network, period, voivodeship) -> Chart:
    counts = _summed(practice_counts(network=network, period=period, voivodeship=voivodeship), 0)
    shown = [v for v in Voivodeship if not voivodeship or v == voivodeship]
    return Chart(
        slug="praktyki-wojewodztwa", kind=MAP, title=_("Published practices by voivodeship"),
        x_label=_("Voivodeship"), y_label=_("Published practices"),
        categories=[v.label for v in shown], keys=list(shown),
        series=[Series(_("Published practices"), [counts.get(v.value, 0) for v in shown])],
        description=_("A map of Poland with a circle in each voivodeship; its size and the "
                      "number in it tell how many good practices its cities published."),
    )  # fmt: skip


def practices_by_category_chart(*, network, period, voivodeship) -> Chart:
    counts = _summed(practice_counts(network=network, period=period, voivodeship=voivodeship), 1)
    tops = list(Category.objects.filter(parent=None).order_by("position", "name"))
    return Chart(
        slug="praktyki-kategorie", kind=BAR, title=_("Published practices by category"),
        x_label=_("Category"), y_label=_("Published practices"),
        categories=[str(category) for category in tops],
        series=[Series(_("Published practices"), [counts.get(c.pk, 0) for c in tops])],
        description=_("A bar for each main category of the good-practice database; a "
                      "sub-category's practices count in its main category."),
    )  # fmt: skip


def practices_by_size_chart(*, network, period, voivodeship) -> Chart:
    counts = _summed(practice_counts(network=network, period=period, voivodeship=voivodeship), 2)
    return Chart(
        slug="praktyki-wielkosc", kind=BAR, title=_("Published practices by city size"),
        x_label=_("City size"), y_label=_("Published practices"),
        categories=[str(label) for _value, label in PopulationBand.choices],
        series=[Series(_("Published practices"),
                       [counts.get(value, 0) for value, _label in PopulationBand.choices])],
        description=_("A bar for each size of city, by inhabitants, from the smallest."),
    )  # fmt: skip


def transfers_chart(*, network, period, voivodeship) -> Chart:
    transfers = Transfer.objects.filter(
        practice__in=of_networks(public_practices(), network).values("pk")
    )
    if voivodeship:
        transfers = transfers.filter(city__voivodeship=voivodeship)
    quarters, series = counted_by_choice(
        transfers, "recorded_at", period, "kind", TransferKind.choices
    )
    return Chart(
        slug="transfery", kind=STACKED, title=_("Practices taken up by other cities, by quarter"),
        x_label=_("Quarter"), y_label=_("Practices taken up"),
        categories=quarter_labels(quarters),
        series=series,
        description=_("A column for each quarter: how many times a city recorded that it took "
                      "up another city's published practice, as it was or adapted."),
        note=_("With a voivodeship chosen: the cities of that voivodeship that took a practice "
               "up."),
    )  # fmt: skip


def transfer_figures(*, network, period, voivodeship) -> dict:
    """The transfers in three numbers: how many, how many cities took a practice up, how many
    went from one voivodeship to another. One query."""
    transfers = Transfer.objects.filter(
        period.q("recorded_at"),
        practice__in=of_networks(public_practices(), network).values("pk"),
    )
    if voivodeship:
        transfers = transfers.filter(city__voivodeship=voivodeship)
    return transfers.aggregate(
        transfers=Count("pk"),
        cities=Count("city", distinct=True),
        practices=Count("practice", distinct=True),
        across=Count("pk", filter=~Q(city__voivodeship=F("practice__city__voivodeship"))),
    )


def results_chart(*, network, period, voivodeship) -> Chart:
    results = Result.objects.visible_to(VISITOR)
    if network is not None:
        results = results.filter(network=network)
    quarters, series = counted_by_choice(
        results, "published_at", period, "kind", ResultKind.choices
    )
    return Chart(
        slug="wyniki", kind=STACKED, title=_("Results of the networks made public, by quarter"),
        x_label=_("Quarter"), y_label=_("Results"), categories=quarter_labels(quarters),
        series=series,
        description=_("A column for each quarter, divided by the kind of result."),
        note=_("A result belongs to a network, not to a voivodeship: the voivodeship does not "
               "apply."),
    )  # fmt: skip


def last_changed():
    """When anything the charts count last changed, of what anyone may read: a member city's
    joining or leaving, a meeting held (when it began: a count grows as time passes) or
    cancelled, a practice published or edited, a transfer, a result made public. (A row that
    stops being public takes its own date with it; nothing hidden lends the figure a date.)"""
    now = timezone.now()
    members = Participation.objects.public_composition().aggregate(
        joined=Max("decided_at"), left=Max("left_at")
    )
    # visible: the meetings a public page announces, as announced() (cancelled ones too)
    meetings = Meeting.objects.filter(leaves_inside_q(), draft=False).aggregate(
        held=Max("starts_at", filter=Q(starts_at__lte=now, cancelled_at__isnull=True)),
        cancelled=Max("cancelled_at"),
    )
    results = Result.objects.visible_to(VISITOR).aggregate(published=Max("published_at"))
    moments = [*members.values(), *meetings.values(), practice_selectors.public_last_changed(),
               *results.values()]  # fmt: skip
    return max((moment for moment in moments if moment), default=None)


# The public page's charts, in its order: each a function of the filters.
CHARTS = {
    "sieci": networks_chart,
    "spotkania": meetings_chart,
    "praktyki-wojewodztwa": practices_by_voivodeship_chart,
    "praktyki-kategorie": practices_by_category_chart,
    "praktyki-wielkosc": practices_by_size_chart,
    "transfery": transfers_chart,
    "wyniki": results_chart,
}


TRANSFER_FIGURES = "figures/_transfer_figures.html"  # transfer_figures, drawn


def sections():
    """The page's parts, each at a URL of its own, with its charts (by slug)."""
    return [
        Section("sieci-i-spotkania", _("Networks and meetings"), ("sieci", "spotkania")),
        Section("dobre-praktyki", _("Good practices"),
                ("praktyki-wojewodztwa", "praktyki-kategorie", "praktyki-wielkosc")),
        Section("przejete-praktyki", _("One project into many: practices taken up"),
                ("transfery",), TRANSFER_FIGURES),
        Section("wyniki", _("Results"), ("wyniki",)),
    ]  # fmt: skip
