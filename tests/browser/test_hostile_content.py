"""Hostile text typed into the portal never runs in another person's browser: a comment, a
practice, a meeting and a profile carrying script in every form we know, read by others."""

import re

from playwright.sync_api import expect

from results.models import Result
from tests.browser.test_membership_journeys import log_in_with_form, log_out

PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    "<svg onload=\"window.__pwned = 'svg'\"></svg>",
    "<a href=\"javascript:window.__pwned = 'link'\">kliknij</a>",
    "\"><script>window.__pwned = 'attribute'</script>",
    "<iframe srcdoc=\"<script>parent.__pwned = 'iframe'</script>\"></iframe>",
]
HOSTILE = " ".join(PAYLOADS)


def nothing_ran(page):
    assert page.evaluate("window.__pwned") is None, page.url


def test_script_typed_by_one_person_never_runs_for_another(page, demo):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    result = Result.objects.get(
        network__slug="miasto-cyfrowe",
        title="Rekomendacje: e-usługi w urzędzie miasta średniej wielkości",
    )

    log_in_with_form(page, "obserwator@empirie.test")
    page.goto(f"/wyniki/{result.pk}/")
    page.get_by_label("Opinia").fill(HOSTILE)
    page.get_by_role("button", name="Dodaj opinię").click()
    expect(page.get_by_text("kliknij")).to_be_visible()  # saved and shown, as text
    nothing_ran(page)
    log_out(page)

    log_in_with_form(page, "pracownik@empirie.test")
    page.goto("/praktyki/nowa/")
    page.get_by_label("Tytuł").fill(f"Praktyka {PAYLOADS[1]}")
    page.get_by_label("Kategoria").select_option(label="Usługi społeczne")
    page.get_by_label("Skrót").fill(HOSTILE)
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    nothing_ran(page)
    page.get_by_role("button", name="Zgłoś do recenzji").click()
    nothing_ran(page)
    log_out(page)

    log_in_with_form(page, "koordynator@empirie.test")
    page.goto("/praktyki/do-recenzji/")
    nothing_ran(page)
    page.get_by_role("link", name=re.compile("^Praktyka")).click()
    nothing_ran(page)
    for path in (
        f"/wyniki/{result.pk}/",
        "/sieci/miasto-cyfrowe/wnetrze/",
        "/konto/powiadomienia/",
    ):
        page.goto(path)
        nothing_ran(page)
    assert dialogs == []
