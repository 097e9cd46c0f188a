"""Certificates in the browser: a participant downloads theirs and its address confirms it."""

import io
import re

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings.models import Certificate, Registration
from tests.browser.conftest import axe_violations
from tests.meetings.test_certificates import pl


def test_a_participant_downloads_their_certificate_and_its_address_confirms_it(
    page, demo, log_in, browser, live_server
):
    # The city staff was marked present at the last meeting of their network that was held.
    registration = (
        Registration.objects.filter(
            person__email="pracownik@empirie.test", meeting__network__slug="miasto-cyfrowe",
            meeting__cancelled_at__isnull=True, meeting__draft=False,
            meeting__ends_at__lt=timezone.now(),
        )
        .select_related("meeting", "person")
        .latest("meeting__starts_at")
    )  # fmt: skip
    Registration.objects.filter(pk=registration.pk).update(attended=True)
    name = registration.person.public_name
    log_in("pracownik@empirie.test")

    page.goto("/konto/profil/")
    expect(page.get_by_role("heading", name=pl("Certificates of participation"))).to_be_visible()
    page.goto(f"/spotkania/{registration.meeting_id}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=pl("Download the certificate of participation")).click()
    download = download_info.value
    assert download.suggested_filename.startswith("zaswiadczenie-")
    with open(download.path(), "rb") as pdf:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert name in text and registration.meeting.topic.split()[0] in text
    certificate = Certificate.objects.get(registration=registration)
    address = re.search(r"https?://\S+/zaswiadczenia/[A-Za-z0-9_-]+/", text.replace("\n", ""))
    assert address and certificate.code in address.group(0)

    # Anyone with the address, without logging in, is told it is genuine and what it says.
    stranger = browser.new_context(base_url=live_server.url, locale="pl-PL").new_page()
    stranger.goto(re.sub(r"^https?://[^/]+", "", address.group(0)))
    expect(stranger.get_by_text(pl("This certificate is genuine."))).to_be_visible()
    expect(stranger.get_by_text(certificate.number)).to_be_visible()
    expect(stranger.get_by_text(name, exact=True)).to_be_visible()
    assert axe_violations(stranger) == []
    stranger.context.close()
