"""Two web servers, one portal: two gunicorn servers and a Celery worker, each a process of its
own under the production settings, on one PostgreSQL, one Redis and one bucket (an
S3-compatible server, tests/bucket.py), and a person whose requests go now to one server, now
to the other, as a load balancer sends them.

The Redis is a server of the test's own (tests/faults.py): the production settings' queue and
cache keys then meet nobody else's. The rows are committed (the servers are other processes)
and emptied after the test."""

# ruff: noqa: F811 - the bucket fixtures, imported from tests/bucket.py

import copy
import io
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from PIL import Image

from meetings import services
from meetings.choices import PublicationLevel
from meetings.models import MeetingPhoto
from tests.accounts.test_account_security import code_for
from tests.bucket import bucket, s3_server  # noqa: F401
from tests.faults import RedisServer, wait_for
from tests.meetings.test_reports import past_meeting, png
from tests.servers import CeleryWorker, Gunicorn, Visitor, fetch, production_environment

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Dwa-serwery-jeden-portal-2026"


@pytest.fixture
def deployment(transactional_db, tmp_path, collected_static, bucket):
    """Servers A and B, started (not yet ready: the test sets its rows up meanwhile), and a
    worker not yet started, all with one environment: the same SECRET_KEY, database, Redis
    and bucket, beside a local folder that must stay empty."""
    redis = RedisServer().start()
    folder = tmp_path / "private-media"
    environment = production_environment(
        tmp_path, collected_static,
        REDIS_URL=redis.url,
        STORAGE_URL=bucket.server.storage_url(bucket.name),
        PRIVATE_MEDIA_ROOT=str(folder),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )  # fmt: skip
    a, b = Gunicorn(environment, workers=1), Gunicorn(environment, workers=1)
    worker = CeleryWorker(environment)
    try:
        yield a.start(), b.start(), worker
        assert not folder.exists() or not any(folder.iterdir())
    finally:
        # Before the rows are emptied: a server's open connection would hold the flush up.
        for process in (worker, a, b):
            process.stop()
        redis.stop()


def coordinator_with_a_meeting():
    """A coordinator as production lets them in (a password hashed as production hashes it,
    and an authenticator app), and a past meeting of their network with a report for members."""
    _network, coordinator, meeting = past_meeting()
    hasher = PBKDF2PasswordHasher()
    coordinator.password = hasher.encode(PASSWORD, hasher.salt())
    coordinator.save(update_fields=["password"])
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    services.report_save(
        meeting_id=meeting.pk, by=coordinator, body="<p>Relacja</p>", minutes="",
        level=PublicationLevel.MEMBERS, publish=True,
    )  # fmt: skip
    return coordinator, secret, meeting


def code_in_time(secret) -> str:
    """The authenticator's code, with time to send it before its period ends (a busy machine
    may take seconds): near the end of one, the next one's."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 5:
        time.sleep(left)
    return code_for(secret)


def from_the_bucket(answer, bucket):
    """What the browser gets by following the portal's redirect to the bucket's server (an
    open network's photo: a signed address, valid a minute)."""
    assert answer.status == 302
    assert answer.headers["Location"].startswith(f"{bucket.server.endpoint}/{bucket.name}/")
    fetched = fetch(answer.headers["Location"])
    assert fetched.status == 200
    return fetched


def opened(response) -> Image.Image:
    return Image.open(io.BytesIO(response.body))


def test_a_person_goes_from_server_to_server_and_the_portal_is_one(deployment, bucket):
    a, b, worker = deployment
    coordinator, secret, meeting = coordinator_with_a_meeting()
    for server in (a, b):
        server.wait()
    visitor = Visitor()
    login, desk = reverse("account_login"), reverse("desk:home")

    # Log in on A: the password, then the authenticator's code.
    assert visitor.get(a.url(login)).status == 200
    answer = visitor.post(a.url(login), {"login": coordinator.email, "password": PASSWORD})
    assert answer.status == 302 and answer.headers["Location"] == reverse("mfa_authenticate")
    answer = visitor.post(a.url(reverse("mfa_authenticate")), {"code": code_in_time(secret)})
    assert answer.status == 302 and answer.headers["Location"] == desk
    assert visitor.get(a.url(desk)).status == 200

    # Upload a photo on B, which knows the session A began.
    edit = reverse("meetings:report_edit", args=[meeting.pk])
    assert visitor.get(b.url(edit)).status == 200
    image = png().read()
    answer = visitor.post(
        b.url(edit), {"form": "photo", "caption": "Sala obrad"},
        files={"image": ("sala.png", "image/png", image)},
    )  # fmt: skip
    assert answer.status == 302 and answer.headers["Location"] == edit

    # See it on A: on the report's page, and the file itself from the bucket B wrote to.
    photo = MeetingPhoto.objects.get(meeting=meeting)
    assert bucket.keys() == [photo.image.name]
    full = reverse("meetings:photo_file", args=[photo.pk, "pelne"])
    thumbnail = reverse("meetings:photo_file", args=[photo.pk, "miniatura"])
    report = reverse("meetings:report", args=[meeting.pk])
    page = visitor.get(a.url(report)).text
    assert f'href="{full}"' in page and "Sala obrad (miniatura w przygotowaniu)" in page
    download = from_the_bucket(visitor.get(a.url(full)), bucket)
    assert download.headers["Content-Type"] == "image/png"
    assert opened(download).size == (640, 480)

    # The servers only queued the thumbnail: the worker, a process of its own, makes it from
    # the bucket into the bucket.
    assert not MeetingPhoto.objects.get(pk=photo.pk).thumbnail
    worker.start()
    made = lambda: MeetingPhoto.objects.get(pk=photo.pk).thumbnail  # noqa: E731
    wait_for(made, 30, "the worker's thumbnail")
    assert bucket.keys() == sorted([photo.image.name, made().name])
    assert f'<img src="{thumbnail}"' in visitor.get(a.url(report)).text
    small = opened(from_the_bucket(visitor.get(a.url(thumbnail)), bucket))
    assert small.format == "JPEG" and small.size == (480, 360)

    # Log out on B: the session ends on A too, even for a tab that never heard of it (the
    # cookie sent again). With a cache of A's own, A would still find the session in it.
    session = copy.copy(visitor.cookie("sessionid"))
    answer = visitor.post(b.url(reverse("account_logout")), {})
    assert answer.status == 302 and visitor.cookie("sessionid") is None
    visitor.cookies.set_cookie(session)
    answer = visitor.get(a.url(desk))
    assert answer.status == 302 and answer.headers["Location"].startswith(login)
    assert visitor.get(a.url(full)).status == 404
