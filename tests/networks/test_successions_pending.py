"""A pending application is no seat: the hand-over neither lists nor moves it; it is
withdrawn, with a reason, as the predecessor's seats pass (the confirmation page says so)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.choices import Function
from networks import successions
from networks.choices import ParticipationAction, ParticipationStatus
from networks.models import Participation
from tests.factories import CityFactory, NetworkFactory
from tests.networks.test_successions import client_of, coordinator_of, person, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending():
    city = CityFactory(name="Starachowice", slug="starachowice-test")
    held, applied = NetworkFactory(), NetworkFactory()
    mayor = person(city, Function.MAYOR)
    accepted = seat(held, mayor)
    application = seat(applied, mayor, status=ParticipationStatus.APPLIED)
    return {
        "held": held, "applied": applied, "mayor": mayor, "seat": accepted,
        "application": application, "coordinator": coordinator_of(held, applied),
        "successor": person(city),
    }  # fmt: skip


def test_a_pending_application_is_not_a_seat_to_hand_over(pending):
    seats = successions.seats_handed_by(pending["coordinator"], pending["mayor"].pk)
    assert list(seats) == [pending["seat"]]
    with pytest.raises(ValidationError):
        successions.seat_hand_over(
            by=pending["coordinator"], predecessor_id=pending["mayor"].pk,
            participation_ids=[pending["application"].pk], successor_id=pending["successor"].pk,
        )  # fmt: skip
    assert not Participation.objects.filter(person=pending["successor"]).exists()


def test_the_predecessors_pending_application_is_withdrawn_with_the_hand_over(pending, client):
    coordinator, mayor, successor = pending["coordinator"], pending["mayor"], pending["successor"]
    client.force_login(coordinator)
    url = reverse("networks:successor", args=[mayor.pk])
    page = client.get(url).content.decode()
    assert f'value="{pending["application"].pk}"' not in page
    assert f'value="{pending["seat"].pk}"' in page
    confirm = client.post(url, {"seats": [pending["seat"].pk], "email": successor.email})
    text = confirm.content.decode()
    assert pending["applied"].name in text and "wycofane" in text
    done = client.post(
        url, {"seats": [pending["seat"].pk], "email": successor.email, "step": "confirm"}
    )
    assert done.status_code == 302
    application = Participation.objects.get(pk=pending["application"].pk)
    assert application.status == ParticipationStatus.LEFT
    [event] = application.events.all()
    assert event.action == ParticipationAction.WITHDRAWN and successor.public_name in event.reason
    # The successor holds the seat only, never the application.
    assert list(
        Participation.objects.filter(person=successor).values_list("network_id", "status")
    ) == [(pending["held"].pk, ParticipationStatus.ACCEPTED)]


def test_the_successor_page_goes_back_where_the_coordinator_came_from(pending):
    client = client_of(pending["coordinator"])
    url = reverse("networks:successor", args=[pending["mayor"].pk])
    inside = reverse("networks:inside", args=[pending["held"].slug])
    assert f'href="{inside}"' in client.get(url).content.decode()  # by default: the inside
    back = reverse("networks:applications", args=[pending["held"].slug])
    assert f'href="{back}"' in client.get(url, {"wroc": back}).content.decode()
    evil = client.get(url, {"wroc": "https://evil.example/"}).content.decode()
    assert 'href="https://evil.example/"' not in evil and f'href="{inside}"' in evil
