"""A result or a practice names the development plans it serves: a result, those of its
network's member cities; a practice, those of its own city. Chosen in their forms (which offer
nothing else), kept by the services whatever is posted, and shown on their pages."""

import pytest
from django.urls import reverse

from cities.choices import PlanKind
from cities.models import DevelopmentPlan
from networks.choices import ParticipationStatus, Role
from practices import services as practice_services
from practices.choices import PracticeStatus
from practices.forms import PracticeForm
from practices.models import Category, Practice
from results import services as result_services
from results.choices import ResultKind
from results.forms import ResultForm
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def plan_of(city, kind=PlanKind.LOCAL, title=None):
    return DevelopmentPlan.objects.create(
        city=city, kind=kind, title=title or f"Plan {city.name} {kind}", period_from=2021,
        period_to=2030, goals="Cele",
    )  # fmt: skip


@pytest.fixture
def network():
    return NetworkFactory()


@pytest.fixture
def member(network):
    profile = ProfileFactory(city=CityFactory(name="Krosno"))
    ParticipationFactory(person=profile.user, network=network, city=profile.city)
    return profile.user


@pytest.fixture
def category():
    return Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")


def test_a_results_form_offers_the_plans_of_its_networks_member_cities_only(network, member):
    own = plan_of(member.profile.city)
    other_member = CityFactory(name="Jasło")
    ParticipationFactory(network=network, city=other_member)
    theirs = plan_of(other_member, PlanKind.INSTITUTIONAL)
    applicant = CityFactory()
    ParticipationFactory(
        network=network, city=applicant, status=ParticipationStatus.APPLIED, decided_at=None
    )
    observer = CityFactory()
    ParticipationFactory(network=network, city=observer, role=Role.OBSERVER)
    outsiders = [plan_of(applicant), plan_of(observer), plan_of(CityFactory())]
    form = ResultForm(network=network, user=member)
    offered = list(form.fields["plans"].queryset)
    assert offered == [own, theirs]  # local plans first (Krosno's), then institutional ones
    assert not set(offered) & set(outsiders)
    assert form.fields["plans"].label_from_instance(own) == f"Krosno: {own.title} (2021–2030, PRL)"


def test_a_result_keeps_only_its_networks_plans_whatever_is_posted(network, member):
    own = plan_of(member.profile.city)
    stranger = plan_of(CityFactory())
    result = result_services.result_draft(
        by=member, network_id=network.pk, kind=ResultKind.RECOMMENDATION, title="Wynik",
        summary="Skrót", body="", plans=[own, stranger],
    )  # fmt: skip
    assert list(result.plans.all()) == [own]
    # An edit that does not name plans (an older caller) leaves them as they are.
    result_services.result_edit(
        result_id=result.pk, by=member, kind=ResultKind.RECOMMENDATION, title="Wynik 2",
        summary="Skrót", body="",
    )  # fmt: skip
    assert list(result.plans.all()) == [own]


def test_the_result_form_saves_the_plans_and_the_page_shows_them(client, network, member):
    own = plan_of(member.profile.city, title="Krosno – miasto usług cyfrowych")
    stranger = plan_of(CityFactory())
    client.force_login(member)
    url = reverse("results:create", args=[network.slug])
    form = client.get(url).content.decode()
    assert own.title in form and stranger.title not in form
    data = {"kind": ResultKind.RECOMMENDATION, "title": "Wynik", "summary": "Skrót", "body": ""}
    refused = client.post(url, {**data, "plans": [stranger.pk]})
    assert refused.status_code == 200 and 'href="#id_plans' in refused.content.decode()
    response = client.post(url, {**data, "plans": [own.pk]})
    assert response.status_code == 302
    result = network.results.get()
    assert list(result.plans.all()) == [own]
    page = client.get(reverse("results:detail", args=[result.pk])).content.decode()
    assert 'id="plans-served-title"' in page and own.title in page


def test_a_practice_serves_its_own_citys_plans_only(client, category):
    author = ProfileFactory(city=CityFactory(name="Przemyśl", slug="przemysl")).user
    own = plan_of(author.profile.city, title="Przemyśl – miasto dla młodych")
    stranger = plan_of(CityFactory())
    form = PracticeForm(user=author)
    assert list(form.fields["plans"].queryset) == [own]
    client.force_login(author)
    data = {"title": "Rowery miejskie", "category": category.pk, "summary": "Skrót",
            "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}  # fmt: skip
    refused = client.post(reverse("practices:create"), {**data, "plans": [stranger.pk]})
    assert refused.status_code == 200 and 'href="#id_plans' in refused.content.decode()
    assert client.post(reverse("practices:create"), {**data, "plans": [own.pk]}).status_code == 302
    practice = Practice.objects.get(author=author)
    assert list(practice.plans.all()) == [own]
    # The service keeps to the city whatever it is given.
    practice_services.practice_save(
        by=author, practice_id=practice.pk, title=practice.title, category=category,
        summary="Skrót", plans=[own, stranger],
    )  # fmt: skip
    assert list(practice.plans.all()) == [own]
    page = client.get(reverse("practices:detail", args=[practice.slug])).content.decode()
    assert own.title in page


def test_a_practice_form_without_city_plans_shows_no_empty_choice(client, category):
    author = ProfileFactory().user
    client.force_login(author)
    page = client.get(reverse("practices:create")).content.decode()
    assert 'name="plans"' not in page


def test_a_published_practices_page_shows_a_new_plan_title_at_once(client, category):
    """The practice's card is cached: a plan renamed on its city's page is shown renamed."""
    author = ProfileFactory().user
    plan = plan_of(author.profile.city, title="Stary tytuł")
    practice = practice_services.practice_save(
        by=author, title="Rowery", category=category, summary="Skrót", plans=[plan]
    )
    practice.status = PracticeStatus.PUBLISHED
    practice.save()
    url = reverse("practices:detail", args=[practice.slug])
    assert "Stary tytuł" in client.get(url).content.decode()
    plan.title = "Nowy tytuł"
    plan.save()
    assert "Nowy tytuł" in client.get(url).content.decode()


def test_deleting_a_plan_unlinks_it(network, member):
    own = plan_of(member.profile.city)
    result = result_services.result_draft(
        by=member, network_id=network.pk, kind=ResultKind.RECOMMENDATION, title="Wynik",
        summary="Skrót", body="", plans=[own],
    )  # fmt: skip
    own.delete()
    assert not result.plans.exists()
