"""Benchmarks: production-like (no debug, real templates) on a database of their own, so the
large data sets never mix with the demo or the tests."""

from .base import *  # noqa: F403
from .base import BASE_DIR, database_settings, env

DEBUG = False
SECRET_KEY = "bench-only-not-a-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The server DATABASE_URL names (or the embedded one), but a database of the benchmarks' own.
DATABASES = {"default": database_settings(env("DATABASE_URL"))}
DATABASES["default"]["NAME"] = env("BENCH_DATABASE_NAME", "empirie_bench")
# Each scale's database its own cache: nothing cached from one data set is served for another.
CACHES["default"]["KEY_PREFIX"] = f"empirie-{DATABASES['default']['NAME']}"  # noqa: F405
CACHES["pages"]["KEY_PREFIX"] = f"empirie-{DATABASES['default']['NAME']}-pages"  # noqa: F405
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
WHITENOISE_USE_FINDERS = True
PRIVATE_MEDIA_ROOT = BASE_DIR / ".bench-private-media"
# The national data set goes on top of the demo data, whose accounts the benchmark uses.
DEMO_DATA_ALLOWED = True
ROOT_URLCONF = "empirie.bench_urls"
# Gunicorn logs the requests; the portal's own per-request warnings would only slow the run.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
# The mixed workload asks the API from one address far faster than any visitor: no limits.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"token": None, "person": None, "address": None},
}
