"""The test suite: fast hashing, mail kept in memory, no debug."""

import tempfile
import uuid
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-a-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In memory; the fault tests' worker processes write files instead (tests/faults.py).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", "")
DEMO_DATA_ALLOWED = True
# Each run (and, through a fixture, each test) gets its own cache namespace on a shared Redis.
CACHES["default"]["KEY_PREFIX"] = f"empirie-test-{uuid.uuid4().hex[:12]}"  # noqa: F405
CACHES["pages"]["KEY_PREFIX"] = f"empirie-test-pages-{uuid.uuid4().hex[:12]}"  # noqa: F405
# A queue of this run's own, so a developer's running worker never takes the tests' tasks.
CELERY_TASK_DEFAULT_QUEUE = env(
    "CELERY_TASK_DEFAULT_QUEUE", f"empirie-test-{uuid.uuid4().hex[:12]}"
)
# Static files straight from the source folders; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded meeting files of a test run go to a folder of its own.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="empirie-private-"))
# Tests that need the second factor required turn it on (tests/accounts/test_account_security.py).
MFA_REQUIRED = False
# The API's rate limits out of the way of crawls; tests/api/test_throttling.py sets its own.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"token": None, "person": None, "address": None},
}
# The ready check's wait for a worker that is not there, in every crawl of every URL; the
# test of the check with a real worker waits the production 2 s.
HEALTH_PING_TIMEOUT = 0.3
