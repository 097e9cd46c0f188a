"""Reads of cities' development plans, each one query whatever the number of plans."""

from itertools import groupby

from django.db.models import Case, IntegerField, Value, When

from .choices import PlanKind
from .models import DevelopmentPlan

# Local plans first, as the programme names them ("PRL i PRI").
KIND_ORDER = Case(
    *(When(kind=kind, then=Value(position)) for position, kind in enumerate(PlanKind.values)),
    output_field=IntegerField(),
)


def plans_of(city):
    """The city's plans: local ones first, then institutional, the latest first."""
    return DevelopmentPlan.objects.filter(city=city).order_by(KIND_ORDER, "-period_from", "pk")


def plans_of_cities(cities):
    """The plans of these cities (a queryset of cities or of their ids), with their city, in
    one query: by kind, then by city in Polish alphabetical order."""
    return (
        DevelopmentPlan.objects.filter(city__in=cities)
        .select_related("city")
        .order_by(KIND_ORDER, "city__sort_key", "-period_from", "pk")
    )


def by_kind(plans) -> list[tuple[str, list]]:
    """(kind's label, plans) for each kind that has plans, local plans first."""
    labels = dict(PlanKind.choices)
    return [(labels[kind], list(rows)) for kind, rows in groupby(plans, key=lambda p: p.kind)]


def plan_label(plan) -> str:
    """A plan among others to choose from (its city selected with it): "Przemyśl: title
    (2021–2030, PRL)"."""
    short = PLAN_SHORT.get(plan.kind, "")
    return f"{plan.city.name}: {plan.title} ({plan.period}, {short})"


# The programme's own abbreviations, the same in any language.
PLAN_SHORT = {PlanKind.LOCAL: "PRL", PlanKind.INSTITUTIONAL: "PRI"}
