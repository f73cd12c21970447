"""One env-driven settings module (12-factor).

Every value that differs between a laptop, CI and production comes from the environment, with a
default that makes `make run` work on a fresh clone: SQLite in the project folder and django-q2's
ORM broker. Set DATABASE_URL and REDIS_URL to move the same code onto PostgreSQL and Redis.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from config.hosts import HostsWithTrackingDomains

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", False):
        raise RuntimeError("SECRET_KEY must be set in production")
    # Development and tests only; production deployments set SECRET_KEY.
    SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105
STATIC_ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# The static hosts, then every organization's tracking domain (config/hosts.py, accounts/domains.py).
ALLOWED_HOSTS = HostsWithTrackingDomains(STATIC_ALLOWED_HOSTS)
# Links on a tracking domain use this scheme (the proxy in front terminates TLS for the domain).
TRACKING_DOMAIN_SCHEME = os.environ.get("TRACKING_DOMAIN_SCHEME", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Absolute base for links that leave the server (public tracking pages in API responses, emails).
# Behind a proxy or on a domain, set it to what recipients type (README, Configuration); by
# default it follows PORT, so `PORT=8765 make run` links to port 8765.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "accounts",
    "carriers",
    "events",
    "api",
    "trackers",
    "shipments",
    "webhooks",
    "notifications",
    "predictions",
    "privacy",
    # API dialects that speak other tracking services' APIs: EasyPost, Tracktry, Packy, PackageX.
    "dialects",
    "config.apps.ProjectConfig",  # last: process-wide set-up once the apps are loaded
]

# The speed engine (core/fast/, INTERNALS.md there): COPY and pipelined bulk writes, instances
# without Model.__init__, prebuilt reads, the API lane, gc.freeze, relaxed commits for webhook logs.
# FAST_PATHS=0 turns every one off: the plain ORM and Django's own handler serve instead, with the
# same behaviour (CI runs the suite both ways), e.g. to rule the engine out when chasing a bug.
FAST_PATHS = env_bool("FAST_PATHS", True)

MIDDLEWARE = [
    *(["core.fast.lane.ApiLane"] if FAST_PATHS else []),  # /api/ paths take API_MIDDLEWARE below instead
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "privacy.audit.ActorMiddleware",  # dashboard and admin changes are audited as the signed-in person
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.guard.InputGuardMiddleware",
    "config.errors.PublicNotFoundMiddleware",
    "config.hosts.TrackingDomainMiddleware",
]
# Key-authenticated API calls need no session, user, messages, CSRF or dashboard language (core/fast/lane.py).
API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.guard.InputGuardMiddleware",
    "config.hosts.TrackingDomainMiddleware",
]
# The native API and the dialects' base URLs (dialects/urls.py): key-authenticated JSON all.
API_LANE_PREFIXES = ["/api/", "/easypost/", "/tracktry/", "/packy/", "/packagex/", "/tracking/"]
API_LANE_EXCLUDED = ["/api/v1/docs/"]  # an HTML page whose template reads the signed-in user
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take SQLite's write lock up front, so two workers claiming due
    # trackers (or two requests creating the same live tracker) serialize instead of racing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "media"

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/dashboard/"
LOGOUT_REDIRECT_URL = "/login/"

# --- Recipient notifications (notifications/) ------------------------------------------------
# Email with Django's own setting names: SMTP when EMAIL_HOST is set, the console otherwise.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "core.mail.ReadableConsoleBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tracking@localhost")
# SMS: Twilio's Messages API when TWILIO_ACCOUNT_SID is set (or SMS_BACKEND=twilio), the console otherwise.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "")
TWILIO = {
    "account_sid": os.environ.get("TWILIO_ACCOUNT_SID", ""),
    "auth_token": os.environ.get("TWILIO_AUTH_TOKEN", ""),
    "from": os.environ.get("TWILIO_FROM", ""),
    "api_base": os.environ.get("TWILIO_API_BASE", "https://api.twilio.com"),
}
# Senders: claim lease, notifications per claim, one task's sending time.
NOTIFY_LEASE_SECONDS = env_int("NOTIFY_LEASE_SECONDS", 300)
NOTIFY_BATCH_SIZE = env_int("NOTIFY_BATCH_SIZE", 50)
NOTIFY_TASK_SECONDS = env_int("NOTIFY_TASK_SECONDS", 60)

# --- Task queue (django-q2) -----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
Q_CLUSTER: dict = {
    "name": os.environ.get("Q_CLUSTER_NAME", "tracking"),
    "workers": env_int("Q_WORKERS", 2),
    "timeout": env_int("Q_TIMEOUT", 300),
    "retry": env_int("Q_RETRY", 360),
    "max_attempts": 1,
    "queue_limit": 50,
    "save_limit": 500,
    "catch_up": False,
    "poll": 0.5,
    "sync": env_bool("Q_SYNC", False),
    "label": "Task queue",
}
# `manage.py worker`: how long running tasks may finish after SIGTERM before they are stopped.
WORKER_STOP_GRACE_SECONDS = float(os.environ.get("WORKER_STOP_GRACE_SECONDS", "1.5"))
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- Product settings -------------------------------------------------------------------------
# One sandbox step (PackageX's test mode updates "approximately once every minute").
SANDBOX_STEP_SECONDS = env_int("SANDBOX_STEP_SECONDS", 60)
# Trackers claimed per refresh task, and how long a claim holds before another worker may retry.
REFRESH_BATCH_SIZE = env_int("REFRESH_BATCH_SIZE", 200)
REFRESH_MAX_BATCHES_PER_RUN = env_int("REFRESH_MAX_BATCHES_PER_RUN", 50)
REFRESH_CLAIM_SECONDS = env_int("REFRESH_CLAIM_SECONDS", 600)
# A claim also takes trackers due this many seconds ahead (at most half a sandbox step): those due
# before the minute schedule's next tick, which would otherwise wait a whole tick more.
REFRESH_LOOKAHEAD_SECONDS = env_int("REFRESH_LOOKAHEAD_SECONDS", 30)
# Live-mode deduplication window (EasyPost's is three months).
DEDUP_DAYS = env_int("DEDUP_DAYS", 90)
# How many times one tracker's courier may be changed (docs/refresh.md, Corrections).
CARRIER_CHANGE_LIMIT = env_int("CARRIER_CHANGE_LIMIT", 3)
# Trackers with no new information for this long stop being refreshed.
EXPIRE_AFTER_DAYS = env_int("EXPIRE_AFTER_DAYS", 30)
# Dashboard: a tracker with no new event for this many days is "stale".
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 5)

# Webhooks: production refuses plain http and private addresses; development and tests allow them.
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", DEBUG)
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", DEBUG)
# Ports a webhook URL may name, e.g. "443,8443". Unset: 80, 443, 8443 and 1025-65535 except the
# ports of databases, caches and brokers (webhooks.urlguard.SERVICE_PORTS); WEBHOOK_ANY_PORT=1 allows all.
WEBHOOK_ALLOWED_PORTS = frozenset(int(port) for port in env_list("WEBHOOK_ALLOWED_PORTS", ""))
WEBHOOK_ANY_PORT = env_bool("WEBHOOK_ANY_PORT", False)
WEBHOOK_CONNECT_TIMEOUT = float(os.environ.get("WEBHOOK_CONNECT_TIMEOUT", "5"))
WEBHOOK_TOTAL_TIMEOUT = float(os.environ.get("WEBHOOK_TOTAL_TIMEOUT", "15"))
WEBHOOK_DISABLE_AFTER_HOURS = env_int("WEBHOOK_DISABLE_AFTER_HOURS", 24)
# Delivery workers: how long a claimed delivery is leased, how many a claim takes, and how long one
# task keeps sending before it hands the rest to a fresh task.
WEBHOOK_LEASE_SECONDS = env_int("WEBHOOK_LEASE_SECONDS", 300)
WEBHOOK_BATCH_SIZE = env_int("WEBHOOK_BATCH_SIZE", 64)
# Requests one worker has in flight at once; also the most a killed worker sends twice.
WEBHOOK_CONCURRENCY = env_int("WEBHOOK_CONCURRENCY", 16)
WEBHOOK_TASK_SECONDS = env_int("WEBHOOK_TASK_SECONDS", 60)
# A failing endpoint is probed with its oldest waiting delivery this often (the sweep runs each
# minute); when it answers again its queue is sent at once, at most this many a minute.
WEBHOOK_PROBE_SECONDS = env_int("WEBHOOK_PROBE_SECONDS", 60)
WEBHOOK_RECOVERY_PER_MINUTE = env_int("WEBHOOK_RECOVERY_PER_MINUTE", 6000)

# Live carrier adapters read their credentials from the environment (see carriers/).
# `*_API_BASE` replaces only the scheme and host (tests and staging point it at another server);
# USPS_BASE_URL and UPS_BASE_URL are the older names and still work.
CARRIER_SETTINGS = {
    "usps": {
        "base_url": os.environ.get("USPS_API_BASE") or os.environ.get("USPS_BASE_URL", "https://apis.usps.com"),
        "client_id": os.environ.get("USPS_CLIENT_ID", ""),
        "client_secret": os.environ.get("USPS_CLIENT_SECRET", ""),
    },
    "ups": {
        "base_url": os.environ.get("UPS_API_BASE") or os.environ.get("UPS_BASE_URL", "https://onlinetools.ups.com"),
        "client_id": os.environ.get("UPS_CLIENT_ID", ""),
        "client_secret": os.environ.get("UPS_CLIENT_SECRET", ""),
    },
    "dhl": {
        "base_url": os.environ.get("DHL_API_BASE", "https://api-eu.dhl.com"),
        "api_key": os.environ.get("DHL_API_KEY", ""),
    },
    "fedex": {
        "base_url": os.environ.get("FEDEX_API_BASE", "https://apis.fedex.com"),
        "client_id": os.environ.get("FEDEX_CLIENT_ID", ""),
        "client_secret": os.environ.get("FEDEX_CLIENT_SECRET", ""),
    },
    "17track": {
        "base_url": os.environ.get("SEVENTEENTRACK_API_BASE", "https://api.17track.net"),
        "api_key": os.environ.get("SEVENTEENTRACK_API_KEY", ""),
    },
}
CARRIER_TIMEOUT = float(os.environ.get("CARRIER_TIMEOUT", "10"))
# Request budgets per carrier account, shared by every worker: "usps=60/hour,dhl=250/day,dhl=5/second"
# replaces the defaults of the carriers it names (carriers/budgets.py, docs/carriers.md).
CARRIER_BUDGETS = os.environ.get("CARRIER_BUDGETS", "")
# A carrier's 429 without Retry-After pauses its account this long; this many 5xx or timeouts in a
# row open its circuit for CARRIER_CIRCUIT_SECONDS (doubling while probes fail, up to an hour).
CARRIER_PAUSE_SECONDS = env_int("CARRIER_PAUSE_SECONDS", 60)
CARRIER_CIRCUIT_FAILURES = env_int("CARRIER_CIRCUIT_FAILURES", 5)
CARRIER_CIRCUIT_SECONDS = env_int("CARRIER_CIRCUIT_SECONDS", 60)

# Read caches: a worker remembers a valid API key this long (revocation reaches other processes
# within it); a tracker's API document is cached under its updated_at; the public page keeps a
# rendered copy briefly so a crowd of reloads is nearly free. 0 turns each off.
API_KEY_CACHE_SECONDS = env_int("API_KEY_CACHE_SECONDS", 10)
API_DOCUMENT_CACHE_SECONDS = env_int("API_DOCUMENT_CACHE_SECONDS", 300)
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 15)

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Views speak a dialect (api/dialect.py) that sets authentication and errors per view; these
    # defaults are the native API's, so a view that forgot its dialect is still closed.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.HeaderKeyAuthentication",
        "api.authentication.BearerKeyAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.HasApiKey"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.authentication.ApiKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_key": os.environ.get("API_RATE_LIMIT", "600/min")},
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tracking platform API",
    "DESCRIPTION": "Self-hosted multi-carrier package tracking: trackers, couriers, webhooks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.openapi.group_by_resource"],
    # Swagger UI: resources in the document's order (trackers first), folded until opened.
    "SWAGGER_UI_SETTINGS": {"docExpansion": "list", "tagsSorter": None, "deepLinking": True},
}

# Where the API's rate-limit counters live, shared by every web process: "redis" or "database".
RATE_LIMIT_STORE = os.environ.get("RATE_LIMIT_STORE", "redis" if REDIS_URL else "database")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task queued, started and finished buries the console: TASK_LOG_LEVEL=INFO shows it.
        "django-q": {"level": os.environ.get("TASK_LOG_LEVEL", "WARNING")},
    },
}

# HTTPS in production (docs/security.md): HTTPS=1 turns on what `check --deploy` asks for;
# each setting can also be set on its own. HSTS_INCLUDE_SUBDOMAINS and HSTS_PRELOAD stay opt-in:
# they bind every subdomain, and a preload cannot be taken back quickly.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain http
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", HTTPS)
if env_bool("BEHIND_HTTPS_PROXY", False):
    # The proxy terminates TLS and says so in X-Forwarded-Proto; only set this behind one that does.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
