"""The developer's and demo portal: debug on, e-mails written to files in sent-mail/."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env, env_bool

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "local-development-only-not-a-secret")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
# Marks the settings the demo data command may run under.
DEMO_DATA_ALLOWED = True
# Static files straight from the source folders; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The demo's coordinator and administrator log in without an authenticator app; production
# requires one of them (MFA_REQUIRED=1 here to try it).
MFA_REQUIRED = env_bool("MFA_REQUIRED", False)
# Log lines for a person reading the terminal, not for a log collector.
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", "text")  # noqa: F405
