"""The daily digest for everyone at national scale, with two Celery workers.

    .tools/bin/uv run python bench/digest.py       (needs REDIS_URL; DATABASE_URL optional)

On the full data set (bench/run.py loads it): every generated person is switched to the daily
digest with their three newest notifications unsent; beat's task (send_daily_digests) is
started once, and two worker processes send the digests as e-mails written to files. Prints
how long until the last one is sent and each worker's memory at the start and at its highest.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main():
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("REDIS_URL must name a Redis: the digest is sent by real workers.")
    from run import setup_database

    mail_dir = tempfile.mkdtemp(prefix="empirie-digests-")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    os.environ["EMAIL_FILE_PATH"] = mail_dir
    setup_database(1.0)
    from django.db import connection

    from accounts import tasks
    from accounts.models import Notification, Profile

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_profile SET email_mode = 'digest' FROM accounts_user "
            "WHERE accounts_user.id = accounts_profile.user_id AND accounts_user.email LIKE 'bench-%%'"
        )
        cursor.execute(
            "UPDATE accounts_notification SET emailed_at = NULL FROM accounts_user "
            "WHERE accounts_user.id = recipient_id AND accounts_user.email LIKE 'bench-%%' "
            "AND read_at IS NULL"
        )
    people = Profile.objects.filter(email_mode="digest").count()
    unsent = Notification.objects.filter(emailed_at=None, recipient__profile__email_mode="digest")
    print(f"» {people} people in digest mode, {unsent.count()} notifications to send")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "empirie.settings.bench"}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "empirie",
                "worker",
                "-c",
                "1",
                "-n",
                f"digest{n}@%h",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        for n in (1, 2)
    ]
    try:
        time.sleep(4)
        processes = [psutil.Process(w.pid) for w in workers]
        start_rss = [rss(p) for p in processes]
        peak_rss = list(start_rss)
        began = time.monotonic()
        tasks.send_daily_digests.delay()
        while unsent.exists():
            time.sleep(1)
            peak_rss = [max(peak, rss(p)) for peak, p in zip(peak_rss, processes, strict=True)]
            if time.monotonic() - began > 1800:
                raise SystemExit("still sending after 30 minutes")
        elapsed = time.monotonic() - began
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait()
    # The file backend appends messages sent close together to one file: count the messages.
    sent = sum(path.read_bytes().count(b"\nSubject: ") for path in Path(mail_dir).iterdir())
    print(f"\nDaily digest, 2 workers: {people} people, {elapsed:.0f} s "
          f"({people / elapsed:.0f} a second); {sent} e-mails written")  # fmt: skip
    for n, (start, peak) in enumerate(zip(start_rss, peak_rss, strict=True), start=1):
        print(f"  worker {n}: {start:.0f} MB at the start, {peak:.0f} MB at the highest")


def rss(process):
    """The worker's memory with its children (the pool's process does the work)."""
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        total += child.memory_info().rss
    return total / 2**20


if __name__ == "__main__":
    main()
