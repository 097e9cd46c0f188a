"""Screenshots of the main pages at desktop and phone widths, for reviewers to look at."""

import pytest

from tests.browser.conftest import screenshot_dir

MAIN_PAGES = {
    "home": "/",
    "network": "/sieci/miasto-cyfrowe/",
    "leaders-network": "/sieci/siec-dla-liderow/",
    "practices": "/praktyki/",
    "practice": "/praktyki/promocja-kultury-narzedziem-realizacji-celow-strategii-rozwoju-miasta/",
    "practice-map": "/praktyki/mapa/",
    "login": "/konto/login/",
    "signup": "/konto/signup/",
    "accessibility-statement": "/deklaracja-dostepnosci/",
    "home-en": "/en/",
}


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_of_the_main_pages(page, demo, width):
    folder = screenshot_dir()
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in MAIN_PAGES.items():
        page.goto(path)
        target = folder / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000, f"{target} looks empty"
