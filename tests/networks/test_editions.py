"""A network's editions: closing one archives its work (nothing new in it, on every write path),
opening the next asks the members to confirm they continue, and those who do not leave once,
30 days later, with the reason "did not continue"."""

import datetime as dt
import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.models import Notification
from discussions import services as discussion_services
from discussions.models import Thread
from meetings.models import Meeting
from networks import editions
from networks.choices import ParticipationAction, ParticipationStatus, Role
from networks.models import Continuation, Edition, Participation
from networks.services import participation_end
from networks.tasks import end_unconfirmed_continuations
from results import services as result_services
from results.models import Result
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory
from tests.meetings.test_scheduling import make_meeting

pytestmark = pytest.mark.django_db


def person_in(network, role=Role.MEMBER, **profile):
    person = ProfileFactory(**profile)
    ParticipationFactory(network=network, person=person.user, city=person.city, role=role)
    return person.user


@pytest.fixture
def world():
    network = NetworkFactory(name="MIASTO CYFROWE", slug="miasto-cyfrowe")
    return {
        "network": network,
        "coordinator": person_in(network, Role.COORDINATOR),
        "expert": person_in(network, Role.EXPERT),
        "member": person_in(network),
        "other member": person_in(network),
        "admin": ProfileFactory(user__is_superuser=True, user__is_staff=True).user,
    }


def thread_in(world, by=None):
    return discussion_services.thread_start(
        by=by or world["member"], network_id=world["network"].pk, kind="question",
        audience="inside", title="Jak wdrożyć e-usługi?", body="Pytamy o doświadczenia.",
    )  # fmt: skip


def result_in(world):
    return result_services.result_draft(
        by=world["expert"], network_id=world["network"].pk, kind="recommendation",
        title="Rekomendacje", summary="Zalecenia.", body="<p>Tekst</p>",
    )  # fmt: skip


NEW_WORK = {"meeting", "result", "thread"}


def first_edition(world):
    return Edition.objects.get(network=world["network"])


def test_a_new_network_works_in_its_first_edition(world):
    edition = first_edition(world)
    assert (edition.number, edition.name, edition.closed_at) == (
        1, str(timezone.localdate().year), None,
    )  # fmt: skip
    meeting = make_meeting(world["network"], world["coordinator"])
    result = result_in(world)
    thread = thread_in(world)
    assert meeting.edition == result.edition == thread.edition == edition


def test_the_network_has_at_most_one_open_edition(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.create(
            network=world["network"], number=2, name="2025", starts_on=timezone.localdate()
        )


def test_the_coordinator_or_an_administrator_closes_an_edition_once(world):
    edition = first_edition(world)
    for someone in ("member", "expert"):
        with pytest.raises(PermissionDenied):
            editions.edition_close(edition_id=edition.pk, by=world[someone])
    closed = editions.edition_close(edition_id=edition.pk, by=world["coordinator"])
    assert closed.closed_at is not None and closed.closed_by == world["coordinator"]
    assert closed.ends_on == timezone.localdate()
    with pytest.raises(ValidationError):
        editions.edition_close(edition_id=edition.pk, by=world["admin"])


def test_an_administrator_closes_and_opens_too(world):
    editions.edition_close(edition_id=first_edition(world).pk, by=world["admin"])
    opened = editions.edition_open(
        network_id=world["network"].pk, by=world["admin"], name="2025–2027",
        starts_on=timezone.localdate(),
    )  # fmt: skip
    assert opened.number == 2


def test_a_closed_edition_takes_nothing_new_on_any_write_path(world):
    meeting = make_meeting(world["network"], world["coordinator"])
    result = result_in(world)
    thread = thread_in(world)
    editions.edition_close(edition_id=first_edition(world).pk, by=world["coordinator"])

    writes = {
        "meeting": lambda: make_meeting(world["network"], world["coordinator"]),
        "result": lambda: result_in(world),
        "thread": lambda: thread_in(world, by=world["other member"]),
        "post": lambda: discussion_services.post_add(
            by=world["other member"], thread_id=thread.pk, body="Odpowiedź po zamknięciu."
        ),
        "comment": lambda: result_services.comment_add(
            result_id=result.pk, by=world["member"], body="Opinia po zamknięciu."
        ),
    }
    closed = first_edition(world)
    for what, write in writes.items():
        with pytest.raises(ValidationError) as refused, transaction.atomic():
            write()
        # New work: the network has no open edition; in the archive: this edition is closed.
        reason = editions.read_only_reason(None if what in NEW_WORK else closed)
        assert refused.value.messages == [reason], what

    # The next edition takes new work; the archived edition's stays read-only.
    editions.edition_open(
        network_id=world["network"].pk, by=world["coordinator"], name="2025–2027",
        starts_on=timezone.localdate(),
    )  # fmt: skip
    new_thread = thread_in(world, by=world["other member"])
    assert new_thread.edition.number == 2
    assert make_meeting(world["network"], world["coordinator"]).edition.number == 2
    for what in ("post", "comment"):
        with pytest.raises(ValidationError), transaction.atomic():
            writes[what]()
    assert meeting.edition.number == 1
    assert Meeting.objects.filter(edition__number=1).count() == 1


def test_the_archive_is_still_read_by_those_who_could(client, world):
    result = result_in(world)
    draft = result_in(world)
    Result.objects.filter(pk=result.pk).update(
        stage="public", title="Opublikowane", opened_to_observers_at=timezone.now(),
        published_at=timezone.now(),
    )  # fmt: skip
    result.refresh_from_db()
    thread = thread_in(world)
    editions.edition_close(edition_id=first_edition(world).pk, by=world["coordinator"])
    client.force_login(world["member"])
    assert client.get(reverse("results:detail", args=[result.pk])).status_code == 200
    assert client.get(thread.get_absolute_url()).status_code == 200
    page = client.get(reverse("networks:edition", args=[world["network"].slug, 1]))
    assert result.title in page.content.decode()
    assert reverse("results:detail", args=[draft.pk]) not in page.content.decode()
    client.logout()  # a thematic network's edition page is public, with what is public
    page = client.get(reverse("networks:edition", args=[world["network"].slug, 1]))
    assert reverse("results:detail", args=[result.pk]) in page.content.decode()


def test_opening_the_next_edition_asks_the_members_to_continue(world):
    with pytest.raises(ValidationError):  # the current one is still open
        editions.edition_open(
            network_id=world["network"].pk, by=world["coordinator"], name="2025–2027",
            starts_on=timezone.localdate(),
        )  # fmt: skip
    editions.edition_close(edition_id=first_edition(world).pk, by=world["coordinator"])
    with pytest.raises(PermissionDenied):
        editions.edition_open(
            network_id=world["network"].pk, by=world["member"], name="2025–2027",
            starts_on=timezone.localdate(),
        )  # fmt: skip
    with pytest.raises(ValidationError):
        editions.edition_open(
            network_id=world["network"].pk, by=world["coordinator"], name="  ",
            starts_on=timezone.localdate(),
        )  # fmt: skip
    edition = editions.edition_open(
        network_id=world["network"].pk, by=world["coordinator"], name=" 2025–2027 ",
        starts_on=timezone.localdate(),
    )  # fmt: skip
    assert (edition.number, edition.name) == (2, "2025–2027")
    asked = set(
        Continuation.objects.filter(edition=edition).values_list("participation__person", flat=True)
    )
    assert asked == {world["member"].pk, world["other member"].pk}  # members, not ZMP's staff
    told = Notification.objects.filter(kind=NotificationKind.EDITION_CONTINUE)
    assert {n.recipient_id for n in told} == asked


def opened(world):
    editions.edition_close(edition_id=first_edition(world).pk, by=world["coordinator"])
    return editions.edition_open(
        network_id=world["network"].pk, by=world["coordinator"], name="2025–2027",
        starts_on=timezone.localdate(),
    )  # fmt: skip


def continuation_of(person):
    return Continuation.objects.get(participation__person=person)


def test_a_member_confirms_their_own_continuation_only(world):
    opened(world)
    mine = continuation_of(world["member"])
    with pytest.raises(PermissionDenied):
        editions.continuation_confirm(continuation_id=mine.pk, person=world["other member"])
    confirmed = editions.continuation_confirm(continuation_id=mine.pk, person=world["member"])
    assert confirmed.confirmed_at is not None
    again = editions.continuation_confirm(continuation_id=mine.pk, person=world["member"])
    assert again.confirmed_at == confirmed.confirmed_at


def test_who_does_not_confirm_in_30_days_leaves_once(world):
    opened(world)
    editions.continuation_confirm(
        continuation_id=continuation_of(world["member"]).pk, person=world["member"]
    )
    asked_at = continuation_of(world["other member"]).asked_at
    assert editions.continuations_end_due(asked_at + dt.timedelta(days=29)) == 0
    later = asked_at + dt.timedelta(days=30, minutes=1)
    assert editions.continuations_end_due(later) == 1
    assert editions.continuations_end_due(later) == 0  # the task runs again: nothing more
    Continuation.objects.update(asked_at=asked_at - dt.timedelta(days=60))
    end_unconfirmed_continuations()  # the beat's task, once more
    gone = Participation.objects.get(person=world["other member"], network=world["network"])
    assert gone.status == ParticipationStatus.LEFT
    assert [e.action for e in gone.events.all()] == [ParticipationAction.DID_NOT_CONTINUE]
    stays = Participation.objects.get(person=world["member"], network=world["network"])
    assert stays.status == ParticipationStatus.ACCEPTED
    # Too late to confirm once gone.
    with pytest.raises(ValidationError):
        editions.continuation_confirm(
            continuation_id=continuation_of(world["other member"]).pk,
            person=world["other member"],
        )


def test_a_member_who_left_meanwhile_is_not_ended_again(world):
    opened(world)
    participation = Participation.objects.get(person=world["member"], network=world["network"])
    participation_end(participation_id=participation.pk, by=world["member"])
    later = timezone.now() + dt.timedelta(days=31)
    editions.continuations_end_due(later)
    assert [e.action for e in participation.events.all()] == [ParticipationAction.LEFT]


def test_the_confirmation_page_has_one_button(client, world):
    opened(world)
    mine = continuation_of(world["member"])
    url = reverse("networks:continue", args=[mine.pk])
    client.force_login(world["other member"])
    assert client.get(url).status_code == 404
    client.force_login(world["member"])
    page = client.get(url).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count("<button") == 1
    assert "Yes, I continue" in main or "kontynuuję" in main
    assert client.post(url).status_code == 302
    mine.refresh_from_db()
    assert mine.confirmed_at is not None


def test_closing_and_opening_through_the_pages(client, world):
    thread_in(world)
    client.force_login(world["coordinator"])
    slug = world["network"].slug
    confirm = client.get(reverse("networks:edition_close", args=[slug])).content.decode()
    assert "1 discussion thread" in confirm or "1 wątek" in confirm
    assert client.post(reverse("networks:edition_close", args=[slug])).status_code == 302
    response = client.post(
        reverse("networks:edition_open", args=[slug]),
        {"name": "2025–2027", "starts_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert response.url == reverse("networks:edition", args=[slug, 2])
    inside = client.get(reverse("networks:inside", args=[slug])).content.decode()
    assert "2025–2027" in inside
    assert reverse("networks:edition", args=[slug, 1]) in inside


def test_the_migration_puts_existing_work_in_a_first_edition(world):
    """Rows from before editions (no edition; the network without one): the data migration
    makes each network's first edition, named after its meetings' years, and assigns them."""
    network = world["network"]
    meetings = [
        make_meeting(network, world["coordinator"], topic=f"Spotkanie {year}")
        for year in (2022, 2024)
    ]
    for meeting, year in zip(meetings, (2022, 2024), strict=True):
        starts = meeting.starts_at.replace(year=year)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=starts, ends_at=starts + dt.timedelta(hours=4)
        )
    result = result_in(world)
    thread = thread_in(world)
    quiet = NetworkFactory()
    for model in (Meeting, Result, Thread):
        model.objects.update(edition=None)
    Edition.objects.all().delete()

    migration = importlib.import_module("networks.migrations.0010_first_editions")
    state = MigrationExecutor(connection).loader.project_state(
        [("networks", "0010_first_editions")]
    )
    migration.first_editions(state.apps, None)

    first = Edition.objects.get(network=network)
    assert (first.number, first.name, first.closed_at) == (1, "2022–2024", None)
    assert first.starts_on == timezone.localdate(Meeting.objects.get(pk=meetings[0].pk).starts_at)
    assert set(first.meetings.all()) == set(meetings)
    assert list(first.results.all()) == [result]
    assert list(first.threads.all()) == [thread]
    assert Edition.objects.get(network=quiet).name == str(timezone.localdate().year)
    migration.first_editions(state.apps, None)  # again: nothing more
    assert Edition.objects.count() == 2


def test_the_admin_lists_editions_and_corrects_a_name_but_never_opens_or_closes_one(client, world):
    edition = first_edition(world)
    editions.edition_close(edition_id=edition.pk, by=world["coordinator"])
    editions.edition_open(
        network_id=world["network"].pk, by=world["coordinator"], name="2025–2027",
        starts_on=timezone.localdate(),
    )  # fmt: skip
    client.force_login(world["admin"])
    listing = client.get(reverse("admin:networks_edition_changelist")).content.decode()
    assert "MIASTO CYFROWE" in listing and "2025–2027" in listing and edition.name in listing
    assert client.get(reverse("admin:networks_edition_add")).status_code == 403
    change = reverse("admin:networks_edition_change", args=[edition.pk])
    assert (
        client.get(reverse("admin:networks_edition_delete", args=[edition.pk])).status_code == 403
    )
    # The state and who closed it are read-only: a forged field changes nothing.
    response = client.post(change, {
        "name": "2022–2024", "starts_on": edition.starts_on.isoformat(),
        "ends_on": edition.starts_on.isoformat(), "closed_at": "", "closed_by": "",
    })  # fmt: skip
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.name == "2022–2024" and edition.closed_at is not None
    assert edition.closed_by == world["coordinator"]
    # An end before the start is refused at the field, not a server error.
    before = (edition.starts_on - dt.timedelta(days=1)).isoformat()
    response = client.post(change, {
        "name": "2022–2024", "starts_on": edition.starts_on.isoformat(), "ends_on": before,
    })  # fmt: skip
    assert response.status_code == 200
    edition.refresh_from_db()
    assert edition.ends_on == edition.starts_on
