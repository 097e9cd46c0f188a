"""The leaders' network is closed: its inside reaches only verified leaders and ZMP's people,
and access ends the moment a function stops being verified."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services as account_services
from accounts.choices import Function, FunctionStatus
from networks import rules
from networks.choices import NetworkKind, Role
from networks.models import Network, Participation
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaders():
    return NetworkFactory(kind=NetworkKind.LEADERS, slug="siec-dla-liderow")


@pytest.fixture
def coordinator(leaders):
    return ParticipationFactory(network=leaders, role=Role.COORDINATOR, city=None).person


@pytest.fixture
def mayor(leaders):
    profile = ProfileFactory(function=Function.MAYOR, verified=True)
    ParticipationFactory(person=profile.user, network=leaders, city=profile.city)
    return profile.user


def inside(leaders):
    return reverse("networks:inside", args=[leaders.slug])


def test_a_verified_mayor_sees_the_inside_and_its_people(client, leaders, mayor, coordinator):
    client.force_login(mayor)
    response = client.get(inside(leaders))
    assert response.status_code == 200
    assert mayor.get_full_name() in response.content.decode()


def test_the_insides_people_table_names_each_ones_city_function_and_role(
    uncached_fragments, client, leaders, mayor, coordinator
):
    coordinator.first_name = coordinator.last_name = ""  # ZMP staff without a name given
    coordinator.save()
    client.force_login(mayor)
    rows = re.findall(r"<tr>(.*?)</tr>", client.get(inside(leaders)).content.decode(), re.S)
    cells = [re.findall(r'<td data-label="[^"]*">(.*?)</td>', row) for row in rows[1:]]
    assert [mayor.get_full_name(), str(mayor.profile.city), "burmistrz", "członek"] in cells
    assert ["pracownik ZMP", "ZMP", "–", "koordynator"] in cells


def test_withdrawing_the_verification_ends_access_at_once(client, leaders, mayor, coordinator):
    client.force_login(mayor)
    assert client.get(inside(leaders)).status_code == 200
    account_services.function_decide(
        profile_id=mayor.profile.pk,
        by=coordinator,
        verified=False,
        reason="Koniec kadencji.",
        seen_function=mayor.profile.function,
        seen_city_id=mayor.profile.city_id,
    )
    assert client.get(inside(leaders)).status_code == 404
    mayor.refresh_from_db()
    assert not rules.can_see_inside(mayor, leaders)
    assert not Network.objects.with_inside_visible_to(mayor).filter(pk=leaders.pk).exists()


def test_changing_ones_function_ends_access_until_verified_again(client, leaders, mayor):
    client.force_login(mayor)
    response = client.post(
        reverse("accounts:profile"),
        {"city": mayor.profile.city.pk, "function": Function.STAFF, "email_mode": "immediate"},
    )
    assert response.status_code == 302
    mayor.profile.refresh_from_db()
    assert mayor.profile.function_status == FunctionStatus.DECLARED
    assert client.get(inside(leaders)).status_code == 404


def test_nobody_else_learns_who_is_inside(client, leaders, mayor):
    staff = ProfileFactory().user
    thematic_member = ParticipationFactory(person=staff).network
    assert set(Network.objects.with_inside_visible_to(staff)) == {thematic_member}
    assert not Participation.objects.visible_to(staff).filter(network=leaders).exists()

    client.force_login(staff)
    assert client.get(inside(leaders)).status_code == 404
    assert client.get(reverse("networks:applications", args=[leaders.slug])).status_code == 404
    # The public page names the member cities, as ZMP publishes them, but not the people.
    public = client.get(reverse("networks:detail", args=[leaders.slug])).content.decode()
    assert mayor.profile.city.name in public
    assert mayor.get_full_name() not in public


def test_visitors_get_404_not_a_log_in_prompt(client, leaders):
    assert client.get(inside(leaders)).status_code == 404


def test_the_public_page_says_why_one_cannot_apply(client, leaders):
    client.force_login(ProfileFactory(function=Function.DEPUTY_MAYOR).user)
    page = client.get(reverse("networks:detail", args=[leaders.slug])).content.decode()
    assert 'id="apply-reason"' in page
    assert reverse("networks:apply", args=[leaders.slug]) not in page


def test_a_mayor_whose_verification_lapsed_cannot_be_accepted(leaders, coordinator):
    from networks import services

    profile = ProfileFactory(function=Function.MAYOR, verified=True)
    application = services.participation_apply(
        person=profile.user, network_id=leaders.pk, motivation="Chcę wymieniać doświadczenia."
    )
    account_services.function_decide(
        profile_id=profile.pk,
        by=coordinator,
        verified=False,
        reason="x",
        seen_function=profile.function,
        seen_city_id=profile.city_id,
    )
    with pytest.raises(Exception, match="verif|zweryfik"):
        services.participation_decide(participation_id=application.pk, by=coordinator, accept=True)


def test_inside_page_queries_do_not_grow_with_members(
    uncached_fragments, client, leaders, mayor, django_assert_max_num_queries
):
    client.force_login(mayor)
    with django_assert_max_num_queries(20) as few:
        client.get(inside(leaders))
    for _ in range(20):
        profile = ProfileFactory(function=Function.PRESIDENT, verified=True)
        ParticipationFactory(person=profile.user, network=leaders, city=profile.city)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(inside(leaders))
    assert not mail.outbox


def test_the_public_page_shows_a_closed_networks_meeting_dates_only_to_its_people(
    client, leaders, mayor
):
    import datetime as dt

    from django.utils import timezone

    from meetings.models import Meeting

    starts_at = (timezone.localtime() + dt.timedelta(days=40)).replace(microsecond=0)
    Meeting.objects.create(
        network=leaders,
        topic="Poufne",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        venue_address="Ratusz",
    )
    url = reverse("networks:detail", args=[leaders.slug])
    date = f'datetime="{starts_at.isoformat()}"'
    assert date not in client.get(url).content.decode()
    client.force_login(ProfileFactory().user)
    assert date not in client.get(url).content.decode()
    client.force_login(mayor)
    assert date in client.get(url).content.decode()


def test_news_from_the_inside_stops_reaching_a_mayor_who_left_office(leaders, mayor, coordinator):
    from accounts.choices import EmailMode, NotificationKind
    from accounts.models import Notification
    from accounts.services import digest_send, notify

    mayor.profile.email_mode = EmailMode.DIGEST
    mayor.profile.save()
    notify(
        recipient=mayor,
        kind=NotificationKind.MEETING_CHANGED,
        params={"topic": "Zmiana"},
        network=leaders,
    )
    assert Notification.objects.visible_to(mayor).count() == 1
    account_services.function_decide(
        profile_id=mayor.profile.pk,
        by=coordinator,
        verified=False,
        reason="x",
        seen_function=mayor.profile.function,
        seen_city_id=mayor.profile.city_id,
    )
    mayor.refresh_from_db()
    # The refusal notice still reaches them; the inside's news does not.
    assert list(Notification.objects.visible_to(mayor).values_list("kind", flat=True)) == [
        "function_rejected"
    ]
    assert digest_send(mayor.pk) == 1
    assert "Zmiana" not in mail.outbox[-1].body


def test_a_zmp_coordinator_of_another_network_is_told_the_leaders_network_rule(client, leaders):
    zmp_coordinator = ParticipationFactory(role=Role.COORDINATOR, city=None).person  # no city
    decision = rules.can_apply(zmp_coordinator, leaders)
    assert not decision and "burmistrzowie, prezydenci miast" in str(decision.reason)
    client.force_login(zmp_coordinator)
    page = client.get(reverse("networks:detail", args=[leaders.slug])).content.decode()
    assert "burmistrzowie, prezydenci miast i ich" in page and "nie wskazuje miasta" not in page


def test_a_withdrawn_verification_says_so_and_names_the_places_given_back(
    leaders, mayor, coordinator
):
    import datetime as dt

    from django.utils import timezone

    from accounts.choices import NotificationKind
    from accounts.models import Notification
    from accounts.notification_texts import function_rejected
    from meetings.models import Meeting, Registration

    starts = timezone.now() + dt.timedelta(days=20)
    meeting = Meeting.objects.create(
        network=leaders, topic="Sesja liderów", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3), venue_address="Rynek 1",
    )  # fmt: skip
    Registration.objects.create(meeting=meeting, person=mayor, mode="in_person")
    account_services.function_decide(
        profile_id=mayor.profile.pk, by=coordinator, verified=False, reason="Koniec kadencji",
        seen_function=mayor.profile.function, seen_city_id=mayor.profile.city_id,
    )  # fmt: skip
    notice = Notification.objects.get(recipient=mayor, kind=NotificationKind.FUNCTION_REJECTED)
    title, body = function_rejected(notice.params)
    assert title.startswith("Weryfikacja Twojej funkcji została cofnięta")
    assert "Koniec kadencji" in body and "1 nadchodzącym spotkaniu sieci dla liderów" in body
    assert not Registration.objects.filter(person=mayor).exists()
