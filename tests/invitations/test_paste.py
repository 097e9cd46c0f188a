"""People pasted from a spreadsheet: every line that cannot be used is reported with its
number and the reason, whatever is pasted."""

import time

import pytest
from django.utils.translation import gettext as _

from accounts.choices import Function
from invitations.paste import LONGEST_LINE, MAX_ROWS, parse
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def reasons(text):
    invitees, problems = parse(text)
    return [problem.line for problem in problems]


def test_tabs_semicolons_commas_and_a_header_line():
    bochnia = CityFactory(name="Bochnia")
    CityFactory(name="Łódź")
    text = (
        "E-mail\tImię i nazwisko\tMiasto\tFunkcja\n"
        "anna@bochnia.pl\tAnna Nowak\tBochnia\tpracownik urzędu\t\t\n"
        "\n"
        "jan@lodz.pl;Jan Kowalski;ŁÓDŹ;Zastępca prezydenta miasta\n"
        'ewa@example.pl,"Nowak, Ewa",,\n'
        "  solo@example.pl  \n"
    )
    invitees, problems = parse(text)
    assert problems == []
    assert [(i.line, i.email) for i in invitees] == [
        (2, "anna@bochnia.pl"), (4, "jan@lodz.pl"), (5, "ewa@example.pl"), (6, "solo@example.pl"),
    ]  # fmt: skip
    assert invitees[0].city == bochnia and invitees[0].function == Function.STAFF
    assert invitees[1].city.name == "Łódź" and invitees[1].function == Function.DEPUTY_PRESIDENT
    assert invitees[2].name == "Nowak, Ewa" and invitees[2].city is None


def test_bad_lines_are_each_reported_with_their_number_and_reason():
    CityFactory(name="Nowa Wieś", slug="nowa-wies-1")
    CityFactory(name="Nowa Wieś", slug="nowa-wies-2")
    text = "\n".join(
        [
            "dobry@example.pl",  # 1
            "nie-adres",  # 2
            "=cmd|' /C calc'!A0@example.pl",  # 3: a formula
            'ktos@example.pl;=HYPERLINK("http://zlo")',  # 4: a formula in the name
            "DOBRY@example.pl",  # 5: the same as line 1
            "x@example.pl;X;Atlantyda",  # 6: no such city
            "y@example.pl;Y;Nowa Wieś",  # 7: two cities of that name
            "z@example.pl;Z;;wojewoda",  # 8: no such function
            "a@example.pl;b;c;d;e",  # 9: too many columns
            ";Bez Adresu",  # 10
            "w@example.pl;" + "W" * (LONGEST_LINE + 5),  # 11: too long
            "+48 600 000 000@example.pl",  # 12: a formula
            "@example.pl",  # 13
            "a" * 300 + "@example.org",  # 14: longer than an address may be
        ]
    )
    invitees, problems = parse(text)
    assert [i.line for i in invitees] == [1]
    assert [p.line for p in problems] == list(range(2, 15))
    by_line = {p.line: str(p) for p in problems}
    assert by_line[5] == _("Line %(line)d: %(reason)s") % {
        "line": 5, "reason": _("%(email)s is already on line %(line)d.")
        % {"email": "dobry@example.pl", "line": 1},
    }  # fmt: skip
    assert "Atlantyda" in by_line[6] and "Nowa Wieś" in by_line[7] and "wojewoda" in by_line[8]
    assert "254" in by_line[14]


def test_at_most_so_many_people_a_paste_and_ten_thousand_lines_answer_at_once():
    text = "\n".join(f"osoba{n}@example.pl;Osoba {n}" for n in range(10_000))
    started = time.monotonic()
    invitees, problems = parse(text)
    assert time.monotonic() - started < 1
    assert invitees == [] and len(problems) == 1
    assert problems[0].line == MAX_ROWS + 1
    exactly = "\n".join(f"osoba{n}@example.pl" for n in range(MAX_ROWS))
    assert len(parse(exactly)[0]) == MAX_ROWS


def test_nothing_but_noise_is_no_crash():
    for text in ("", "\n\n\t\n", "\x00\x00", '"""', "a;b;c", "\u202e@example.pl", "a@b.pl;\x00"):
        invitees, problems = parse(text)
        assert not invitees and all(problem.line >= 1 for problem in problems)
    invitees, problems = parse("\ufeffe-mail;nazwisko\nx\u200b@example.pl;Anna\u202e")
    assert not problems and (invitees[0].email, invitees[0].name) == ("x@example.pl", "Anna")


def test_the_portals_own_function_labels_are_understood_in_both_languages():
    """As the sign-up form and the people lists name functions ("pracownik urzędu miasta",
    "burmistrz (mayor)"…), in Polish or English."""
    from django.utils import translation

    lines = []
    for language in ("pl", "en"):
        with translation.override(language):
            lines += [
                f"{value}.{language}@example.pl;;;{label}" for value, label in Function.choices
            ]
    invitees, problems = parse("\n".join(lines))
    assert problems == []
    assert [i.function for i in invitees] == list(Function.values) * 2
