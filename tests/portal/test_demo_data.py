"""The demo data command loads real cities and one working login per role, and only in demo."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts import rules
from accounts.models import User
from cities.models import City
from networks.management.commands.demo_data import DEMO_ACCOUNTS, DEMO_PASSWORD
from networks.models import Network, Participation
from tests.demo_snapshot import load_demo_data

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


def test_loads_networks_and_real_cities_and_is_idempotent():
    load()
    load()
    assert Network.objects.count() == 8
    assert Network.objects.filter(kind="leaders").get().number == 8
    bochnia = City.objects.get(slug="bochnia")
    assert (bochnia.county, bochnia.voivodeship, bochnia.unit_type) == (
        "bocheński",
        "malopolskie",
        "gmina_miejska",
    )
    assert City.objects.get(name="Łomża").slug == "lomza"
    assert Participation.objects.filter(network__number=8, role="member").count() == 26


def test_prints_every_demo_login_and_each_one_works(client):
    output = load()
    for role, (email, *_rest) in DEMO_ACCOUNTS.items():
        assert email in output, role
        assert client.login(email=email, password=DEMO_PASSWORD), role
        client.logout()
    assert DEMO_PASSWORD in output


def test_the_demo_leader_is_verified_and_the_staff_member_is_not():
    load()
    assert rules.is_verified_leader(User.objects.get(email="lider@empirie.test"))
    assert not rules.is_verified_leader(User.objects.get(email="pracownik@empirie.test"))
    assert rules.is_zmp_administrator(User.objects.get(email="administrator@empirie.test"))


def test_refuses_to_run_under_production_settings(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        load()
    assert not Network.objects.exists()


# What the demo shows: the product as ZMP would use it, every role's desk with real items.


@pytest.fixture
def demo(db):
    # What the command leaves, put back from this process's copy after its first loading
    # (tests.demo_snapshot): the tests of the command itself run it (load()).
    load_demo_data()


def by_email(name):
    return User.objects.get(email=f"{name}@empirie.test")


def test_the_announcements_90_applications_from_41_cities(demo):
    applications = Participation.objects.filter(network__kind="thematic", role="member").exclude(
        status="left"
    )
    assert applications.count() == 90
    assert applications.values("city").distinct().count() == 41
    assert applications.filter(status="applied").count() >= 5
    refused = applications.get(status="refused")
    assert refused.decision_reason and refused.decided_by is not None
    # Decided through the service: each has its history.
    assert refused.events.filter(action="refused").exists()


def test_every_thematic_network_has_member_cities_and_most_have_observers(demo):
    for network in Network.objects.filter(kind="thematic"):
        members = network.participations.filter(status="accepted", role="member")
        assert members.values("city").distinct().count() >= 10, network.name
        assert network.participations.filter(status="accepted", role="coordinator").exists()
    observed = Network.objects.filter(
        participations__role="observer", participations__status="accepted"
    ).distinct()
    assert observed.count() >= 5
    assert not observed.filter(kind="leaders").exists()


def test_each_network_meets_every_quarter_from_2022_to_2024_and_has_a_coming_meeting(demo):
    from django.utils import timezone

    from meetings.models import Meeting

    now = timezone.now()
    for network in Network.objects.all():
        cycle = Meeting.objects.filter(
            network=network, starts_at__year__gte=2022, starts_at__year__lte=2024
        )
        assert {m.quarter for m in cycle} >= {(2022, 2), (2023, 2), (2024, 1)}, network.name
        assert cycle.count() >= 7, network.name
        for meeting in cycle:
            assert meeting.report.published_at is not None
            assert not meeting.registrations.filter(attended__isnull=True).exists()
        assert cycle.filter(registrations__attended=True).exists()
        hosts = set(cycle.exclude(host_city=None).values_list("host_city__name", flat=True))
        assert len(hosts) >= 4, network.name
        coming = Meeting.objects.filter(
            network=network, starts_at__gt=now, registration_deadline__gt=now
        )
        assert coming.exists(), network.name


def test_the_coordinator_sees_the_evaluation_of_the_networks_last_meeting(demo):
    from meetings import selectors
    from meetings.models import Meeting, SurveyTaken

    coordinator = User.objects.get(email="koordynator@empirie.test")
    network = Network.objects.get(number=1)
    last = Meeting.objects.filter(network=network, survey_answers__isnull=False).latest("starts_at")
    summary = selectors.survey_summary(coordinator, last)
    assert summary.shown and summary.answers >= 5 and summary.to_change
    assert summary.answers == SurveyTaken.objects.filter(meeting=last).count()
    assert not last.survey_answers.filter(person__isnull=False).exists()  # anonymous


def test_at_least_30_practices_across_the_category_tree_searchable(demo):
    from practices.models import Practice

    practices = Practice.objects.all()
    assert practices.count() >= 30
    assert practices.filter(status="published").count() >= 25
    assert {"submitted", "changes", "draft"} <= set(practices.values_list("status", flat=True))
    assert practices.values("category").distinct().count() >= 9
    assert not practices.filter(search_vector__isnull=True).exists()
    for practice in practices.filter(status="published"):
        assert practice.inhabitants == practice.city.population
        assert practice.contacts.exists()


def test_search_finds_a_demo_practice(client, demo):
    response = client.get("/praktyki/", {"q": "teleopieka"})
    assert response.status_code == 200
    # The word asked is marked in the title.
    assert "<mark>Teleopieka</mark> dla samotnych seniorów" in response.content.decode()


def test_results_at_every_stage_with_opinions_replies_and_a_reported_comment(demo):
    from results.models import Comment, CommentReport, Result

    assert {"draft", "observers", "public"} <= set(Result.objects.values_list("stage", flat=True))
    assert Comment.objects.filter(parent__isnull=False).count() >= 5
    assert CommentReport.objects.filter(handled_at=None).exists()
    from accounts.models import Notification

    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"result_new", "comment_reply", "application_accepted", "practice_reviewed"} <= kinds


def test_the_leaders_network_stays_closed(client, demo):
    from meetings.models import Meeting
    from results.models import Result

    leaders = Network.objects.get(kind="leaders")
    assert set(Result.objects.filter(network=leaders).values_list("stage", flat=True)) == {"draft"}
    assert not Meeting.objects.filter(network=leaders, report__level__in=["public", "observers"])
    for name in ("obserwator", "pracownik", "zastepca"):
        person = by_email(name)
        assert not Meeting.objects.visible_to(person).filter(network=leaders).exists()
        assert not Result.objects.visible_to(person).filter(network=leaders).exists()
    body = client.get(f"/sieci/{leaders.slug}/").content.decode()
    assert "Bezpieczeństwo miasta" not in body


def test_every_demo_roles_desk_has_real_items(client, demo):
    from desk import selectors

    coordinator = by_email("koordynator")
    queues = {queue.key: queue.total for queue in selectors.coordinator_queues(coordinator)}
    for key in ("applications", "functions", "practices", "comments", "meetings", "results"):
        assert queues[key] >= 1, key
    assert queues["messages"] == 0  # a message reported is ZMP's staff's, not a coordinator's
    administrator = by_email("administrator")
    staff = {queue.key: queue.total for queue in selectors.coordinator_queues(administrator)}
    assert staff["messages"] == 1  # the advertisement the city staff reported
    for name in ("pracownik", "ekspert", "lider"):
        desk = selectors.member_desk(by_email(name))
        assert desk["networks"] and desk["meetings"] and desk["new_results"], name
        assert any(meeting.may_register for meeting in desk["meetings"]), name
    assert selectors.member_desk(by_email("pracownik"))["practices"]
    observer = selectors.observer_desk(by_email("obserwator"))
    assert observer["awaiting"] and observer["answered"]
    assert selectors.function_awaiting(by_email("zastepca")) is not None
    for name in ("administrator", "koordynator", "ekspert", "pracownik", "lider", "obserwator",
                 "zastepca"):  # fmt: skip
        client.force_login(by_email(name))
        assert client.get("/pulpit/").status_code == 200, name
        assert by_email(name).notifications.exists() or name in ("administrator", "zastepca")


def snapshot():
    """Every row of every table the demo writes, as values: what a second run must keep."""
    from django.apps import apps

    skipped = {"sessions", "admin", "contenttypes", "auth"}
    return {
        model._meta.label: sorted(map(repr, model._base_manager.values_list()))
        for model in apps.get_models()
        if model._meta.app_label not in skipped and not model._meta.proxy
    }


def test_a_second_run_changes_nothing(demo):
    first = snapshot()
    load()
    second = snapshot()
    changed = [label for label in first if first[label] != second[label]]
    assert not changed
