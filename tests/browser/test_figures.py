"""The statistics pages in Chromium: axe-clean at 1280 and 375 px with every table opened, no
sideways scrolling of the page (a chart scrolls within its own region, its labels readable), the filters working without JavaScript, and no CSP violation; on every section of both pages, the sections' links wrapping on a phone."""

import pytest
from playwright.sync_api import expect

from figures.views import section_urls
from tests.browser.conftest import axe_violations, screenshot_dir


def open_every_table(page):
    for summary in page.locator("details.chart__data > summary").all():
        summary.click()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_statistics_pass_axe_and_fit_the_screen(page, demo, log_in, width):
    page.set_viewport_size({"width": width, "height": 900})
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    pages = [("/statystyki/", None), ("/statystyki/?year=2023&voivodeship=malopolskie", None),
             ("/en/statystyki/?year=2023&quarter=2", None), ("/statystyki/?year=abc", None),
             *((f"{path}?year=2023", None) for _section, path in section_urls("public")[1:]),
             ("/statystyki/sieci/", "koordynator@empirie.test"),
             *((path, None) for _section, path in section_urls("staff")[1:]),
             ("/statystyki/sieci/?year=2023", "administrator@empirie.test")]  # fmt: skip
    for path, who in pages:
        if who:
            log_in(who)
        assert page.goto(path).status == 200, path
        open_every_table(page)
        assert axe_violations(page) == [], (path, width)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, width, overflow)
        # A chart is never squeezed below a width its labels read at (12 px at 680): on a
        # phone it scrolls sideways within its own region, which the keyboard can reach.
        for figure in page.locator("figure.chart__figure").all():
            drawn = figure.locator("svg").bounding_box()["width"]
            assert drawn >= 30 * 16 - 1, (path, width, drawn)
            assert figure.get_attribute("tabindex") == "0"
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("&", "-")
        page.screenshot(path=screenshot_dir() / f"figures-{name}-{width}.png", full_page=True)
    assert violations == []


def test_the_filters_work_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/statystyki/")
    page.locator("#id_year").fill("2023")
    page.locator("#id_quarter").select_option("2")
    page.get_by_role("button", name="Filtruj").click()
    assert "year=2023" in page.url and "quarter=2" in page.url
    expect(page.locator("#spotkania")).to_contain_text("II kw. 2023")
    # A quarter without a year: the error summary, the page still whole.
    page.goto("/statystyki/?quarter=3")
    expect(page.get_by_role("heading", name="Wystąpił problem")).to_be_visible()
    # On another section the filters submit to it, and the links to the sections keep them.
    page.goto("/statystyki/przejete-praktyki/")
    page.locator("#id_year").fill("2023")
    page.get_by_role("button", name="Filtruj").click()
    assert "/statystyki/przejete-praktyki/?" in page.url and "year=2023" in page.url, page.url
    sections = page.locator("nav.figures-sections")
    expect(sections.get_by_role("link", name="Z jednego projektu wiele: przejęte praktyki")
           ).to_have_attribute("aria-current", "page")  # fmt: skip
    sections.get_by_role("link", name="Wyniki").click()
    assert page.url.endswith("/statystyki/wyniki/?year=2023"), page.url
    expect(page.locator("#id_year")).to_have_value("2023")
    expect(page.get_by_role("heading", level=2)).to_have_text("Wyniki")
    expect(sections.get_by_role("link", name="Wyniki")).to_have_attribute("aria-current", "page")
    context.close()
