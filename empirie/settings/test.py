"""The test suite: fast hashing, mail kept in memory, no debug."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-a-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_DATA_ALLOWED = True
# Each test run gets its own cache namespace on a shared Redis.
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", "empirie-test")  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
