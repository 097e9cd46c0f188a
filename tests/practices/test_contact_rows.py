"""A practice's contact persons are rows of fields (name, phone, e-mail), not "|" lines."""

import re

import pytest
from django.urls import reverse

from practices import services
from practices.models import Category, Practice
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")


def contact_rows(*rows, extra=1):
    data = {"contacts-TOTAL_FORMS": str(len(rows) + extra), "contacts-INITIAL_FORMS": "0"}
    for index, (name, phone, email) in enumerate(rows):
        data |= {f"contacts-{index}-name": name, f"contacts-{index}-phone": phone,
                 f"contacts-{index}-email": email}  # fmt: skip
    return data


def practice_data(category, **overrides):
    return {"title": "Rowery miejskie", "category": category.pk, "summary": "Skrót", **overrides}


def test_contacts_are_saved_from_rows_and_empty_rows_are_ignored(client, category):
    client.force_login(ProfileFactory().user)
    data = practice_data(
        category,
        **contact_rows(("Anna Nowak", "12 345 67 89", "anna@jaslo.pl"), ("", "", ""),
                       ("Jan Lis", "", "")),
    )  # fmt: skip
    assert client.post(reverse("practices:create"), data).status_code == 302
    practice = Practice.objects.get()
    assert [(c.name, c.phone, c.email) for c in practice.contacts.all()] == [
        ("Anna Nowak", "12 345 67 89", "anna@jaslo.pl"),
        ("Jan Lis", "", ""),
    ]


def test_a_wrong_row_says_so_at_its_field_and_keeps_every_row(client, category):
    client.force_login(ProfileFactory().user)
    data = practice_data(
        category, **contact_rows(("Anna Nowak", "", "anna@jaslo.pl"), ("", "600 100 200", "zły"))
    )
    response = client.post(reverse("practices:create"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Practice.objects.exists()
    assert response.context["form"].contact_rows.errors[1] == {
        "name": ["Podaj imię i nazwisko osoby albo zostaw cały wiersz pusty."],
        "email": ["Podaj adres e-mail w postaci imie@miasto.pl."],
    }
    assert 'href="#id_contacts-1-name">Osoba kontaktowa 2: Podaj imię' in page
    assert 'value="anna@jaslo.pl"' in page and 'value="600 100 200"' in page
    assert 'value="zły"' in page


def test_editing_shows_the_contacts_as_rows_and_remove_takes_one_away(client, category):
    author = ProfileFactory().user
    practice = services.practice_save(
        by=author, title="Karta", category=category, summary="Skrót",
        contacts=[{"name": "Anna", "phone": "123", "email": "anna@example.org"},
                  {"name": "Jan", "phone": "", "email": ""}],
    )  # fmt: skip
    client.force_login(author)
    url = reverse("practices:edit", args=[practice.slug])
    page = client.get(url).content.decode()
    assert 'name="contacts-TOTAL_FORMS" value="3"' in page
    assert 'name="contacts-0-name" value="Anna"' in page and 'value="anna@example.org"' in page
    assert "Osoba kontaktowa 2" in page and "Dodaj kolejną osobę kontaktową" in page
    assert "|" not in re.search(r'<fieldset class="rows".*?</fieldset>', page, re.S).group(0)
    data = practice_data(
        category, title="Karta", **contact_rows(("Anna", "123", "anna@example.org"),
                                                ("Jan", "", ""), extra=0),
    )  # fmt: skip
    data["contacts-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert [c.name for c in practice.contacts.all()] == ["Jan"]


def test_add_another_contact_without_javascript(client, category):
    client.force_login(ProfileFactory().user)
    data = practice_data(
        category, **contact_rows(("Anna", "", ""), extra=0), **{"add-row": "contacts"}
    )
    response = client.post(reverse("practices:create"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Practice.objects.exists()
    assert 'name="contacts-TOTAL_FORMS" value="2"' in page and 'value="Anna"' in page
    assert 'name="contacts-1-name"' in page and "error-summary" not in page


def test_the_category_select_asks_for_a_choice(client, category):
    client.force_login(ProfileFactory().user)
    page = client.get(reverse("practices:create")).content.decode()
    assert '<option value="" selected>— wybierz kategorię —</option>' in page
