"""A city's status in the programme and its development plans: who may change them (ZMP's
administrators the status; administrators and the city's own confirmed staff the plans), the
audit log's record of each change, the forms' errors, and the plans the member cities bring,
on their network's page, in a constant number of queries."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Function
from audit.context import Actor, current
from audit.models import AuditEntry
from cities import rules, services
from cities.choices import PlanKind, ProgrammeStatus
from cities.models import DevelopmentPlan
from networks.choices import NetworkKind, ParticipationStatus, Role
from tests.factories import (
    CityFactory,
    NetworkFactory,
    ParticipationFactory,
    ProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PLAN = {
    "kind": PlanKind.LOCAL,
    "title": "Przemyśl – miasto dla młodych",
    "period_from": 2021,
    "period_to": 2030,
    "goals": "Zatrzymać młodych w mieście.\nOżywić Stare Miasto.",
}


def entries(instance):
    return AuditEntry.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).order_by("pk")


@pytest.fixture
def city():
    return CityFactory(name="Przemyśl", slug="przemysl")


@pytest.fixture
def admin_user():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def member(city):
    """A clerk whom a coordinator accepted as the city's member of a thematic network."""
    person = ProfileFactory(city=city).user
    ParticipationFactory(person=person, city=city)
    return person


def plan_of(city, **fields):
    return DevelopmentPlan.objects.create(city=city, **{**PLAN, **fields})


# Who may edit


def test_administrators_alone_edit_a_citys_status(city, admin_user, member):
    leader = ProfileFactory(city=city, function=Function.MAYOR, verified=True).user
    assert rules.can_edit_status(admin_user)
    for person in (member, leader, UserFactory()):
        assert not rules.can_edit_status(person)
    with pytest.raises(PermissionDenied):
        services.city_status_set(city_id=city.pk, status=ProgrammeStatus.LAUREATE, by=member)


def test_a_citys_confirmed_staff_edit_its_plans_and_nobody_elses(city, admin_user, member):
    leader = ProfileFactory(city=city, function=Function.MAYOR, verified=True).user
    other_city_member = ProfileFactory().user
    ParticipationFactory(person=other_city_member, city=other_city_member.profile.city)
    assert rules.can_edit_plans(admin_user, city)
    assert rules.can_edit_plans(member, city)
    assert rules.can_edit_plans(leader, city)
    assert not rules.can_edit_plans(other_city_member, city)
    assert not rules.can_edit_plans(UserFactory(), city)


def test_saying_one_works_for_a_city_is_not_enough(city):
    """A profile that names the city, with no verified function and no accepted membership:
    anyone may write any city at sign-up."""
    declared = ProfileFactory(city=city).user
    unverified_mayor = ProfileFactory(city=city, function=Function.MAYOR).user
    applicant = ProfileFactory(city=city).user
    ParticipationFactory(
        person=applicant, city=city, status=ParticipationStatus.APPLIED, decided_at=None
    )
    observer = ProfileFactory(city=city).user
    ParticipationFactory(person=observer, city=city, role=Role.OBSERVER)
    for person in (declared, unverified_mayor, applicant, observer):
        assert not rules.can_edit_plans(person, city)


def test_a_membership_for_another_city_or_a_moved_person_does_not_count(city, member):
    """The membership was accepted for the city the person represented then; a person who
    has since named another city on their profile no longer edits either city's plans."""
    member.profile.city = CityFactory()
    member.profile.save()
    assert not rules.can_edit_plans(member, city)
    assert not rules.can_edit_plans(member, member.profile.city)


def test_the_leaders_network_counts_only_through_the_verified_function(city):
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    withdrawn = ProfileFactory(city=city, function=Function.MAYOR).user  # not verified (now)
    ParticipationFactory(person=withdrawn, network=leaders, city=city)
    assert not rules.can_edit_plans(withdrawn, city)


def test_an_inactive_account_edits_nothing(city, member):
    member.is_active = False
    member.save()
    assert not rules.can_edit_plans(member, city)


# Services and the audit log


def test_the_status_change_is_in_the_audit_log_with_who_and_from_where(city, admin_user):
    token = current.set(Actor(user=admin_user, ip="192.0.2.7"))
    try:
        services.city_status_set(city_id=city.pk, status=ProgrammeStatus.FINALIST, by=admin_user)
    finally:
        current.reset(token)
    city.refresh_from_db()
    assert city.programme_status == ProgrammeStatus.FINALIST
    entry = entries(city).last()
    assert entry.action == AuditEntry.Action.CHANGED
    assert entry.actor == admin_user and entry.ip == "192.0.2.7"
    assert entry.changes == {"programme_status": [ProgrammeStatus.NONE, ProgrammeStatus.FINALIST]}


def test_creating_editing_and_deleting_a_plan_is_each_in_the_audit_log(city, member):
    token = current.set(Actor(user=member, ip="198.51.100.4"))
    try:
        plan = services.plan_create(city_id=city.pk, by=member, **PLAN)
        services.plan_update(plan_id=plan.pk, by=member, **{**PLAN, "period_to": 2032})
        services.plan_delete(plan_id=plan.pk, by=member)
    finally:
        current.reset(token)
    logged = list(entries(plan))
    assert [e.action for e in logged] == ["created", "changed", "deleted"]
    assert all(e.actor == member and e.ip == "198.51.100.4" for e in logged)
    assert logged[0].changes["title"] == [None, PLAN["title"]]
    assert logged[1].changes["period_to"] == ["2030", "2032"]
    assert logged[2].object_repr == f"{PLAN['title']} (2021–2032)"  # outlives the plan
    assert not DevelopmentPlan.objects.filter(pk=plan.pk).exists()


def test_the_services_refuse_others_and_a_plan_that_ends_before_it_starts(city, member):
    stranger = ProfileFactory().user
    with pytest.raises(PermissionDenied):
        services.plan_create(city_id=city.pk, by=stranger, **PLAN)
    plan = plan_of(city)
    with pytest.raises(PermissionDenied):
        services.plan_update(plan_id=plan.pk, by=stranger, **PLAN)
    with pytest.raises(PermissionDenied):
        services.plan_delete(plan_id=plan.pk, by=stranger)
    with pytest.raises(ValidationError):
        services.plan_create(city_id=city.pk, by=member, **{**PLAN, "period_from": 2031})


def test_a_membership_ended_since_the_form_was_loaded_is_refused(city, member):
    """The rule is asked again on the locked row: a page loaded before the person left the
    network cannot write."""
    plan = plan_of(city)
    member.participations.update(status=ParticipationStatus.LEFT, left_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.plan_update(plan_id=plan.pk, by=member, **PLAN)


# Pages


def test_the_city_page_shows_status_and_plans_and_edit_links_only_to_editors(
    client, city, member, admin_user
):
    city.programme_status = ProgrammeStatus.LAUREATE
    city.save()
    plan = plan_of(city)
    plan_of(city, kind=PlanKind.INSTITUTIONAL, title="Urząd bliżej mieszkańców")
    page = reverse("cities:detail", args=[city.slug])
    html = client.get(page).content.decode()
    assert "laureat" in html.lower() and plan.title in html and "Ożywić Stare Miasto" in html
    assert reverse("cities:plan_edit", args=[city.slug, plan.pk]) not in html
    assert reverse("cities:status", args=[city.slug]) not in html
    client.force_login(member)
    html = client.get(page).content.decode()
    assert reverse("cities:plan_edit", args=[city.slug, plan.pk]) in html
    assert reverse("cities:plan_delete", args=[city.slug, plan.pk]) in html
    assert reverse("cities:status", args=[city.slug]) not in html
    client.force_login(admin_user)
    html = client.get(page).content.decode()
    assert reverse("cities:status", args=[city.slug]) in html


def test_the_plan_form_shows_the_error_summary_and_keeps_the_plan_unsaved(client, city, member):
    client.force_login(member)
    response = client.post(
        reverse("cities:plan_create", args=[city.slug]),
        {**PLAN, "period_from": "2030", "period_to": "2021", "title": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Błąd:" in html and 'class="error-summary"' in html
    assert 'href="#id_title"' in html and 'href="#id_period_to"' in html
    assert not DevelopmentPlan.objects.exists()


@pytest.mark.parametrize("year", ["dwa tysiące", "1999", "2101", "20221", "-5", "2021.5"])
def test_a_bad_year_is_a_form_error_never_a_500(client, city, member, year):
    client.force_login(member)
    response = client.post(
        reverse("cities:plan_create", args=[city.slug]), {**PLAN, "period_from": year}
    )
    assert response.status_code == 200 and 'href="#id_period_from"' in response.content.decode()


def test_a_plan_is_added_edited_and_deleted_after_confirmation(client, city, member):
    client.force_login(member)
    response = client.post(reverse("cities:plan_create", args=[city.slug]), PLAN)
    assert response.status_code == 302
    plan = DevelopmentPlan.objects.get(city=city)
    edit = reverse("cities:plan_edit", args=[city.slug, plan.pk])
    assert 'value="2021"' in client.get(edit).content.decode()
    client.post(edit, {**PLAN, "title": "Nowy tytuł"})
    plan.refresh_from_db()
    assert plan.title == "Nowy tytuł"
    delete = reverse("cities:plan_delete", args=[city.slug, plan.pk])
    confirmation = client.get(delete)
    assert confirmation.status_code == 200 and "Nowy tytuł" in confirmation.content.decode()
    assert DevelopmentPlan.objects.filter(pk=plan.pk).exists()  # asking deletes nothing
    assert client.post(delete).status_code == 302
    assert not DevelopmentPlan.objects.filter(pk=plan.pk).exists()


def test_a_plans_title_is_one_line(client, city, member):
    """A pasted title's line breaks would break the lines of the files and e-mails it goes to."""
    client.force_login(member)
    title = "Przemyśl –\r\nmiasto  dla\tmłodych "
    response = client.post(
        reverse("cities:plan_create", args=[city.slug]), {**PLAN, "title": title}
    )
    assert response.status_code == 302
    assert DevelopmentPlan.objects.get(city=city).title == "Przemyśl – miasto dla młodych"


def test_another_citys_plan_is_not_found_under_this_city(client, city, member):
    other = plan_of(CityFactory())
    client.force_login(member)
    assert client.get(reverse("cities:plan_edit", args=[city.slug, other.pk])).status_code == 404
    assert client.post(reverse("cities:plan_delete", args=[city.slug, other.pk])).status_code == 404
    assert DevelopmentPlan.objects.filter(pk=other.pk).exists()


def test_the_status_form_is_for_administrators(client, city, member, admin_user):
    url = reverse("cities:status", args=[city.slug])
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.post(url, {"programme_status": "laureate"}).status_code == 403
    client.force_login(admin_user)
    response = client.post(url, {"programme_status": "zwycięzca"})
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()
    assert client.post(url, {"programme_status": "laureate"}).status_code == 302
    city.refresh_from_db()
    assert city.programme_status == ProgrammeStatus.LAUREATE


# The network's page


def network_with_members(network, count, *, applicants=0):
    for _ in range(count):
        city = CityFactory()
        ParticipationFactory(network=network, city=city)
        plan_of(city, title=f"Plan {city.name}")
        plan_of(city, kind=PlanKind.INSTITUTIONAL, title=f"PRI {city.name}")
    for _ in range(applicants):
        city = CityFactory()
        ParticipationFactory(
            network=network, city=city, status=ParticipationStatus.APPLIED, decided_at=None
        )
        plan_of(city, title=f"Zgłoszone {city.name}")


def test_the_network_page_lists_its_member_cities_plans_by_kind(client):
    network = NetworkFactory()
    network_with_members(network, 2, applicants=1)
    observer_city = CityFactory()
    ParticipationFactory(network=network, city=observer_city, role=Role.OBSERVER)
    plan_of(observer_city, title="Obserwatora plan")
    html = client.get(reverse("networks:detail", args=[network.slug])).content.decode()
    section = html[html.index('id="plans-title"') :]
    assert section.count("Plan Miasto") == 2 and section.count("PRI Miasto") == 2
    assert section.index("Plan Rozwoju Lokalnego") < section.index("Plan Rozwoju Instytucjonalnego")
    # Only the network's members: not an applicant's plan, not an observer city's.
    assert "Zgłoszone" not in html and "Obserwatora plan" not in html


def test_the_leaders_network_page_shows_plans_of_the_cities_it_names_and_nothing_more(client):
    """What the leaders' network does is closed; who is in it is not (its page lists its
    member cities to everyone): the plans are those of the cities the page names, and never
    of a city whose mayor only applied, nor who the members are."""
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    network_with_members(leaders, 2, applicants=1)
    mayor = leaders.participations.filter(status=ParticipationStatus.ACCEPTED).first().person
    html = client.get(reverse("networks:detail", args=[leaders.slug])).content.decode()
    assert html.count("Plan Miasto") == 2
    assert "Zgłoszone" not in html
    assert mayor.last_name not in html and mayor.email not in html


def test_the_network_page_reads_its_plans_in_the_same_queries_however_many(
    uncached_fragments, client, django_assert_max_num_queries
):
    network = NetworkFactory()
    network_with_members(network, 1)
    url = reverse("networks:detail", args=[network.slug])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    network_with_members(network, 12, applicants=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("PRI Miasto") == 13


def test_a_long_list_of_plans_is_paged(uncached_fragments, client):
    network = NetworkFactory()
    network_with_members(network, 25)  # 50 plans
    url = reverse("networks:detail", args=[network.slug])
    first = client.get(url).content.decode()
    second = client.get(url, {"plany": "2"}).content.decode()
    assert first.count("PRI Miasto") + second.count("PRI Miasto") == 25
    assert "?plany=2" in first
    assert client.get(url, {"plany": "nie-liczba"}).status_code == 200


def test_a_new_or_renamed_plan_is_shown_at_once_on_the_cached_pages(client, city, member):
    """The network's page is cached in fragments: a plan's change makes them stale."""
    network = NetworkFactory()
    ParticipationFactory(network=network, city=city)
    pages = [
        reverse("networks:detail", args=[network.slug]),
        reverse("cities:detail", args=[city.slug]),
    ]
    for url in pages:
        assert "Przemyśl – miasto dla młodych" not in client.get(url).content.decode()
    plan = services.plan_create(city_id=city.pk, by=member, **PLAN)
    for url in pages:
        assert plan.title in client.get(url).content.decode()
    services.plan_update(plan_id=plan.pk, by=member, **{**PLAN, "title": "Nowa nazwa planu"})
    for url in pages:
        html = client.get(url).content.decode()
        assert "Nowa nazwa planu" in html and plan.title not in html
    services.plan_delete(plan_id=plan.pk, by=member)
    for url in pages:
        assert "Nowa nazwa planu" not in client.get(url).content.decode()
