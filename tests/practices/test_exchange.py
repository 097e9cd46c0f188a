"""Importing practices from CSV and XLSX (command and admin), exporting the filtered list."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Function
from empirie.spreadsheets import xlsx_bytes
from networks.choices import NetworkKind
from practices.choices import PracticeStatus
from practices.exchange import NAMES
from practices.management.commands.import_practices import ProgressBar
from practices.models import Category, Practice
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory
from tests.practices.test_practices import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    top = Category.objects.create(name="Rozwój instytucjonalny", slug="ri")
    Category.objects.create(name="Partnerstwo", slug="partnerstwo", parent=top)
    Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")
    return {
        "city": CityFactory(name="Bochnia", slug="bochnia"),
        "network": NetworkFactory(slug="kultura"),
    }


def row(**values):
    base = {
        "tytul": "Bocheńska karta mieszkańca",
        "kategoria": "Rozwój instytucjonalny / Partnerstwo",
        "miasto": "Bochnia",
        "skrot": "Zniżki dla mieszkańców.",
        "prezentacja": "<p>Opis</p><script>x()</script>",
        "kod_pocztowy": "32-700",
        "sieci": "kultura",
        "tagi": "karta; Mieszkańcy",
        "kontakty": "Jan Nowak | 14 615 00 00 | jan@bochnia.example.org; Ewa Lis",
        "data_publikacji": "2025-05-14",
    }
    return {**base, **values}


def csv_file(rows, tmp_path, *, delimiter=",", encoding="utf-8", name="praktyki.csv"):
    path = tmp_path / name
    header = list(dict.fromkeys(column for r in rows for column in r))
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows([[r.get(column, "") for column in header] for r in rows])
    return path


def import_file(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_practices", str(path), "--no-progress", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_a_csv_imports_every_field(world, tmp_path):
    output = import_file(csv_file([row(), row(tytul="Druga", miasto="bochnia")], tmp_path))
    assert "nowe praktyki: 2" in output
    practice = Practice.objects.get(title="Bocheńska karta mieszkańca")
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.published_at.date().isoformat() == "2025-05-14"
    assert practice.category.name == "Partnerstwo" and practice.city == world["city"]
    assert practice.presentation == "<p>Opis</p>"  # sanitised as the form does
    assert [t.name for t in practice.tags.all()] == ["karta", "mieszkańcy"]
    assert [(c.name, c.email) for c in practice.contacts.all()] == [
        ("Jan Nowak", "jan@bochnia.example.org"),
        ("Ewa Lis", ""),
    ]
    assert list(practice.networks.all()) == [world["network"]]
    # It is searchable at once, without diacritics.
    assert Practice.objects.filter(search_vector="bochenska").count() == 1


def test_one_bad_row_imports_nothing_and_every_error_is_reported(world, tmp_path):
    rows = [
        row(),
        row(tytul="", kod_pocztowy="32700"),
        row(tytul="Trzecia", miasto="Atlantyda", kategoria="Nieznana", sieci="brak"),
        row(tytul="Czwarta", kontakty="Jan | nie-email@", liczba_mieszkancow="dużo"),
    ]
    with pytest.raises(CommandError) as error:
        out, err = io.StringIO(), io.StringIO()
        call_command("import_practices", str(csv_file(rows, tmp_path)), "--no-progress",
                     stdout=out, stderr=err)  # fmt: skip
    assert Practice.objects.count() == 0
    report = err.getvalue()
    for expected in ["3, tytul", "3, kod_pocztowy", "4, miasto", "4, kategoria", "4, sieci",
                     "5, kontakty", "5, liczba_mieszkancow"]:  # fmt: skip
        assert expected in report, (expected, report)
    assert "wiersz 2," not in report
    assert "nic nie zostało zaimportowane" in str(error.value)


def test_a_dry_run_checks_and_saves_nothing(world, tmp_path):
    output = import_file(csv_file([row()], tmp_path), "--dry-run")
    assert Practice.objects.count() == 0
    assert "Próba, nic nie zapisano" in output and "powstałoby praktyk: 1" in output


def test_a_database_refusal_is_a_row_error_too(world, tmp_path):
    published(Category.objects.get(slug="uslugi-spoleczne"), title="Istniejąca")
    existing = Practice.objects.get()
    rows = [row(identyfikator=existing.slug, tytul="Zmieniona"), row(identyfikator="x" * 300)]
    with pytest.raises(CommandError):
        import_file(csv_file(rows, tmp_path))
    existing.refresh_from_db()
    assert existing.title == "Istniejąca"


def test_polish_excel_csv_and_xlsx_are_read(world, tmp_path):
    import_file(csv_file([row(tytul="Łódzka")], tmp_path, delimiter=";", encoding="cp1250"))
    assert Practice.objects.filter(title="Łódzka").exists()
    path = tmp_path / "praktyki.xlsx"
    values = row(tytul="Z arkusza", liczba_mieszkancow=29000)
    path.write_bytes(xlsx_bytes([list(values), list(values.values())], sheet="Dobre praktyki"))
    import_file(path)
    assert Practice.objects.get(title="Z arkusza").inhabitants == 29000


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Plik jest pusty"),
        (b"tytul,kolor\nA,B\n", "brak kolumn: kategoria, miasto, skrot; nieznane kolumny: kolor"),
        (b"PK\x03\x04garbage", "Nie da się otworzyć pliku XLSX"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(world, tmp_path, content, message):
    path = tmp_path / "zly.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        import_file(path)
    assert message in str(error.value)
    assert Practice.objects.count() == 0


def test_the_progress_bar_counts_up():
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    for done in range(1, 5):
        bar(done, 4)
    drawn = stream.getvalue()
    assert "25% (1/4)" in drawn and "100% (4/4)" in drawn and drawn.endswith("\n")


def test_export_follows_the_filters_and_never_leaks_the_leaders_network(client, world):
    category = Category.objects.get(slug="uslugi-spoleczne")
    published(category, title="Rower miejski", summary='=HYPERLINK("http://zly")')
    published(category, title="Ogrody społeczne")
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    published(category, title="Rower liderów", networks=[leaders], restricted_to_networks=True)
    response = client.get(reverse("practices:export", args=["csv"]), {"q": "rower"})
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())  # with semicolons, for Polish Excel
    text = content.decode("utf-8-sig")
    assert text.split("\n", 1)[0].startswith("identyfikator;tytul;kategoria;")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["tytul"] for r in rows] == ["Rower miejski"]
    assert rows[0]["skrot"].startswith("'=")  # a spreadsheet will not run it
    xlsx = client.get(reverse("practices:export", args=["xlsx"]), {"q": "rower"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == NAMES
    assert sheet.max_row == 2 and sheet["B2"].value == "Rower miejski"
    assert client.get(reverse("practices:export", args=["pdf"])).status_code == 404
    mayor = ProfileFactory(function=Function.MAYOR, verified=True)
    ParticipationFactory(network=leaders, person=mayor.user, city=mayor.city)
    client.force_login(mayor.user)
    text = b"".join(
        client.get(reverse("practices:export", args=["csv"]), {"q": "rower"}).streaming_content
    ).decode("utf-8-sig")
    assert "Rower liderów" in text


def test_an_exported_file_imports_back_unchanged(client, world, tmp_path):
    import_file(csv_file([row(), row(tytul="=Druga", miasto="bochnia")], tmp_path))
    before = {p.slug: (p.title, p.summary, p.city_id) for p in Practice.objects.all()}
    exported = client.get(reverse("practices:export", args=["xlsx"]))
    path = tmp_path / "eksport.xlsx"
    path.write_bytes(exported.content)
    output = import_file(path)
    assert Practice.objects.count() == 2
    after = {p.slug: (p.title, p.summary, p.city_id) for p in Practice.objects.all()}
    assert after == before and "=Druga" in [title for title, _s, _c in after.values()]
    assert "zmienione: 2" in output


def test_the_admin_imports_after_a_dry_run(client, world, tmp_path):
    admin = ProfileFactory(user__is_staff=True, user__is_superuser=True, city=None).user
    client.force_login(admin)
    url = reverse("admin:practices_practice_import")
    content = csv_file([row()], tmp_path).read_bytes()
    page = client.post(url, {"file": SimpleUploadedFile("p.csv", content), "dry_run": "on"})
    assert page.status_code == 200 and Practice.objects.count() == 0
    assert page.context["report"].created == 1
    bad = csv_file([row(miasto="Atlantyda")], tmp_path, name="zle.csv").read_bytes()
    page = client.post(url, {"file": SimpleUploadedFile("zle.csv", bad)})
    assert page.context["report"].errors and Practice.objects.count() == 0
    assert "Atlantyda" in page.content.decode()
    client.post(url, {"file": SimpleUploadedFile("p.csv", content)})
    assert Practice.objects.count() == 1
    changelist = reverse("admin:practices_practice_changelist")
    exported = client.post(changelist, {"action": "export_csv",
                                        "_selected_action": [Practice.objects.get().pk]})  # fmt: skip
    assert "Bocheńska" in b"".join(exported.streaming_content).decode("utf-8-sig")
    client.force_login(ProfileFactory().user)
    assert client.get(url).status_code == 302  # to the admin's log-in


def test_an_update_changes_only_the_columns_the_file_has(world, tmp_path):
    leaders = NetworkFactory(kind=NetworkKind.LEADERS, slug="liderzy")
    import_file(csv_file([row(sieci="liderzy", tylko_dla_sieci="tak", status="szkic")], tmp_path))
    practice = Practice.objects.get()
    partial = [{"identyfikator": practice.slug, "tytul": "Nowy tytuł", "kategoria": "Usługi społeczne",
                "miasto": "bochnia", "skrot": "Nowy skrót"}]  # fmt: skip
    import_file(csv_file(partial, tmp_path, name="czesc.csv"))
    practice.refresh_from_db()
    assert practice.title == "Nowy tytuł" and practice.summary == "Nowy skrót"
    assert practice.restricted_to_networks and list(practice.networks.all()) == [leaders]
    assert practice.status == PracticeStatus.DRAFT  # not published by a file that said nothing
    assert practice.contacts.count() == 2 and practice.presentation == "<p>Opis</p>"


def test_errors_name_the_rows_as_the_spreadsheet_numbers_them(world, tmp_path):
    path = tmp_path / "luki.csv"
    good = ",".join(f'"{v}"' for v in row().values())
    bad = good.replace("Bochnia", "Atlantyda")
    path.write_text(",".join(row()) + "\n" + good + "\n\n\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        out, err = io.StringIO(), io.StringIO()
        call_command("import_practices", str(path), "--no-progress", stdout=out, stderr=err)
    assert "wiersz 5, miasto" in err.getvalue()


def test_a_file_cannot_write_one_practice_twice(world, tmp_path):
    rows = [
        row(identyfikator="karta", tytul="Karta"),
        row(identyfikator="karta", tytul="Karta druga"),
    ]
    with pytest.raises(CommandError):
        import_file(csv_file(rows, tmp_path))
    assert Practice.objects.count() == 0


def test_control_characters_do_not_break_the_xlsx_export(client, world):
    published(Category.objects.get(slug="uslugi-spoleczne"), title="Z Worda", summary="a\x0bb\x07c")
    response = client.get(reverse("practices:export", args=["xlsx"]))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active["E2"].value == "abc"


def test_a_broken_workbook_is_refused_cleanly(world, tmp_path):
    import zipfile

    path = tmp_path / "zepsuty.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types")
        package.writestr("xl/workbook.xml", "<nie-xml")
    with pytest.raises(CommandError) as error:
        import_file(path)
    assert "XLSX" in str(error.value)


def test_an_export_with_a_wrong_filter_goes_back_to_the_list_however_long_the_query(client):
    """The list says what is wrong; the way back stays an address Django redirects to."""
    export = reverse("practices:export", args=["csv"])
    wrong = client.get(export, {"year": "dawno", "q": "rower", "other": "x"})
    assert wrong.status_code == 302 and wrong["Location"] == (
        reverse("practices:list") + "?q=rower&year=dawno"
    )
    typed = "ł" * 3000
    response = client.get(export, {"q": typed}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ł" * 1000 in page and "200" in page  # kept, and said to be too long
