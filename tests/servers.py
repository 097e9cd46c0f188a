"""The portal's processes as a deployment runs them, for tests on real processes: gunicorn
servers and Celery workers under the production settings (or any settings a test gives), nginx
in front of them, and a visitor that goes from one server to another with one browser's
cookies."""

import grp
import http.cookiejar
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from tests.faults import database_url, free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent


def production_environment(home, static_root, **env) -> dict:
    """The production settings on the test's database, as the processes of one deployment share
    them (one SECRET_KEY, which signs sessions and links), with nothing of the test run's own
    environment; `env` adds or replaces variables. `static_root` holds collected static files
    (`collect_static`): production serves them by their hashed names."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),  # gunicorn's control socket
        "DJANGO_SETTINGS_MODULE": "empirie.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url(),
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        **env,
    }


def collect_static(static_root):
    """collectstatic into `static_root`, as the image's build does (no database needed)."""
    environment = production_environment(
        static_root, static_root, DATABASE_URL="postgres://build@localhost/build"
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=environment, check=True,
    )  # fmt: skip


class Gunicorn:
    """gunicorn serving the portal on a port of its own, with `environment` (and nothing else
    of the test's); ready once /healthz answers 200 to a request for `host`."""

    def __init__(self, environment, *, workers=2, host="127.0.0.1"):
        self.environment, self.workers, self.host = environment, workers, host
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def url(self, path="/") -> str:
        return f"{self.base}{path}"

    def start(self):
        """Started, not yet waited for (`wait`): several start side by side."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "empirie.wsgi", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT, env=self.environment,
        )  # fmt: skip
        return self

    def wait(self, timeout=30):
        wait_for(self.answers, timeout, f"gunicorn on port {self.port} to start")
        return self

    def answers(self) -> bool:
        assert self.process.poll() is None, "gunicorn has exited"
        try:
            return fetch(self.url("/healthz"), host=self.host).status == 200
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(15)


class CeleryWorker:
    """`celery -A empirie worker` with `environment`, as a worker machine runs it (the broker
    is the environment's REDIS_URL, the queue the settings' default)."""

    def __init__(self, environment):
        self.environment = environment
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "empirie", "worker", "-P", "solo",
             "--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "WARNING"],
            cwd=ROOT, env=self.environment,
        )  # fmt: skip
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


class Nginx:
    """nginx (Debian's package) serving `site`, a configuration for nginx's http block such
    as deploy/nginx.conf, its `listen 80;` made a port of its own on loopback; everything it
    writes in `folder`, its workers run as this user (as root, they would be "nobody")."""

    def __init__(self, site, folder):
        assert "listen 80;" in site
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.site = site.replace("listen 80;", f"listen 127.0.0.1:{self.port};")
        self.folder = folder
        self.process = None

    def url(self, path="/") -> str:
        return f"{self.base}{path}"

    def start(self):
        binary = shutil.which("nginx", path=f"{os.environ['PATH']}:/usr/sbin")
        assert binary, "nginx (Debian's package; ./dev test installs it)"
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "site.conf").write_text(self.site)
        temporary = " ".join(
            f"{kind}_temp_path {folder / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = f"{pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name}"
        (folder / "nginx.conf").write_text(
            f"user {user};\nworker_processes 1;\nevents {{ worker_connections 64; }}\n"
            f"http {{ access_log {folder / 'access.log'}; {temporary} "
            f"include {folder / 'site.conf'}; }}\n"
        )
        errors = folder / "error.log"
        self.process = subprocess.Popen(
            [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(errors),
             "-g", f"daemon off; pid {folder / 'nginx.pid'}; error_log {errors};"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._listening, 10, "nginx to start")
        assert self.process.poll() is None, errors.read_text()
        return self

    def _listening(self) -> bool:
        if self.process.poll() is not None:
            return True  # exited: said by start()
        try:
            fetch(self.url("/_nginx_started"))
            return True
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@dataclass
class Response:
    status: int
    headers: Message  # names in any case, as HTTP has them
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


def fetch(url, *, host=None) -> Response:
    """One GET, no cookies, redirects not followed."""
    return _answer(_NO_REDIRECTS.open, urllib.request.Request(url, headers=_host(host)))


def _host(host):
    return {"Host": host} if host else {}


def _answer(open_, request) -> Response:
    try:
        with open_(request, timeout=15) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


class _NotFollowed(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx is the answer


class _LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Secure cookies go back to the loopback address over plain HTTP as well, as browsers
    send them to localhost: the servers run the production settings (secure cookies only)."""

    def return_ok_secure(self, cookie, request):
        loopback = urllib.parse.urlsplit(request.get_full_url()).hostname == "127.0.0.1"
        return loopback or super().return_ok_secure(cookie, request)


_NO_REDIRECTS = urllib.request.build_opener(_NotFollowed)


class Visitor:
    """One browser: its cookies go with it to whichever server it asks, as behind a load
    balancer; redirects are answers, not followed."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar(policy=_LoopbackIsSecure())
        self._opener = urllib.request.build_opener(
            _NotFollowed, urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def cookie(self, name) -> http.cookiejar.Cookie | None:
        return next((cookie for cookie in self.cookies if cookie.name == name), None)

    def get(self, url) -> Response:
        return _answer(self._opener.open, urllib.request.Request(url))

    def post(self, url, fields, files=None) -> Response:
        """A form sent with the CSRF token of this browser's cookie; `files`: name -> (file
        name, content type, bytes), sent as multipart/form-data."""
        fields = {"csrfmiddlewaretoken": self.cookie("csrftoken").value, **fields}
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": content_type}
        )
        return _answer(self._opener.open, request)


def _multipart(fields, files) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content_type, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
