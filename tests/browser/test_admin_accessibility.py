"""ZMP's staff work in the Django admin daily: every page of it they reach from its index (each
list, the first record of each, each "add" form, the password change) passes axe too."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations


def admin_links(page, selector):
    return page.eval_on_selector_all(
        selector, "links => links.map(link => link.getAttribute('href'))"
    )


# Some 120 pages: dealt out to parts that the test processes share out, so that no process is
# left alone with all of them at the end of the suite.
PARTS = 3


@pytest.mark.parametrize("part", range(PARTS))
def test_the_admin_passes_axe(page, demo, log_in, part):
    log_in("administrator@empirie.test")
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    index = {href for href in admin_links(page, "#content-main a") if href.startswith("/admin/")}
    urls = set(index) | {"/admin/password_change/"}
    for changelist in sorted(href for href in index if not href.endswith("/add/")):
        page.goto(changelist)
        first = admin_links(page, "#result_list tbody th a")[:1]
        urls.update(first)
    assert len(urls) > 30, sorted(urls)  # the crawl reached the lists, the records, the forms
    failures = {}
    for url in sorted(urls)[part::PARTS]:
        response = page.goto(url)
        assert response.status < 400, f"{url} answered {response.status}"
        # The names the admin's widgets lack are given once they are built.
        page.wait_for_selector("html[data-named-fields]", state="attached")
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert not failures, failures
