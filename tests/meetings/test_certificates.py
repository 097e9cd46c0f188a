"""Certificates of participation: made once for a person marked present, rendered from what
they keep (PDF with an embedded font: the Polish letters are text, found by extraction),
verified by anyone with the code, valid only while the attendance says present."""

import datetime as dt
import io
import re
import secrets
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from meetings import services
from meetings.models import Certificate, Registration
from networks.choices import NetworkKind, Role
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory
from tests.meetings.test_scheduling import make_meeting
from tests.meetings.test_waiting_list import run_at_once

pytestmark = pytest.mark.django_db


def member(network, first_name="Anna", last_name=None, city=None):
    extra = {"user__first_name": first_name}
    if last_name:
        extra["user__last_name"] = last_name
    profile = ProfileFactory(**extra, **({"city": city} if city else {}))
    return ParticipationFactory(network=network, person=profile.user, city=profile.city).person


def held_meeting(network, coordinator, **overrides):
    """A meeting that took place yesterday in Przemyśl."""
    starts_at = timezone.now() - dt.timedelta(days=1)
    fields = {
        "topic": "Cyfrowy urząd – e-usługi",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=5),
        "host_city": CityFactory(name="Przemyśl"),
        "venue_address": "Rynek 1",
    }
    return make_meeting(network, coordinator, **{**fields, **overrides})


def present(meeting, *people, absent=()):
    for person in (*people, *absent):
        Registration.objects.get_or_create(meeting=meeting, person=person, mode="in_person")
    services.attendance_record(
        meeting_id=meeting.pk,
        by=meeting.created_by,
        attended_ids=[r.pk for r in meeting.registrations.filter(person__in=people)],
    )


def pl(msgid: str) -> str:
    """What the Polish pages and documents say for a message (whatever the catalogue holds)."""
    with translation.override("pl"):
        return gettext(msgid)


def text_of_pdf(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def coordinator(network):
    person = ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
    person.first_name, person.last_name = "Żaneta", "Ślęzak"
    person.save()
    return person


def test_a_person_marked_present_downloads_a_certificate_with_their_name_and_its_code(
    client, network, coordinator
):
    meeting = held_meeting(network, coordinator)
    person = member(network, "Grzegorz", "Brzęczyszczykiewicz")
    present(meeting, person)
    client.force_login(person)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    url = reverse("meetings:certificate", args=[meeting.pk])
    assert pl("Download the certificate of participation") in page and url in page

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "zaswiadczenie-grzegorz-brzeczyszczykiewicz.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    certificate = Certificate.objects.get()
    text = text_of_pdf(response.content)
    assert "Grzegorz Brzęczyszczykiewicz" in text
    assert pl("Certificate of participation").upper() in text
    assert certificate.code in text.replace("\n", "")
    assert f"http://127.0.0.1:8000/zaswiadczenia/{certificate.code}/" in text.replace("\n", "")
    assert re.fullmatch(rf"EMPIRIE/{meeting.starts_at.year}/0*{certificate.pk}", certificate.number)
    assert certificate.number in text
    assert "Cyfrowy urząd – e-usługi" in text and "Przemyśl" in text and network.name in text
    assert "Żaneta Ślęzak" in text  # the coordinator
    assert pl("Page %(page)s of %(pages)s") % {"page": 1, "pages": 1} in text
    assert len(certificate.code) >= 32  # 24 bytes: 192 random bits
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title.startswith(pl("Certificate of participation"))
    assert "DejaVu" in str(reader.pages[0]["/Resources"]["/Font"].values().__iter__().__next__()
                           .get_object()["/BaseFont"])  # fmt: skip

    # Asked again: the same certificate, not a new one.
    client.get(url)
    assert Certificate.objects.count() == 1
    # On the profile page, with its number.
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert pl("Certificates of participation") in profile and url in profile
    assert certificate.number in profile


def test_the_certificate_keeps_what_it_said_when_it_was_issued(client, network, coordinator):
    meeting = held_meeting(network, coordinator, format="hybrid")
    person = member(network, "Łucja", "Żółtowska")
    present(meeting, person)
    certificate = services.certificate_for(
        registration_id=meeting.registrations.get().pk, by=person
    )
    assert certificate.place == pl("%(place)s and online") % {"place": "Rynek 1, Przemyśl"}
    assert certificate.coordinator_name == "Żaneta Ślęzak"
    meeting.topic = "Inny temat"
    meeting.save()
    person.last_name = "Nowak"
    person.save()
    client.force_login(person)
    text = text_of_pdf(client.get(reverse("meetings:certificate", args=[meeting.pk])).content)
    assert "Łucja Żółtowska" in text and "Cyfrowy urząd" in text and "Inny temat" not in text


def test_no_certificate_for_a_person_not_marked_present_nor_before_the_meeting(
    client, network, coordinator
):
    meeting = held_meeting(network, coordinator)
    person, absent = member(network), member(network)
    present(meeting, person, absent=[absent])
    registration = meeting.registrations.get(person=absent)
    with pytest.raises(ValidationError) as refused:
        services.certificate_for(registration_id=registration.pk, by=absent)
    assert "".join(refused.value.messages) == pl(
        "A certificate of participation is issued only to people the coordinator marked "
        "present at the meeting."
    )
    client.force_login(absent)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert pl("Download the certificate of participation") not in page
    response = client.get(reverse("meetings:certificate", args=[meeting.pk]), follow=True)
    assert (
        pl(
            "A certificate of participation is issued only to people the coordinator "
            "marked present at the meeting."
        )
        in response.content.decode()
    )
    assert not Certificate.objects.exists()

    coming = make_meeting(network, coordinator)
    early = Registration.objects.create(meeting=coming, person=person, mode="in_person",
                                        attended=True)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.certificate_for(registration_id=early.pk, by=person)
    assert "".join(refused.value.messages) == pl(
        "A certificate of participation is issued once the meeting has ended."
    )
    # Another person's registration is not theirs to ask for.
    with pytest.raises(PermissionDenied):
        services.certificate_for(registration_id=meeting.registrations.get(person=person).pk,
                                 by=absent)  # fmt: skip


def test_verification_is_public_and_says_invalid_once_the_attendance_is_withdrawn(
    network, coordinator
):
    meeting = held_meeting(network, coordinator)
    person = member(network, "Łucja", "Żółtowska")
    present(meeting, person)
    certificate = services.certificate_for(
        registration_id=meeting.registrations.get().pk, by=person
    )
    visitor = Client()
    url = reverse("certificates:verify", args=[certificate.code])
    assert url == f"/zaswiadczenia/{certificate.code}/"
    response = visitor.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert pl("This certificate is genuine.") in page and "Łucja Żółtowska" in page
    assert certificate.number in page and "Cyfrowy urząd" in page and "Żaneta Ślęzak" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "no-store" in response["Cache-Control"]
    assert person.email not in page and meeting.venue_address in page

    services.attendance_record(meeting_id=meeting.pk, by=coordinator, attended_ids=[])
    page = visitor.get(url).content.decode()
    assert pl("This certificate is no longer valid.") in page
    assert pl("This certificate is genuine.") not in page
    # Nor is it downloaded any more.
    with pytest.raises(ValidationError):
        services.certificate_for(registration_id=meeting.registrations.get().pk, by=person)

    unknown = visitor.get(reverse("certificates:verify", args=["x" * 32]))
    assert unknown.status_code == 404
    assert pl("Certificate not found") in unknown.content.decode()
    assert '<meta name="robots" content="noindex">' in unknown.content.decode()


def test_who_may_download_certificates(client, network, coordinator):
    city = CityFactory()
    meeting = held_meeting(network, coordinator)
    holder = member(network, city=city)
    neighbour = member(network, city=city)  # same city, registered, not present
    stranger = member(network)  # another city's member, not registered
    present(meeting, holder, absent=[neighbour])
    other_coordinator = ParticipationFactory(
        network=NetworkFactory(), role=Role.COORDINATOR, city=None
    ).person
    administrator = ProfileFactory(user__is_superuser=True, user__is_staff=True, city=None).user
    own = reverse("meetings:certificate", args=[meeting.pk])
    package = reverse("meetings:certificates_zip", args=[meeting.pk])
    attendance_list = reverse("meetings:attendance_list_pdf", args=[meeting.pk])
    expected = {
        holder: (200, 404, 404),
        neighbour: (302, 404, 404),  # sent back to the meeting, told why
        stranger: (404, 404, 404),
        other_coordinator: (404, 404, 404),
        coordinator: (404, 200, 200),  # everyone's, in the ZIP
        administrator: (404, 200, 200),
    }
    for person, statuses in expected.items():
        client.force_login(person)
        got = tuple(client.get(url).status_code for url in (own, package, attendance_list))
        assert got == statuses, person
    client.logout()
    assert {client.get(url).status_code for url in (own, package, attendance_list)} == {302}


def test_a_leaders_meeting_certificate_stays_with_its_network(client):
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    coordinator = ParticipationFactory(network=leaders, role=Role.COORDINATOR, city=None).person
    meeting = held_meeting(leaders, coordinator)
    leader = ProfileFactory(function="mayor", verified=True).user
    ParticipationFactory(network=leaders, person=leader)
    present(meeting, leader)
    client.force_login(leader)
    assert client.get(reverse("meetings:certificate", args=[meeting.pk])).status_code == 200
    # The same person, no longer verified: the network's inside (its certificates too) is
    # closed to them; the code still verifies what the certificate says.
    leader.profile.function_status = "rejected"
    leader.profile.save()
    assert client.get(reverse("meetings:certificate", args=[meeting.pk])).status_code == 404
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert meeting.topic not in profile
    assert "odnotowana na 1 spotkaniu sieci, w której już nie uczestniczysz" in profile
    code = Certificate.objects.get().code
    assert Client().get(reverse("certificates:verify", args=[code])).status_code == 200
    outsider = member(NetworkFactory())
    client.force_login(outsider)
    for name in ("certificate", "certificates_zip", "attendance_list_pdf"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404


def test_the_coordinator_downloads_everyones_certificates_as_one_zip_in_fixed_queries(
    client, network, coordinator, uncached_fragments, django_assert_max_num_queries
):
    meeting = held_meeting(network, coordinator)
    people = [member(network, "Łucja", f"Żółtowska{n}") for n in range(3)]
    present(meeting, *people, absent=[member(network)])
    services.certificate_for(  # one made before: kept, the others made now
        registration_id=meeting.registrations.get(person=people[0]).pk, by=people[0]
    )
    client.force_login(coordinator)
    url = reverse("meetings:certificates_zip", args=[meeting.pk])
    with django_assert_max_num_queries(40) as few:
        response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        names = package.namelist()
        texts = [text_of_pdf(package.read(name)) for name in names]
    assert len(names) == 3 and len(set(names)) == 3
    assert all(name.startswith("zaswiadczenie-lucja-zoltowska") for name in names)
    assert Certificate.objects.count() == 3
    for certificate in Certificate.objects.all():
        assert any(certificate.code in t.replace("\n", "") for t in texts)
    # Ten more present, none with a certificate yet: no more queries.
    more = [member(network) for _ in range(10)]
    present(meeting, *people, *more)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        assert len(package.namelist()) == 13
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)  # all made: the same again
    assert Certificate.objects.count() == 13
    numbers = set(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == 13 and not any(n.startswith("~") for n in numbers)


def test_a_meeting_with_nobody_present_has_no_zip(client, network, coordinator):
    meeting = held_meeting(network, coordinator)
    present(meeting, absent=[member(network)])
    client.force_login(coordinator)
    response = client.get(reverse("meetings:certificates_zip", args=[meeting.pk]), follow=True)
    assert pl("Nobody is marked present at this meeting yet: record the attendance first.") in (
        response.content.decode()
    )
    coming = make_meeting(network, coordinator)
    with pytest.raises(ValidationError):
        services.certificates_of_meeting(meeting_id=coming.pk, by=coordinator)


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_make_one_certificate():
    network = NetworkFactory()
    coordinator = ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
    meeting = held_meeting(network, coordinator)
    person = member(network)
    present(meeting, person)
    registration = meeting.registrations.get()
    outcomes = run_at_once(
        lambda: services.certificate_for(registration_id=registration.pk, by=person),
        lambda: services.certificate_for(registration_id=registration.pk, by=coordinator),
        lambda: services.certificates_of_meeting(meeting_id=meeting.pk, by=coordinator)[0],
    )
    assert all(isinstance(o, Certificate) for o in outcomes), outcomes
    assert len({(o.pk, o.code, o.number) for o in outcomes}) == 1
    assert Certificate.objects.count() == 1


def test_guessing_codes_is_rate_limited_per_address(client, monkeypatch):
    monkeypatch.setattr("meetings.views.UNKNOWN_CODES_ALLOWED", "2/m/ip")
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    answers = [
        client.get(
            reverse("certificates:verify", args=[secrets.token_urlsafe(24)]), REMOTE_ADDR=address
        )
        for _ in range(3)
    ]
    assert [answer.status_code for answer in answers] == [404, 404, 429]
    assert answers[2]["Retry-After"] == "60"
    assert "spróbuj ponownie za minutę" in answers[2].content.decode()


def test_an_erased_account_leaves_no_certificate_naming_it(network, coordinator):
    from accounts.personal_data import account_erase

    meeting = held_meeting(network, coordinator)
    person = member(network, "Łucja", "Żółtowska")
    present(meeting, person)
    code = services.certificate_for(registration_id=meeting.registrations.get().pk, by=person).code
    account_erase(person=person)
    assert not Certificate.objects.exists()
    assert Client().get(reverse("certificates:verify", args=[code])).status_code == 404
