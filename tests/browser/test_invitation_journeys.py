"""A coordinator invites three people from a pasted list; one accepts by signing up with the
link from their e-mail and lands inside the network."""

import re

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from accounts.models import OutgoingEmail
from invitations.models import Invitation, InvitedRole
from tests.browser.conftest import axe_violations, screenshot_dir
from tests.browser.test_membership_journeys import log_in_with_form, log_out

PASTED = (
    "E-mail\tImię i nazwisko\tMiasto\tFunkcja\n"
    "ewa.nowak@bochnia.example.pl\tEwa Nowak\tBochnia\tpracownik urzędu\n"
    "nie-adres\tKtoś\t\t\n"
    "jan.kowalski@example.pl\tJan Kowalski\t\t\n"
    '=HYPERLINK("http://zlo.example")\n'
    "anna.lis@example.pl\tAnna Lis\t\tinna\n"
)
GOOD = "\n".join(line for n, line in enumerate(PASTED.splitlines()) if n not in (2, 4))


def shot(page, name, width):
    page.screenshot(path=str(screenshot_dir() / f"invitations-{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_a_coordinator_invites_three_people_and_one_signs_up_with_the_link(page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in_with_form(page, "koordynator@empirie.test")
    page.goto("/sieci/miasto-cyfrowe/wnetrze/")
    page.get_by_role("link", name=_("Invitations"), exact=True).click()
    page.get_by_role("link", name=_("Invite people")).click()
    field = page.get_by_label(_("People to invite"))
    field.fill(PASTED)
    page.get_by_role("button", name=_("Send the invitations")).click()
    # Two bad lines: each named by its number, what was pasted kept whole, nothing sent.
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(_("Line %(line)d: %(reason)s") % {"line": 3, "reason": ""})
    expect(summary).to_contain_text(_("Line %(line)d: %(reason)s") % {"line": 5, "reason": ""})
    expect(field).to_have_value(PASTED)
    assert not Invitation.objects.filter(email="jan.kowalski@example.pl").exists()
    assert axe_violations(page) == []
    shot(page, "paste-refused", width)

    field.fill(GOOD)
    page.get_by_label(str(InvitedRole.MEMBER.label), exact=True).check()
    page.get_by_role("button", name=_("Send the invitations")).click()
    expect(page.get_by_role("status").first).to_be_visible()
    for email in ("ewa.nowak@bochnia.example.pl", "jan.kowalski@example.pl", "anna.lis@example.pl"):
        expect(page.locator("tbody tr", has_text=email)).to_have_count(1)
    assert axe_violations(page) == []
    shot(page, "list", width)
    log_out(page)

    body = OutgoingEmail.objects.get(to=["ewa.nowak@bochnia.example.pl"]).body
    link = re.search(r"https?://\S+(/zaproszenie/[\w-]+/)", body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("MIASTO CYFROWE")
    assert axe_violations(page) == []
    shot(page, "invitation", width)
    page.get_by_role("link", name=_("Create an account and accept")).click()
    # What the coordinator pasted is filled in; the address is the invitation's.
    expect(page.get_by_label(_("First name"))).to_have_value("Ewa")
    expect(page.get_by_label(_("Last name"))).to_have_value("Nowak")
    expect(page.get_by_label(_("City"))).to_have_value(
        str(Invitation.objects.get(email="ewa.nowak@bochnia.example.pl").city_id)
    )
    expect(page.get_by_label(_("Function"))).to_have_value("staff")
    assert axe_violations(page) == []
    shot(page, "signup", width)
    page.locator("#id_password1").fill("Sieci-Wymiany-2026")
    page.locator("#id_password2").fill("Sieci-Wymiany-2026")
    page.get_by_role("button", name=_("Sign up and accept")).click()
    expect(page).to_have_url(re.compile(r"/sieci/miasto-cyfrowe/wnetrze/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("MIASTO CYFROWE")
    assert Invitation.objects.get(email="ewa.nowak@bochnia.example.pl").accepted_at

    # The link is spent: opened again, it says so and what to do.
    log_out(page)
    response = page.goto(link)
    assert response.status == 410
    expect(page.get_by_text(_("This invitation has already been accepted."))).to_be_visible()
    assert axe_violations(page) == []
    shot(page, "spent", width)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_other_invitation_pages_pass_axe(page, demo, log_in, width):
    from tests.browser.pages import demo_invitation

    page.set_viewport_size({"width": width, "height": 900})
    expired = demo_invitation(expired=True)
    for name, path, status in (
        ("unknown", "/zaproszenie/nie-ma-takiego-zaproszenia/", 404),
        ("expired", f"/zaproszenie/{expired['token']}/", 410),
    ):
        assert page.goto(path).status == status
        assert axe_violations(page) == [], name
        shot(page, name, width)
    log_in("koordynator@empirie.test")
    pending = demo_invitation()
    for name, path in (
        ("revoke", f"/sieci/miasto-cyfrowe/zaproszenia/{pending['pk']}/wycofaj/"),
        ("leaders-invite", "/sieci/siec-dla-liderow/zaproszenia/nowe/"),
        ("other-address", f"/zaproszenie/{pending['token']}/"),
    ):
        assert page.goto(path).status == 200
        assert axe_violations(page) == [], name
        shot(page, name, width)
    page.goto(f"/sieci/miasto-cyfrowe/zaproszenia/{pending['pk']}/wycofaj/")
    page.get_by_role("button", name=_("Yes, withdraw")).click()
    expect(page.get_by_role("status").first).to_be_visible()
    assert Invitation.objects.get(pk=pending["pk"]).revoked_at
