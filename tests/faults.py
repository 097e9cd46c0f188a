"""Real services to break on purpose: a Redis server of the test's own (to stop and start),
Celery worker processes (to kill), and the test's database as they reach it."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from empirie.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout=30.0, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


class RedisServer:
    """redis-server on a port of its own, keeping nothing on disk; `options` are more of its
    command-line options (e.g. a memory limit)."""

    def __init__(self, *options):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.options = list(options)
        self.process = None

    def start(self):
        binary = shutil.which("redis-server")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", *self.options],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.answers, 10, "redis-server to start")
        return self

    def answers(self):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
            return True
        return False

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        wait_for(lambda: not self.answers(), 10, "redis-server to stop")


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """A Celery worker process on `redis_url`, writing e-mails as files into `mail_dir`."""

    def __init__(self, redis_url, mail_dir, **environment):
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "empirie.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "CELERY_TASK_DEFAULT_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            "EMAIL_BACKEND": "tests.slow_mail.SlowFileEmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            **environment,
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "empirie", "worker", "-P", "solo",
             "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "--without-heartbeat",
             "--without-mingle", "--without-gossip", "-l", "WARNING"],
            cwd=ROOT, env=self.environment,
        )  # fmt: skip
        return self

    def kill(self):
        """As the operating system's OOM killer would: no chance to finish or give back."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def queue_on(redis_url):
    """This process sends its tasks to `redis_url`'s broker, for real (not eagerly)."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = redis_url, False
    celery_app.conf.broker_connection_retry_on_startup = False
    reset_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
        reset_connections()


def reset_connections():
    """Forget every broker connection, so the next task goes to the broker now configured."""
    with contextlib.suppress(Exception):
        celery_app.pool.force_close_all()
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def sent_messages(mail_dir: Path) -> list[str]:
    """The recipients of every e-mail written so far, one entry per message."""
    recipients = []
    for path in sorted(Path(mail_dir).glob("*.log")):
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("To: "):
                recipients.append(line[4:].strip())
    return recipients
