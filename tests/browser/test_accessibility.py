"""Every page passes axe-core's WCAG 2.0/2.1 A and AA rules, for visitors and each demo role."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot_dir
from tests.browser.pages import NOT_PAGES, PAGES, page_urls, url_names

ROLES = {
    "visitor": None,
    "administrator": "administrator@empirie.test",
    "coordinator": "koordynator@empirie.test",
    "expert": "ekspert@empirie.test",
    "city staff": "pracownik@empirie.test",
    "leader": "lider@empirie.test",
    "observer": "obserwator@empirie.test",
    "unverified leader": "zastepca@empirie.test",
}


def test_every_url_is_accounted_for():
    unknown = sorted(set(url_names()) - set(PAGES) - set(NOT_PAGES))
    assert not unknown, (
        f"URLs with no entry in tests/browser/pages.py: {unknown}. Add each to PAGES "
        "(with arguments to open it) or to NOT_PAGES (with the reason)."
    )
    stale = sorted((set(PAGES) | set(NOT_PAGES)) - set(url_names()))
    assert not stale, f"pages.py names URLs that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe(page, demo, log_in, role):
    if ROLES[role]:
        log_in(ROLES[role])
        page.goto("/")
        assert page.get_by_text("Zalogowano jako").count() == 1, f"the {role} is not logged in"
    failures, checked = {}, set()
    for name, path in [*page_urls(), ("404", "/nie-ma-takiej-strony/")]:
        response = page.goto(path)
        assert response.status < 500, f"{path} answered {response.status} to the {role}"
        # The same page reached again is checked once: the 403 or 404 page, and the page a
        # redirect leads to (the log-in page, for a visitor, from every page behind it).
        landed = urlsplit(page.url).path
        same = response.status if response.status in (403, 404) else landed
        if (response.status in (403, 404) or landed != urlsplit(path).path) and same in checked:
            continue
        checked.add(same)
        violations = axe_violations(page)
        if violations:
            failures[f"{name} {path} -> {page.url}"] = violations
    assert not failures, failures


def test_axe_catches_a_missing_label_and_a_missing_landmark(page, demo):
    """The check above would fail if a page lost a label or its main landmark."""
    page.goto("/konto/login/")
    assert axe_violations(page) == []

    # The placeholder would name the field too, so it goes with the label.
    page.evaluate(
        """() => {
            document.querySelector('label[for=id_login]').remove();
            document.querySelector('#id_login').removeAttribute('placeholder');
        }"""
    )
    assert "label" in {v["rule"] for v in axe_violations(page)}

    page.goto("/")
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            const div = document.createElement('div');
            div.append(...main.childNodes);
            main.replaceWith(div);
        }"""
    )
    rules = {v["rule"] for v in axe_violations(page)}
    assert {"landmark-one-main", "region"} & rules, rules


@pytest.mark.parametrize("width", [1280, 375])
def test_a_buttons_page_and_a_refused_pinning_day_pass_axe(page, demo, log_in, width):
    """Two pages no link opens: a button's address opened as a page (405), and a thread's
    page served at its pinning button's address with the day refused."""
    from discussions.models import Thread

    page.set_viewport_size({"width": width, "height": 900})
    log_in("koordynator@empirie.test")
    thread = Thread.objects.filter(network__slug="miasto-cyfrowe").earliest("pk")
    pin = f"{thread.get_absolute_url()}przypnij/"
    for prefix in ("", "/en"):
        assert page.goto(prefix + pin).status == 405
        assert axe_violations(page) == [], (prefix, width)
    page.goto(f"{thread.get_absolute_url()}?strona=1")
    page.get_by_text("Przypnij na górze listy").click()
    page.get_by_label("Przypięte do").fill("2020-01-01")
    page.locator("form[action$='przypnij/'] button[type=submit]").click()
    expect(page.get_by_role("heading", name="Wystąpił problem")).to_be_visible()
    assert axe_violations(page) == [], width
    page.screenshot(path=screenshot_dir() / f"pin-refused-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_search_results_pass_axe_and_fit_the_screen(page, demo, log_in, width):
    """The portal's search with hits in several kinds, one kind alone, a corrected typo and
    nothing found; the practice list's search with a "did you mean"."""
    page.set_viewport_size({"width": width, "height": 900})
    log_in("pracownik@empirie.test")
    for prefix in ("", "/en"):
        page.goto(f"{prefix}/")
        page.get_by_role("banner").get_by_role("searchbox").fill("strategia rozwoju")
        page.get_by_role("banner").get_by_role("button").filter(
            has_text="Szukaj" if not prefix else "Search"
        ).click()
        expect(page.locator("mark").first).to_be_visible()
        assert axe_violations(page) == [], (prefix, width)
        for query in ("?q=strategji+rozwoju", "?q=e-uslugi&rodzaj=praktyki", "?q=qqqzzz"):
            page.goto(f"{prefix}/szukaj/{query}")
            assert axe_violations(page) == [], (prefix, query, width)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (query, width)
        page.goto(f"{prefix}/praktyki/?q=strategji+rozwoju")
        expect(page.locator(".search-suggestion a")).to_be_visible()
        assert axe_violations(page) == [], (prefix, width)
    page.goto("/szukaj/?q=strategji+rozwoju")
    page.screenshot(path=screenshot_dir() / f"search-{width}.png", full_page=True)
