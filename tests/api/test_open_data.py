"""Open data (/dane/): the public practices as CSV and JSON, streamed, with their licence and
their metadata as dane.gov.pl lists it; a registry another module adds its datasets to."""

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from api import datasets
from practices.choices import PracticeStatus
from tests.api.conftest import practice

CSV = reverse("open_data:download", kwargs={"dataset": "dobre-praktyki", "kind": "csv"})
JSON = reverse("open_data:download", kwargs={"dataset": "dobre-praktyki", "kind": "json"})


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_downloads_hold_only_public_practices(practices, category, leader, logged_in):
    practice(category, title="Zgłoszona", slug="zgloszona", published=False,
             status=PracticeStatus.SUBMITTED)  # fmt: skip
    client = Client()
    if logged_in:  # a verified leader gets the visitor's file too
        client.force_login(leader)
    text = body(client.get(CSV))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert [row["identyfikator"] for row in rows] == ["rower-miejski"]
    assert rows[0]["tagi"] == "transport" and rows[0]["liczba_przeniesien"] == "1"
    assert rows[0]["sieci"] == "MIASTO CYFROWE"
    records = json.loads(body(client.get(JSON)))
    assert [record["identyfikator"] for record in records] == ["rower-miejski"]
    for text in (body(client.get(CSV)), body(client.get(JSON))):
        assert "tajna" not in text.lower() and "szkic" not in text.lower()
        assert "zgloszona" not in text.lower()


def test_no_contact_persons_in_the_open_data(practices):
    practices["open"].contacts.create(name="Jan Kontaktowy", email="jan@example.org")
    for url in (CSV, JSON):
        assert "Kontaktowy" not in body(Client().get(url))


def test_the_page_names_the_licence_and_the_metadata(client, practices):
    page = client.get(reverse("open_data:index"))
    html = page.content.decode()
    assert "CC BY 4.0" in html and "Związek Miast Polskich" in html
    assert CSV in html and JSON in html and reverse("open_data:catalogue") in html
    catalogue = client.get(reverse("open_data:catalogue")).json()
    # The practices' (the statistics' follow: tests/figures).
    dataset = next(d for d in catalogue["datasets"] if d["url"].endswith("#dobre-praktyki"))
    assert all(d["license"]["name"] == "CC BY 4.0" for d in catalogue["datasets"])
    assert dataset["update_frequency"] == "daily"
    assert dataset["modified"].startswith(str(practices["open"].updated_at.year))
    assert {r["format"] for r in dataset["resources"]} == {"CSV", "JSON"}
    assert all(r["link"].endswith((CSV, JSON)) for r in dataset["resources"])
    assert dataset["title"] and dataset["notes"]


def test_another_module_adds_its_dataset(client, db, monkeypatch):
    monkeypatch.setattr(datasets, "_registry", dict(datasets._registry))
    datasets.register(
        datasets.Dataset(
            slug="liczby", title="Liczby", description="Opis", update_frequency="monthly",
            columns=("rok", "liczba"), rows=lambda _url: iter([{"rok": 2026, "liczba": "=1+1"}]),
            modified=lambda: None, formats=("csv",),
        )
    )  # fmt: skip
    text = body(
        client.get(reverse("open_data:download", kwargs={"dataset": "liczby", "kind": "csv"}))
    )
    assert text.splitlines()[1:] == ["2026;'=1+1"]  # a formula is never run by a spreadsheet
    url = reverse("open_data:download", kwargs={"dataset": "liczby", "kind": "json"})
    assert client.get(url).status_code == 404
    assert "Liczby" in client.get(reverse("open_data:index")).content.decode()
    with pytest.raises(ValueError):
        datasets.register(datasets.Dataset("x", "X", "X", "sometimes", (), iter, lambda: None))


def test_the_links_are_the_requests_host_not_the_configured_one(client, practices, settings):
    """A second host name, or a proxy, gives links to where the reader came from;
    PORTAL_URL is for e-mails and tasks, which have no request."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "dane.example.org"]
    settings.PORTAL_URL = "https://empirie.example.org"
    there = {"HTTP_HOST": "dane.example.org", "secure": True}
    catalogue = client.get(reverse("open_data:catalogue"), **there).json()
    links = [catalogue["publisher"]["url"]]
    for dataset in catalogue["datasets"]:
        links += [dataset["url"], *(resource["link"] for resource in dataset["resources"])]
    assert all(link.startswith("https://dane.example.org/") for link in links), links
    rows = list(csv.DictReader(io.StringIO(body(client.get(CSV, **there))[1:]), delimiter=";"))
    assert rows[0]["adres_strony"] == "https://dane.example.org/praktyki/rower-miejski/"
    records = json.loads(body(client.get(JSON, **there)))
    assert records[0]["adres_strony"] == rows[0]["adres_strony"]
    assert (
        "empirie.example.org"
        not in client.get(reverse("open_data:index"), **there).content.decode()
    )


def test_each_datasets_modified_is_when_what_it_holds_last_changed(client, practices):
    """Not the time of the request: the practices' file moves with a public practice's edit
    or a transfer of one (a column counts them); the statistics' with what their charts count
    that anyone may read. A restricted practice's edit lends neither a date."""
    import datetime as dt

    from django.utils import timezone

    from practices.models import Practice, Transfer

    def modified():
        catalogue = client.get(reverse("open_data:catalogue")).json()["datasets"]
        return {d["url"].rsplit("#", 1)[1]: d["modified"] for d in catalogue}

    long_ago = timezone.now() - dt.timedelta(days=30)
    Practice.objects.update(updated_at=long_ago, published_at=long_ago)
    Transfer.objects.update(recorded_at=long_ago)
    first = modified()
    assert first == modified()  # asked again, nothing changed
    assert first["dobre-praktyki"].startswith(long_ago.date().isoformat())
    Practice.objects.filter(pk=practices["restricted"].pk).update(updated_at=timezone.now())
    assert modified()["dobre-praktyki"] == first["dobre-praktyki"]
    transfer = Transfer.objects.filter(practice=practices["open"]).first()
    transfer.recorded_at = long_ago + dt.timedelta(days=1)
    transfer.save()
    moved = modified()
    assert moved["dobre-praktyki"] > first["dobre-praktyki"]
    assert moved["empirie-w-liczbach"] >= moved["dobre-praktyki"]


def test_the_english_page_names_the_datasets_in_english_and_the_catalogue_stays_polish(
    client, practices
):
    english = client.get("/en" + reverse("open_data:index")).content.decode()
    assert '<h2 id="dobre-praktyki">Good practices of Polish cities</h2>' in english
    assert 'lang="pl">Dobre praktyki' in english  # the catalogue's entry, marked as Polish
    reference = Client().get("/dane/api/").content.decode()
    assert '<th scope="col">Parametr</th>' in reference and "Imię i nazwisko" not in reference
