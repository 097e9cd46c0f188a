"""The demo gives its cities their real status in the programme and plausible plans, and
links a result and a practice to them; the demo clerk edits their own city's plans."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from cities import rules
from cities.choices import PlanKind, ProgrammeStatus
from cities.models import City, DevelopmentPlan
from networks.demo_content import LAUREATES
from practices.models import Practice
from results.models import Result

pytestmark = pytest.mark.django_db


def load():
    call_command("demo_data", stdout=StringIO())


def test_the_demos_laureates_and_finalists_bring_their_two_plans_and_others_none():
    load()
    for city in City.objects.filter(name__in=["Starachowice", "Przemyśl", "Cieszyn", "Bochnia"]):
        expected = {
            "Starachowice": ProgrammeStatus.LAUREATE, "Przemyśl": ProgrammeStatus.LAUREATE,
            "Cieszyn": ProgrammeStatus.FINALIST, "Bochnia": ProgrammeStatus.OBSERVER,
        }[city.name]  # fmt: skip
        assert city.programme_status == expected, city.name
    assert City.objects.filter(name__in=LAUREATES, programme_status="laureate").count() == len(
        LAUREATES
    )
    in_programme = City.objects.filter(programme_status__in=["laureate", "finalist"])
    for city in in_programme:
        assert sorted(city.plans.values_list("kind", flat=True)) == sorted(PlanKind.values)
    assert not DevelopmentPlan.objects.exclude(city__in=in_programme).exists()
    result = Result.objects.get(title="Rekomendacje: e-usługi w urzędzie miasta średniej wielkości")
    assert sorted(result.plans.values_list("city__name", flat=True)) == ["Krosno", "Przemyśl"]
    practice = Practice.objects.get(plans__isnull=False)
    assert practice.city.name == "Przemyśl"
    clerk = User.objects.get(email="pracownik@empirie.test")
    assert rules.can_edit_plans(clerk, City.objects.get(name="Przemyśl"))
    assert not rules.can_edit_plans(clerk, City.objects.get(name="Krosno"))
    count = DevelopmentPlan.objects.count()
    load()  # idempotent
    assert DevelopmentPlan.objects.count() == count
    assert result.plans.count() == 2
