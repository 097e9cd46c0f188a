"""Writes to cities: their status in the programme and their development plans. Each takes
ids, locks the row, checks the rule again on it and saves only its own fields; the audit log
(cities.signals) records who changed what."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from . import rules
from .choices import ProgrammeStatus
from .models import City, DevelopmentPlan

PLAN_FIELDS = ("kind", "title", "period_from", "period_to", "goals")


@transaction.atomic
def city_status_set(*, city_id: int, status: str, by: User) -> City:
    """An administrator records the city's place in the programme."""
    if not rules.can_edit_status(by):
        raise PermissionDenied
    if status not in ProgrammeStatus.values:
        raise ValidationError(_("Choose one of the statuses."))
    city = City.objects.select_for_update().get(pk=city_id)
    if city.programme_status != status:
        city.programme_status = status
        city.save(update_fields=["programme_status"])
    return city


def _checked(values: dict) -> dict:
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"not a plan's field: {sorted(unknown)}")
    if values["period_from"] > values["period_to"]:
        raise ValidationError(
            {"period_to": _("The plan cannot end before it starts: give a later year.")}
        )
    # The model's own rules (kind, years, lengths) whatever calls: a form, a command.
    DevelopmentPlan(**values).full_clean(exclude=["city"])
    return values


@transaction.atomic
def plan_create(
    *, city_id: int, by: User, kind: str, title: str, period_from: int, period_to: int, goals: str
) -> DevelopmentPlan:
    city = City.objects.select_for_update().get(pk=city_id)
    if not rules.can_edit_plans(by, city):
        raise PermissionDenied
    values = _checked(
        {"kind": kind, "title": title.strip(), "period_from": period_from,
         "period_to": period_to, "goals": goals.strip()}
    )  # fmt: skip
    return DevelopmentPlan.objects.create(city=city, **values)


@transaction.atomic
def plan_update(
    *,
    plan_id: int,
    by: User,
    kind: str,
    title: str,
    period_from: int,
    period_to: int,
    goals: str,
) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.select_for_update().select_related("city").get(pk=plan_id)
    if not rules.can_edit_plans(by, plan.city):
        raise PermissionDenied
    values = _checked(
        {"kind": kind, "title": title.strip(), "period_from": period_from,
         "period_to": period_to, "goals": goals.strip()}
    )  # fmt: skip
    changed = [name for name, value in values.items() if getattr(plan, name) != value]
    for name in changed:
        setattr(plan, name, values[name])
    if changed:
        plan.save(update_fields=[*changed, "updated_at"])
    return plan


@transaction.atomic
def plan_delete(*, plan_id: int, by: User) -> None:
    plan = DevelopmentPlan.objects.select_for_update().select_related("city").get(pk=plan_id)
    if not rules.can_edit_plans(by, plan.city):
        raise PermissionDenied
    plan.delete()
