"""Settings for the CSR Alliance & Knowledge Centre portal.

One module, read from environment variables. With none set, the portal runs for development:
SQLite under ``var/``, Celery tasks run eagerly, email is written to files under ``var/mail``.
Production sets at least ``DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``,
``REDIS_URL``, ``EMAIL_URL`` and ``SITE_URL``.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    env_bool,
    env_db,
    env_email,
    env_float,
    env_int,
    env_list,
    env_str,
    env_url,
)
from config.release import code_digest
from config.storage import default_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters when DEBUG=0."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
# Every link in every email starts with it (notifications.links), never with a request's host;
# the default is the address `make run` serves.
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, whose forms it extends
    # The admin, refusing sessions without the second factor (accounts/admin_site.py).
    "accounts.admin_site.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "import_export",
    "csp",
    "health_check",
    # the portal's own apps; shared ones first, domain apps after
    "accounts",
    "taxonomy",
    "notifications",
    "releases",
    "alliance",
    "knowledge",
    "forum",
    "commitments",
    "initiatives",
    "portal",
    "markup",
    "django.forms",  # the widgets' own templates, for FORM_RENDERER below
]

MIDDLEWARE = [
    # Outermost: Permissions-Policy on every answer, Cache-Control: private for signed-in
    # visitors (config/headers). It does nothing on the way in.
    "config.headers.SiteHeadersMiddleware",
    # Then: every answer under /api/ is JSON, whatever answered it (knowledge/api_errors).
    "knowledge.api_errors.ApiJsonMiddleware",
    # Then: a request that queued too long is answered 503 before any work (config/shedding).
    "config.shedding.LoadSheddingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages from the shared cache, before sessions and the database (pagecache/).
    "pagecache.PageCacheMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with each policy built once per process (config/csp.py).
    "config.csp.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.StaffSecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Widgets render through TEMPLATES, so templates/ can override one: the admin's date and time
# pair gets a label for each of its fields (templates/admin/widgets/split_datetime.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.languages",
                "portal.context_processors.contact",
            ],
        },
    },
    {
        # Plain-text email (subjects and text parts): the same templates, not HTML-escaped.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Data -----------------------------------------------------------------------------------
SILENCED_SYSTEM_CHECKS: list[str] = []

DATABASES = {"default": env_db("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A runaway query must not hold a worker: statement_timeout in milliseconds.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 15000, minimum=0)}"
    )
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite creates the file but not its folder (var/ on a fresh clone).
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Development only: PostgreSQL enforces the pledge constraint SQLite cannot express.
    SILENCED_SYSTEM_CHECKS.append("models.W047")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A PostgreSQL streaming replica for the reads of anonymous public pages and the public API
# (config/routers.py, config/replica.py, docs/replica.md). Unset: one database, as before.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
# Reads leave the replica while it is further behind the primary than this.
REPLICA_MAX_LAG_SECONDS = env_float("REPLICA_MAX_LAG_SECONDS", 5.0, minimum=0.1)
# After a person (or an anonymous visitor) writes, their reads stay on the primary this long.
READ_YOUR_WRITES_SECONDS = env_int("READ_YOUR_WRITES_SECONDS", 5, minimum=1)
# How often the replica's state (up, down, lagging) is measured; shared through the cache.
REPLICA_CHECK_SECONDS = env_float("REPLICA_CHECK_SECONDS", 2.0, minimum=0.5)
if DATABASE_REPLICA_URL:
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL.")
    DATABASES["replica"] = env_db("DATABASE_REPLICA_URL", "")
    if not DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres://… URL.")
    for _key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        DATABASES["replica"][_key] = DATABASES["default"][_key]
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"]["OPTIONS"],
        **DATABASES["replica"].get("OPTIONS", {}),
        # A replica that does not answer costs a request at most this long (then primary).
        "connect_timeout": 2,
    }
    DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
    # Innermost: it decides once the visitor is known (after authentication), and its
    # process_exception is the first to see a replica that failed under a view.
    MIDDLEWARE.append("config.replica.ReplicaMiddleware")

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # Without Redis the cache is a table in the database, not each process's memory: every
    # process (gunicorn runs several) sees the same sessions, rate-limit counts and page cache
    # generations. `migrate` creates the table (portal.apps).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

# How long an anonymous page stays in the cache at most; changes invalidate it at once through
# generation counters (pagecache/), so this only bounds pages that change with time
# ("upcoming" meetings). 0 turns the page cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300, minimum=0)
# Stamps the shared cache's pages and values, so one version of the code never reads another's
# (after a deploy, or two versions serving at once): a version or commit, or a digest of the
# code (config/release.py).
CODE_VERSION = env_str("CODE_VERSION", "") or code_digest(BASE_DIR)
# With a replica, reads may lag writes by up to the lag limit plus one interval between two
# checks: the page cache keeps nothing of an area that changed less than this long ago.
PAGE_CACHE_SETTLE_SECONDS = (
    REPLICA_MAX_LAG_SECONDS + REPLICA_CHECK_SECONDS + 1 if DATABASE_REPLICA_URL else 0
)

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = None
# allauth's forms with the portal's labels (accounts/allauth_forms.py).
ACCOUNT_FORMS = {
    "login": "accounts.allauth_forms.LoginForm",
    "signup": "accounts.allauth_forms.SignupForm",
    "reset_password": "accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.allauth_forms.ResetPasswordKeyForm",
    "change_password": "accounts.allauth_forms.ChangePasswordForm",
    "set_password": "accounts.allauth_forms.SetPasswordForm",
    "add_email": "accounts.allauth_forms.AddEmailForm",
    "reauthenticate": "accounts.allauth_forms.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "accounts.allauth_forms.MfaAuthenticateForm",
    "reauthenticate": "accounts.allauth_forms.MfaReauthenticateForm",
    "activate_totp": "accounts.allauth_forms.ActivateTOTPForm",
}
# Failed logins, sign-ups and reset requests are limited per address and per client, counted
# in the shared cache (Redis in production) so every web process sees the same counts.
# Failed sign-ins: a few per account *and* client address together (accounts.adapters), so
# one address cannot lock out a person signing in from another; per address over all
# accounts; and a much higher ceiling per account that only a guess spread over many addresses
# reaches ("login_failed" per key, which also caps authenticator codes per account).
LOGIN_FAILED_PER_ACCOUNT_AND_ADDRESS = "5/5m/key,20/d/key"
LOGIN_FAILED_PER_ADDRESS = "10/m/ip"
LOGIN_FAILED_PER_ACCOUNT = "300/d/key"
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{LOGIN_FAILED_PER_ADDRESS},{LOGIN_FAILED_PER_ACCOUNT}",
    "login_failed_account_address": LOGIN_FAILED_PER_ACCOUNT_AND_ADDRESS,
    # A staff account without an authenticator asking for an enrolment link by email.
    "staff_enrolment": "3/h/user",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_email": "1/m/user",
    "confirm_email": "1/3m/key",
}
# Behind N reverse proxies the client is the Nth address from the right of X-Forwarded-For;
# with 0 the socket's address counts, so nobody can choose an IP by sending a header.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "CSR Portal")
# Staff powers need the second factor; a staff account without one enrols with a one-time link
# (emailed or issued by a superuser) that works for this long, and the session that opened it
# may set up an authenticator for STAFF_ENROLMENT_GRANT_SECONDS.
STAFF_ENROLMENT_MINUTES = env_int("STAFF_ENROLMENT_MINUTES", 30, minimum=1)
STAFF_ENROLMENT_GRANT_SECONDS = env_int("STAFF_ENROLMENT_GRANT_SECONDS", 15 * 60, minimum=60)

# --- Email ----------------------------------------------------------------------------------
_email = env_email("EMAIL_URL")
if _email:
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
    EMAIL_PORT = _email.get("EMAIL_PORT") or 25
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
    EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
    EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CSR Portal <noreply@portal.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write with a question: linked where a page says "contact us".
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "contact@portal.example.org")

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task is only ever redelivered if it is idempotent (acks_late is set per task), and never
# scheduled beyond the visibility timeout: Redis would deliver it a second time.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A web request must not hang on a broker that is down: one quick retry, then the outbox row
# simply waits for the beat dispatcher.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# django-celery-beat's database scheduler, sending only while it holds a lock in Redis, so a
# second beat started by mistake stands by instead of sending every task twice (config/beat.py).
CELERY_BEAT_SCHEDULER = "config.beat:SingleBeatScheduler"
# The holder records when each task last ran as soon as it sends it: a beat taking over goes on
# from there.
CELERY_BEAT_SYNC_EVERY = 1
BEAT_LOCK_SECONDS = env_int("BEAT_LOCK_SECONDS", 30, minimum=3)
BEAT_LOCK_PREFIX = env_str("CACHE_KEY_PREFIX", "portal")
CELERY_BEAT_SCHEDULE = {
    "notifications-dispatch-due": {
        "task": "notifications.tasks.dispatch_due",
        "schedule": env_int("OUTBOX_DISPATCH_SECONDS", 60, minimum=5),
    },
    # Hourly, so that sent mail that carried a secret goes within the hour after its retention.
    "notifications-purge-old": {"task": "notifications.tasks.purge_old", "schedule": 60 * 60},
    "accounts-purge-invitations": {
        "task": "accounts.tasks.purge_invitations",
        "schedule": 86400,
    },
    "accounts-purge-sessions": {"task": "accounts.tasks.purge_sessions", "schedule": 86400},
    # Checks hourly whether a release of the public figures is due (STATISTICS_RELEASE_DAYS).
    "releases-publish-due": {"task": "releases.tasks.publish_due", "schedule": 60 * 60},
    "forum-digests-enqueue": {
        "task": "forum.tasks.digests_enqueue",
        "schedule": 15 * 60,
    },
    # Reminders to members who have not sent their update before a meeting's deadline.
    "forum-update-reminders": {
        "task": "forum.tasks.update_reminders_enqueue",
        "schedule": 15 * 60,
    },
    "forum-series-extend": {
        "task": "forum.tasks.series_extend_all",
        "schedule": 24 * 60 * 60,
    },
    # Reminders of progress reports falling due; idempotent, so hourly costs nothing.
    "commitments-send-reminders": {
        "task": "commitments.tasks.send_reminders",
        "schedule": 60 * 60,
    },
    # Reminders of calls for projects (drafts before the deadline, reviews before theirs).
    "initiatives-calls-send-reminders": {
        "task": "initiatives.calls.tasks.send_reminders",
        "schedule": 60 * 60,
    },
    "knowledge-send-alerts": {
        "task": "knowledge.tasks.send_alerts",
        "schedule": env_int("KNOWLEDGE_ALERTS_SECONDS", 3600, minimum=60),
    },
    "knowledge-rebuild-search-vocabulary": {
        "task": "knowledge.tasks.rebuild_search_vocabulary",
        "schedule": 24 * 60 * 60,
    },
}

# --- Public figures (releases/) ----------------------------------------------------------------
# Every public count of organisations is a release with differential-privacy noise
# (docs/alliance.md). One release per scope (the Alliance's statistics, the coalitions' member
# counts, each framework's dashboard) every STATISTICS_RELEASE_DAYS; each costs
# STATISTICS_EPSILON; releases stop, with an alert to staff, rather than spend more than
# STATISTICS_EPSILON_PER_YEAR over any 365 days.
STATISTICS_RELEASE_DAYS = env_int("STATISTICS_RELEASE_DAYS", 7, minimum=1)
STATISTICS_EPSILON = env_float("STATISTICS_EPSILON", 1.0, minimum=0.01)
STATISTICS_EPSILON_PER_YEAR = env_float("STATISTICS_EPSILON_PER_YEAR", 160.0, minimum=0.01)
# The quick scan's mean scores per section, with noise, as a release of their own (off: the
# results never leave the organisations). docs/quick-scan.md.
QUICK_SCAN_PUBLISH_FIGURES = env_bool("QUICK_SCAN_PUBLISH_FIGURES", False)

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch")), ("fr", _("French")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
# Content translated in the admin (vocabularies, meeting titles, commitments): English is the
# default; a missing translation falls back to the language the text was entered in, which
# templates mark with {% translated %} (portal/templatetags/translated.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "nl", "fr", "de")

# --- Knowledge centre imports (issue 14) -----------------------------------------------------
# Whether the practice import downloads the web addresses a record gives as attachments. Off:
# they are kept as links. On: the server fetches whatever address an imported file names
# (public addresses only, no redirects), so turn it on only for files you trust.
KNOWLEDGE_IMPORT_FETCH = env_bool("KNOWLEDGE_IMPORT_FETCH", False)

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploads: the local folder under VAR_DIR by default, an S3-compatible bucket with
# STORAGE_BACKEND=s3 (config/storage.py, docs/storage.md).
STORAGES = {
    "default": default_storage(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the portal does not use, switched off for its pages and anything they embed
# (config/headers). Security keys would need publickey-credentials-* if MFA offered WebAuthn.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: ["self"]
    if feature.startswith("publickey-credentials") and "webauthn" in MFA_SUPPORTED_TYPES
    else []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Sessions end after SESSION_IDLE_SECONDS without a request and, whatever the activity,
# SESSION_ABSOLUTE_SECONDS after sign-in. A signed-in session (and its cookie) is renewed at
# most once a minute (accounts.middleware), not written on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 60 * 60 * 8, minimum=60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 60 * 60 * 24 * 7, minimum=60)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preload is a promise to browser vendors that is slow to undo; each deployment opts in.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Under gunicorn (config/gunicorn.py), a request that waited longer than this in a worker's
# queue is answered 503 with Retry-After at once; 0 turns shedding off.
SHED_QUEUE_MS = env_int("SHED_QUEUE_MS", 500, minimum=0)

# The portal's own switches.
BENCH = env_bool("BENCH", False)  # mounts the floor view that `make bench` measures against
INVITATION_DAYS = env_int("INVITATION_DAYS", 14, minimum=1)
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 90, minimum=1)
# Sent or failed mail that carried a secret (reset, confirmation, invitation) goes sooner: the
# secret itself is gone once sent, this bounds how long staff see that such a mail went out.
OUTBOX_SECRET_RETENTION_HOURS = env_int("OUTBOX_SECRET_RETENTION_HOURS", 24, minimum=1)
# Invitations one person may send in an hour, and one organisation in a day.
INVITATIONS_PER_SENDER_PER_HOUR = env_int("INVITATIONS_PER_SENDER_PER_HOUR", 20, minimum=1)
INVITATIONS_PER_ORGANISATION_PER_DAY = env_int(
    "INVITATIONS_PER_ORGANISATION_PER_DAY", 50, minimum=1
)
