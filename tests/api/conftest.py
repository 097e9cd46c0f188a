import pytest
from django.test import Client
from django.utils import timezone

from accounts.choices import Function
from api.services import api_token_create
from networks.choices import NetworkKind
from practices.choices import PracticeStatus
from practices.models import Category, Practice, Tag
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def token_client(person, name="Program"):
    """A client that asks with a new personal token of the person, and no session."""
    created = api_token_create(person_id=person.pk, name=name)
    return Client(**bearer(created.secret)), created


@pytest.fixture
def networks(db):
    return {
        "thematic": NetworkFactory(slug="miasto-cyfrowe", name="MIASTO CYFROWE"),
        "leaders": NetworkFactory(slug="liderzy", name="LIDERZY", kind=NetworkKind.LEADERS),
    }


@pytest.fixture
def category(db):
    return Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")


def practice(category, *, title, slug, city=None, published=True, networks=(), **fields):
    fields.setdefault("status", PracticeStatus.PUBLISHED if published else PracticeStatus.DRAFT)
    made = Practice.objects.create(
        title=title,
        slug=slug,
        category=category,
        city=city or CityFactory(),
        summary=f"Skrót: {title}",
        published_at=timezone.now() if published else None,
        **fields,
    )
    if networks:
        made.networks.set(networks)
    return made


@pytest.fixture
def leader(networks):
    person = ProfileFactory(function=Function.PRESIDENT, verified=True).user
    ParticipationFactory(person=person, network=networks["leaders"])
    return person


@pytest.fixture
def staff(networks):
    person = ProfileFactory().user
    ParticipationFactory(person=person, network=networks["thematic"])
    return person


@pytest.fixture
def practices(category, networks):
    """An open practice (with a tag, a network and a transfer), one restricted to the leaders'
    network, and a draft."""
    open_one = practice(category, title="Rower miejski", slug="rower-miejski",
                        networks=[networks["thematic"]])  # fmt: skip
    open_one.tags.add(Tag.objects.create(name="transport"))
    open_one.transfers.create(city=CityFactory(name="Bochnia", slug="bochnia"), kind="adopted")
    restricted = practice(category, title="Tajna praktyka liderów", slug="tajna",
                          networks=[networks["leaders"]], restricted_to_networks=True)  # fmt: skip
    draft = practice(category, title="Szkic praktyki", slug="szkic", published=False)
    return {"open": open_one, "restricted": restricted, "draft": draft}
