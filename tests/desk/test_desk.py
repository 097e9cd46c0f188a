"""Each person's desk: what awaits them, through the same visible_to rules as every page,
in a number of queries that does not grow with their networks or items."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Function, FunctionStatus
from meetings.models import Meeting, Registration
from networks.choices import NetworkKind, ParticipationStatus, Role
from practices.choices import PracticeStatus
from practices.models import Category, Practice
from results.choices import Stage
from results.models import Comment, CommentReport, Result
from tests.factories import (
    CityFactory,
    NetworkFactory,
    ParticipationFactory,
    ProfileFactory,
    UserFactory,
)
from tests.meetings.test_reports import png

pytestmark = pytest.mark.django_db

DESK = reverse("desk:home")


def coordinator_of(*networks):
    person = ProfileFactory(city=None).user
    for network in networks:
        ParticipationFactory(network=network, person=person, role=Role.COORDINATOR, city=None)
    return person


def tasks_in(network, *, marker, now=None):
    """One item of every kind of the coordinator's queue in `network`, each titled with
    `marker`."""
    now = now or timezone.now()
    applicant = UserFactory(first_name=marker, last_name="Zgłaszająca")
    ParticipationFactory(
        network=network, person=applicant, status=ParticipationStatus.APPLIED, decided_at=None
    )
    category, _created = Category.objects.get_or_create(
        parent=None, name="Usługi", defaults={"slug": "uslugi"}
    )
    author = ProfileFactory().user
    practice = Practice.objects.create(
        title=f"Praktyka {marker}", slug=f"praktyka-{marker.lower()}", category=category,
        city=CityFactory(), summary="Skrót", author=author, status=PracticeStatus.SUBMITTED,
        submitted_at=now - dt.timedelta(days=2), restricted_to_networks=True,
    )  # fmt: skip
    practice.networks.set([network])
    result = Result.objects.create(
        network=network, author=author, kind="report", title=f"Wynik {marker}", summary="S",
        stage=Stage.OBSERVERS, opened_to_observers_at=now - dt.timedelta(days=40),
        opinions_until=(now - dt.timedelta(days=1)).date(),
    )  # fmt: skip
    comment = Comment.objects.create(result=result, author=author, body=f"Uwaga {marker}")
    CommentReport.objects.create(comment=comment, reporter=UserFactory(), reason="Obraźliwe")
    Meeting.objects.create(
        network=network, topic=f"Spotkanie {marker}", starts_at=now - dt.timedelta(days=20),
        ends_at=now - dt.timedelta(days=20, hours=-3), created_by=author, venue_address="Rynek 1",
    )  # fmt: skip


def test_a_coordinator_has_one_queue_across_their_networks_each_item_with_its_action(client):
    first, second = NetworkFactory(), NetworkFactory()
    tasks_in(first, marker="Alfa")
    tasks_in(second, marker="Beta")
    mayor = ProfileFactory(function=Function.MAYOR, user__first_name="Burmistrz")
    client.force_login(coordinator_of(first, second))
    page = client.get(DESK).content.decode()
    for marker in ("Alfa", "Beta"):
        assert f"{marker} Zgłaszająca" in page
        assert f"Praktyka {marker}" in page
        assert f"Wynik {marker}" in page and f"Uwaga {marker}" in page
        assert f"Spotkanie {marker}" in page
    assert mayor.user.get_full_name() in page  # the function to verify
    assert ">chwilę</time>" in page and "0 minut" not in page  # the function asked just now
    for action in (
        "Zdecyduj",
        "Zweryfikuj",
        "Zrecenzuj",
        "Moderuj",
        "Napisz relację",
        "Udostępnij szerzej",
    ):
        assert action in page, action
    # 2 applications, 2 practices, 2 reported comments, 2 meetings, 2 results, 1 function.
    assert "Do zrobienia: 11" in page
    assert 'Do zrobienia <span class="badge badge--count">11</span>' in page  # the navigation
    # The same number in the navigation of any other page, counted on its own.
    other = client.get(reverse("networks:list")).content.decode()
    assert 'Do zrobienia <span class="badge badge--count">11</span>' in other


def test_the_queue_never_shows_a_network_the_coordinator_does_not_run(client):
    theirs = NetworkFactory()
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    tasks_in(leaders, marker="Tajne")
    client.force_login(coordinator_of(theirs))
    page = client.get(DESK).content.decode()
    assert "Tajne" not in page
    assert "Do zrobienia: 0" in page
    assert "Nic nie czeka" in page  # an empty queue says so, and what will come


def test_the_desk_queries_do_not_grow_with_networks_or_items(client, django_assert_max_num_queries):
    one = NetworkFactory()
    tasks_in(one, marker="Jeden")
    client.force_login(coordinator_of(one))
    with django_assert_max_num_queries(40) as few:
        client.get(DESK)
    networks = [NetworkFactory() for _ in range(3)]
    for number, network in enumerate(networks):
        for copy in range(3):
            tasks_in(network, marker=f"N{number}K{copy}")
    client.force_login(coordinator_of(*networks))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(DESK).content.decode()
    assert "Do zrobienia: 45 spraw" in page  # 3 networks × 3 × 5 kinds


def test_a_member_sees_their_networks_and_registers_for_the_next_meeting_in_one_click(client):
    network = NetworkFactory(name="SIEĆ MOBILNOŚCI")
    member = ParticipationFactory(network=network).person
    coordinator = coordinator_of(network)
    starts = timezone.now() + dt.timedelta(days=10)
    meeting = Meeting.objects.create(
        network=network, topic="Transport publiczny", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3), created_by=coordinator, venue_address="Rynek 1",
    )  # fmt: skip
    client.force_login(member)
    page = client.get(DESK).content.decode()
    assert reverse("networks:inside", args=[network.slug]) in page
    assert "Transport publiczny" in page
    assert reverse("meetings:register", args=[meeting.pk]) in page
    assert "Do zrobienia" not in page  # a member has no queue
    back = client.post(
        reverse("meetings:register", args=[meeting.pk]) + "?z=pulpit", {"mode": "in_person"}
    )
    assert back.url == DESK  # registered from the desk, back on it
    assert Registration.objects.filter(meeting=meeting, person=member).exists()
    page = client.get(DESK).content.decode()
    assert "Zapisano" in page and reverse("meetings:register", args=[meeting.pk]) not in page
    # The coordinator is not offered to register for the meeting they run.
    client.force_login(coordinator)
    page = client.get(DESK).content.decode()
    assert "Transport publiczny" in page
    assert reverse("meetings:register", args=[meeting.pk]) not in page


def test_an_observer_sees_what_awaits_their_opinion_and_what_they_answered_apart(client):
    network = NetworkFactory()
    observer = ParticipationFactory(network=network, role=Role.OBSERVER).person
    author = ParticipationFactory(network=network, role=Role.EXPERT).person
    until = timezone.localdate() + dt.timedelta(days=14)

    def opened(title):
        return Result.objects.create(
            network=network, author=author, kind="report", title=title, summary="S",
            stage=Stage.OBSERVERS, opened_to_observers_at=timezone.now(), opinions_until=until,
        )  # fmt: skip

    opened("Czeka na opinię")
    answered = opened("Już zaopiniowany")
    Comment.objects.create(result=answered, author=observer, body="Moja opinia")
    client.force_login(observer)
    page = client.get(DESK).content.decode()
    awaiting, _sep, rest = page.partition("Zaopiniowane")
    assert "Czeka na opinię" in awaiting and "Już zaopiniowany" not in awaiting
    assert "Już zaopiniowany" in rest
    assert until.strftime("%Y-%m-%d") in page  # the date by which the network asks
    # The network they observe is theirs too, linked to its page (its inside is not theirs).
    assert f'href="{reverse("networks:detail", args=[network.slug])}"' in page
    assert reverse("networks:inside", args=[network.slug]) not in page
    # The navigation's item for the observer's main task, with what is still to answer.
    assert 'Do zaopiniowania <span class="badge badge--count">1</span>' in page


def test_a_leader_is_told_their_function_awaits_verification_a_clerk_never(client):
    mayor = ProfileFactory(function=Function.MAYOR)
    client.force_login(mayor.user)
    page = client.get(DESK).content.decode()
    assert "czeka na weryfikację od" in page
    assert "koordynatorzy sieci" in page  # who decides
    clerk = ProfileFactory(function=Function.STAFF, function_status=FunctionStatus.DECLARED)
    client.force_login(clerk.user)
    assert "weryfikac" not in client.get(DESK).content.decode()


def test_the_desk_is_home_for_anyone_logged_in_and_visitors_keep_the_public_home(client):
    assert client.get(reverse("home")).status_code == 200
    assert client.get(DESK)["Location"].startswith(reverse("account_login"))
    client.force_login(ParticipationFactory().person)
    assert client.get(reverse("home"))["Location"] == DESK
    assert client.get(DESK).status_code == 200


def test_the_networks_are_listed_at_their_own_address(client):
    NetworkFactory(name="SIEĆ ENERGII")
    NetworkFactory(name="SIEĆ LIDERÓW", kind=NetworkKind.LEADERS)
    page = client.get(reverse("networks:list")).content.decode()
    assert "SIEĆ ENERGII" in page and "SIEĆ LIDERÓW" in page


def test_the_navigation_counts_each_queue_in_one_query(django_assert_num_queries):
    from desk.selectors import counts_in_one_query
    from networks.models import Network

    NetworkFactory(), NetworkFactory()
    with django_assert_num_queries(1):
        counts = counts_in_one_query(
            [Network.objects.all(), Network.objects.filter(kind=NetworkKind.LEADERS)]
        )
    assert counts == [2, 0]
    with django_assert_num_queries(1):  # a filter on no ids at all counts as nothing
        assert counts_in_one_query([Network.objects.filter(pk__in=[]), Network.objects.all()]) == [
            0,
            2,
        ]


def test_each_task_leads_to_the_step_that_clears_it_and_back(client):
    network = NetworkFactory()
    tasks_in(network, marker="Krok")
    client.force_login(coordinator_of(network))
    page = client.get(DESK).content.decode()
    meeting = Meeting.objects.get(topic="Spotkanie Krok")
    result = Result.objects.get(title="Wynik Krok")
    assert reverse("meetings:report_edit", args=[meeting.pk]) in page  # write it, not read it
    assert f"{reverse('results:stage', args=[result.pk])}?z=pulpit" in page
    practice = Practice.objects.get(title="Praktyka Krok")
    review = reverse("practices:review", args=[practice.slug])
    assert f"{review}?z=pulpit" in page
    response = client.post(f"{review}?z=pulpit", {"decision": "publish"})
    assert response.status_code == 302 and response["Location"] == DESK
    # Only that one word is read: any other value leads where the page always led.
    other = Practice.objects.create(
        title="Druga", slug="druga", category=practice.category, city=practice.city,
        summary="S", author=practice.author, status=PracticeStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )  # fmt: skip
    review = reverse("practices:review", args=[other.slug])
    response = client.post(f"{review}?z=https://zly.example", {"decision": "publish"})
    assert response["Location"] == reverse("practices:review_queue")
    # A reported comment, moderated from the desk: hidden, then back on the desk.
    reports = f"{reverse('results:reports', args=[network.slug])}?z=pulpit"
    assert reports in page
    comment = Comment.objects.get(body="Uwaga Krok")
    hide = f"{reverse('results:comment_hide', args=[comment.pk])}?z=pulpit"
    assert hide in client.get(reports).content.decode()
    response = client.post(hide, {"reason": "Obraźliwy"})
    assert response.status_code == 302 and response["Location"] == DESK


def ended_meeting(network, topic, *, days_ago):
    ended = timezone.now() - dt.timedelta(days=days_ago)
    return Meeting.objects.create(
        network=network, topic=topic, starts_at=ended - dt.timedelta(hours=3), ends_at=ended,
        created_by=ProfileFactory().user, venue_address="Rynek 1",
    )  # fmt: skip


def test_a_meeting_is_closed_from_the_desk_report_then_attendance_each_step_back_on_it(client):
    """The report page holds several forms: the report saved leads back to the desk, a photo
    added on the way keeps the way back, and the item goes once attendance is recorded too."""
    network = NetworkFactory()
    coordinator = coordinator_of(network)
    meeting = ended_meeting(network, "Spotkanie do zamknięcia", days_ago=10)
    registration = Registration.objects.create(
        meeting=meeting, person=ParticipationFactory(network=network).person, mode="in_person"
    )
    client.force_login(coordinator)
    report = f"{reverse('meetings:report_edit', args=[meeting.pk])}?z=pulpit"
    assert report in client.get(DESK).content.decode()
    cancel = f'<a class="button" href="{DESK}">Anuluj</a>'
    assert cancel in client.get(report).content.decode()  # before any report is written

    photo = client.post(report, {"form": "photo", "image": png(), "caption": "Sala"})
    assert photo.status_code == 302 and photo["Location"] == report
    draft = {"form": "report", "body": "<p>Szkic</p>", "minutes": "", "level": "members"}
    response = client.post(report, draft)
    assert response.status_code == 302 and response["Location"] == DESK
    page = client.get(DESK).content.decode()
    assert "Zapisano relację" in page  # the success message, on the desk
    assert "relacja nieopublikowana" in page and report in page  # a draft: still to do

    client.post(report, {**draft, "publish": "on"})
    attendance = f"{reverse('meetings:attendance', args=[meeting.pk])}?z=pulpit"
    page = client.get(DESK).content.decode()
    assert "nie odnotowano obecności" in page and attendance in page
    response = client.post(attendance, {"attended": [registration.pk]})
    assert response.status_code == 302 and response["Location"] == DESK
    page = client.get(DESK).content.decode()
    assert "Zapisano obecność" in page
    assert "Spotkanie do zamknięcia" not in page and "Do zrobienia: 0" in page
    # Only that one word is read: any other value leads where the page always led.
    other = f"{reverse('meetings:report_edit', args=[meeting.pk])}?z=https://zly.example"
    response = client.post(other, {**draft, "publish": "on"})
    assert response["Location"] == reverse("meetings:report_edit", args=[meeting.pk])
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]) + "?z=//zly.example", {}
    )
    assert response["Location"] == reverse("meetings:report", args=[meeting.pk])


def test_attendance_recorded_before_any_report_leads_to_the_meeting(client):
    network = NetworkFactory()
    coordinator = coordinator_of(network)
    meeting = ended_meeting(network, "Bez relacji", days_ago=1)
    client.force_login(coordinator)
    response = client.post(reverse("meetings:attendance", args=[meeting.pk]), {}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("meetings:detail", args=[meeting.pk])


def test_a_closed_networks_drafts_never_wait_in_the_queue(client):
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    author = ProfileFactory().user
    Result.objects.create(
        network=leaders, author=author, kind="report", title="Szkic liderów", summary="S"
    )
    client.force_login(coordinator_of(leaders))
    page = client.get(DESK).content.decode()
    assert "Szkic liderów" in page  # among the network's new results
    assert "Wyniki czekające na decyzję" not in page  # but nothing to move on: it stays inside


def test_past_its_date_a_result_no_longer_counts_as_awaiting_the_observers_opinion(client):
    network = NetworkFactory()
    observer = ParticipationFactory(network=network, role=Role.OBSERVER).person
    Result.objects.create(
        network=network, author=ProfileFactory().user, kind="report", title="Spóźniony",
        summary="S", stage=Stage.OBSERVERS, opened_to_observers_at=timezone.now(),
        opinions_until=timezone.localdate() - dt.timedelta(days=1),
    )  # fmt: skip
    client.force_login(observer)
    page = client.get(DESK).content.decode()
    assert "Spóźniony" in page and "minął termin opinii" in page
    assert 'Do zaopiniowania <span class="badge' not in page


def test_a_clerk_is_never_told_of_verification_anywhere(client):
    clerk = ProfileFactory(function=Function.STAFF)
    client.force_login(clerk.user)
    for url in (DESK, reverse("accounts:profile")):
        assert "oczekuje na weryfikację" not in client.get(url).content.decode(), url
    mayor = ProfileFactory(function=Function.MAYOR)
    client.force_login(mayor.user)
    assert "oczekuje na weryfikację" in client.get(reverse("accounts:profile")).content.decode()


def test_a_members_own_part_is_cached_and_shows_a_change_at_once(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    network = NetworkFactory()
    member = ParticipationFactory(network=network).person
    client.force_login(member)
    client.get(DESK)
    # 9 queries on the first visit; then everything from the caches.
    with django_assert_max_num_queries(1):
        page = client.get(DESK).content.decode()
    assert "Nowy raport" not in page
    with django_capture_on_commit_callbacks(execute=True):
        Result.objects.create(
            network=network, author=ProfileFactory().user, kind="report", title="Nowy raport",
            summary="S",
        )  # fmt: skip
    assert "Nowy raport" in client.get(DESK).content.decode()


def new_in(network, *, days_ago=0, topic="Nowe spotkanie"):
    """A meeting and a result of the network, made `days_ago`."""
    made = timezone.now() - dt.timedelta(days=days_ago)
    starts = timezone.now() + dt.timedelta(days=30)
    author = ProfileFactory().user
    Meeting.objects.create(
        network=network, topic=topic, starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
        created_by=author, venue_address="Rynek 1", created_at=made,
    )  # fmt: skip
    result = Result.objects.create(
        network=network, author=author, kind="report", title="R", summary="S"
    )
    Result.objects.filter(pk=result.pk).update(created_at=made)


def test_my_networks_say_what_is_new_since_my_last_visit_to_each(
    uncached_fragments, client, django_assert_max_num_queries
):
    network, other = NetworkFactory(name="SIEĆ A"), NetworkFactory(name="SIEĆ B")
    joined = timezone.now() - dt.timedelta(days=60)
    member = ParticipationFactory(network=network, decided_at=joined).person
    ParticipationFactory(network=other, person=member, decided_at=joined)
    new_in(network, days_ago=90, topic="Dawne")  # before they joined: not new
    new_in(network)
    client.force_login(member)
    page = client.get(DESK).content.decode()
    assert page.count("Nowe od Twojej ostatniej wizyty") == 1  # network A only
    assert "1 spotkanie" in page and "1 wynik" in page
    # Opening the inside clears it, on the desk at once.
    client.get(reverse("networks:inside", args=[network.slug]))
    assert "Nowe od Twojej ostatniej wizyty" not in client.get(DESK).content.decode()
    # What comes after the visit is new again; a network the person left says nothing.
    new_in(other)
    new_in(other)
    page = client.get(DESK).content.decode()
    assert "2 spotkania" in page and "2 wyniki" in page
    # However many networks and new things, the same number of queries (the whole page).
    client.get(DESK)  # the person's access read and kept, as on any second page
    with django_assert_max_num_queries(40) as few:
        client.get(DESK)
    queries = len(few.captured_queries)  # read now: the next request clears Django's log
    for _ in range(3):
        extra = NetworkFactory()
        ParticipationFactory(network=extra, person=member, decided_at=joined)
        new_in(extra)
        new_in(extra)
    client.get(DESK)
    with django_assert_max_num_queries(queries):
        page = client.get(DESK).content.decode()
    assert page.count("Nowe od Twojej ostatniej wizyty") == 4


def test_news_of_a_network_one_no_longer_reads_is_not_counted(client):
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    mayor = ProfileFactory(function=Function.MAYOR, verified=True)
    ParticipationFactory(
        network=leaders, person=mayor.user, city=mayor.city,
        decided_at=timezone.now() - dt.timedelta(days=60),
    )  # fmt: skip
    new_in(leaders)
    client.force_login(mayor.user)
    assert "Nowe od Twojej ostatniej wizyty" in client.get(DESK).content.decode()
    mayor.function = Function.STAFF  # no longer a mayor: the closed network's news is gone
    mayor.save()
    page = client.get(DESK).content.decode()
    assert "Nowe od Twojej ostatniej wizyty" not in page
    assert reverse("networks:inside", args=[leaders.slug]) not in page


def test_a_reported_comment_of_an_erased_account_still_waits_on_the_desk(client):
    network = NetworkFactory()
    tasks_in(network, marker="Gamma")
    Comment.objects.filter(body="Uwaga Gamma").update(author=None)  # as account_erase leaves it
    client.force_login(coordinator_of(network))
    response = client.get(DESK)
    assert response.status_code == 200 and "Uwaga Gamma" in response.content.decode()


def test_an_application_awaiting_a_decision_is_on_the_desk_at_once(client):
    """Nobody is told "you take part in no network" while their application waits; the desk
    seen before the application shows it on the next visit."""
    from networks import services as network_services

    person = ProfileFactory().user
    network = NetworkFactory(name="MIASTO ZIELONE")
    client.force_login(person)
    assert "Nie należysz jeszcze do żadnej sieci" in client.get(DESK).content.decode()
    network_services.participation_apply(
        person=person, network_id=network.pk, motivation="Chcemy się uczyć."
    )
    page = client.get(DESK).content.decode()
    assert "Nie należysz jeszcze do żadnej sieci" not in page
    assert "MIASTO ZIELONE czeka na decyzję koordynatora" in page
