"""The navigation's "To do" number is stored (desk.models.ToDoCount): every page a reviewer
opens reads one row instead of counting seven queues, and the number is counted again the
moment anything a queue reads changes, their access changes, or it grows old."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from desk import services
from desk.models import ToDoCount
from desk.selectors import to_do_count
from desk.tasks import recount_to_do
from networks.choices import ParticipationStatus, Role
from networks.models import Participation
from tests.desk.test_desk import coordinator_of, tasks_in
from tests.factories import NetworkFactory, ParticipationFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUES = 5  # tasks_in puts one item in five of the seven queues


def counted_at(person):
    return ToDoCount.objects.get(person=person).counted_at


def apply_unseen(network, person):
    """An application made where no signal sees it (SQL, an import): only time or the
    worker's recount can tell."""
    Participation.objects.bulk_create([Participation(
        network=network, person=person, role=Role.MEMBER, status=ParticipationStatus.APPLIED,
    )])  # fmt: skip


def test_the_number_is_read_from_its_row_until_something_it_counts_changes():
    network = NetworkFactory()
    tasks_in(network, marker="Alfa")
    coordinator = coordinator_of(network)
    assert to_do_count(coordinator) == QUEUES
    first = counted_at(coordinator)
    assert to_do_count(coordinator) == QUEUES and counted_at(coordinator) == first  # read
    ParticipationFactory(  # through the ORM: the queues' families hear of it
        network=network, status=ParticipationStatus.APPLIED, decided_at=None
    )
    assert to_do_count(coordinator) == QUEUES + 1  # at once, not after the row grows old
    assert counted_at(coordinator) > first


def test_a_page_shows_the_stored_number_without_counting_again(client):
    network = NetworkFactory()
    tasks_in(network, marker="Beta")
    coordinator = coordinator_of(network)
    client.force_login(coordinator)
    page = reverse("accounts:notifications")
    client.get(page)
    first = counted_at(coordinator)
    response = client.get(page)
    assert f'<span class="badge badge--count">{QUEUES}</span>' in response.content.decode()
    assert counted_at(coordinator) == first  # not counted again


def test_access_changed_counts_again():
    first, second = NetworkFactory(), NetworkFactory()
    tasks_in(first, marker="Gamma")
    tasks_in(second, marker="Delta")
    coordinator = coordinator_of(first)
    assert to_do_count(coordinator) == QUEUES
    ParticipationFactory(network=second, person=coordinator, role=Role.COORDINATOR, city=None)
    assert to_do_count(coordinator) == 2 * QUEUES
    Participation.objects.filter(person=coordinator).delete()
    assert to_do_count(coordinator) == 0  # reviews nothing now


def test_an_old_number_is_counted_again_and_a_change_no_signal_saw_waits_for_it():
    network = NetworkFactory()
    coordinator, applicant = coordinator_of(network), UserFactory()
    assert to_do_count(coordinator) == 0
    apply_unseen(network, applicant)
    assert to_do_count(coordinator) == 0  # no signal: still the stored number
    ToDoCount.objects.filter(person=coordinator).update(
        counted_at=timezone.now() - services.KEPT_FOR - dt.timedelta(seconds=1)
    )
    assert to_do_count(coordinator) == 1  # too old: counted again


def test_a_number_counted_before_a_change_is_never_stored_as_current():
    """The generation is read before counting: a change made while counting (here: before
    the store) leaves the stored number stale, so the next read counts again."""
    from desk.selectors import counted_to_do
    from networks.access import access_of

    network = NetworkFactory()
    coordinator = coordinator_of(network)
    access = access_of(coordinator)
    _kept, generation = services.stored(coordinator.pk, access.fingerprint)
    ParticipationFactory(network=network, status=ParticipationStatus.APPLIED, decided_at=None)
    services.store(coordinator.pk, 0, generation, access.fingerprint)  # the old count
    assert services.stored(coordinator.pk, access.fingerprint)[0] is None
    assert to_do_count(coordinator) == 1
    assert counted_to_do(coordinator, access) == 1


def test_the_recount_task_counts_everyone_stored_and_drops_who_no_longer_reviews():
    network, other = NetworkFactory(), NetworkFactory()
    coordinator, former, applicant = coordinator_of(network), coordinator_of(other), UserFactory()
    assert to_do_count(coordinator) == 0 and to_do_count(former) == 0
    apply_unseen(network, applicant)
    role = Participation.objects.get(person=former)
    role.status, role.left_at = ParticipationStatus.LEFT, timezone.now()
    role.save()
    assert recount_to_do.apply().get() == 1
    assert ToDoCount.objects.get(person=coordinator).count == 1
    assert not ToDoCount.objects.filter(person=former).exists()
    assert to_do_count(coordinator) == 1
