"""Every public page answers a visitor, in Polish first and in English on request."""

import pytest
from django.urls import reverse

from accounts.models import User
from networks.models import Network
from tests.demo_snapshot import load_demo_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo_data()


PUBLIC_URLS = [
    "/",
    "/en/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/en/konto/login/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_answers_a_visitor(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b'class="skip-link"' in response.content
    assert b'<main id="main"' in response.content


def test_every_network_page_answers_a_visitor(client, demo):
    for network in Network.objects.all():
        response = client.get(reverse("networks:detail", args=[network.slug]))
        assert response.status_code == 200, network.slug
        assert network.name in response.content.decode()


def test_home_page_lists_the_eight_networks_in_polish(client, demo):
    page = client.get("/").content.decode()
    assert '<html lang="pl">' in page
    assert "Sieci Wymiany Doświadczeń" in page
    for number, name in Network.objects.values_list("number", "name"):
        assert name in page, number
    assert page.count('<li class="network-card') == 8
    assert "26 miast członkowskich" in page  # the leaders' network, as its report lists


def test_the_leaders_network_page_says_it_is_closed_and_lists_its_26_cities(client, demo):
    page = client.get(reverse("networks:detail", args=["siec-dla-liderow"])).content.decode()
    assert "To jest sieć zamknięta" in page
    for city in ["Cieszyn", "Łomża", "Żarów", "Żywiec", "Starachowice", "Kędzierzyn-Koźle"]:
        assert city in page


def test_switching_to_english_and_back(client, demo):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/en/"
    page = client.get("/en/").content.decode()
    assert '<html lang="en">' in page and "Log in" in page
    response = client.post("/en/i18n/setlang/", {"language": "pl", "next": "/en/"})
    assert response["Location"] == "/"


def test_unknown_pages_answer_404_in_the_layout(client, demo):
    response = client.get("/sieci/nie-ma-takiej-sieci/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Nie znaleziono strony" in page and 'class="skip-link"' in page


def test_the_500_page_renders_without_a_request():
    from django.template import loader

    page = loader.get_template("500.html").render()
    assert "EMPIRIE" in page and "<main" in page


def test_the_portal_has_an_icon_for_its_tabs(client):
    assert 'rel="icon"' in client.get("/klauzula-informacyjna/").content.decode()
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"].endswith("img/favicon.svg")
    assert client.get(icon["Location"]).status_code == 200


def test_a_buttons_address_opened_as_a_page_says_what_to_do(client, demo):
    client.force_login(User.objects.get(email="pracownik@empirie.test"))
    response = client.get(reverse("accounts:notifications_read"))
    assert response.status_code == 405 and response["Allow"] == "POST, OPTIONS"
    page = response.content.decode()
    assert "Ten adres należy do przycisku" in page and "Nic nie zostało zmienione." in page
    assert 'class="skip-link"' in page and "Pulpit" in page  # the layout, for the person
    # The page the button is on, one step up, and the language switch leads there too.
    above = reverse("accounts:notifications_read").rstrip("/").rsplit("/", 1)[0] + "/"
    assert f'<a href="{above}">Przejdź do strony z tym przyciskiem</a>' in page
    assert f'name="next" value="{above}"' in page
