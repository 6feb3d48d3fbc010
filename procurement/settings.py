"""One settings module; production differences come from environment variables.

Embedded default (no servers): SQLite in var/goodbid.sqlite3 and Celery tasks run eagerly,
in the web process. Production: DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis),
with separate `celery -A procurement worker` processes.
"""

import os
import sys
from pathlib import Path

import dj_database_url
import django.conf.locale as _django_locale
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GOODBID_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes"}


# Off unless asked for: `make run` asks (DJANGO_DEBUG=1); a server started any other way runs
# with the production settings, and without a secret key refuses to start.
DEBUG = env_flag("DJANGO_DEBUG", False)
TESTING = "pytest" in sys.modules
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise RuntimeError("Set DJANGO_SECRET_KEY: it is required when DJANGO_DEBUG is off "
                           "(for the local demo, run `make run`, which sets DJANGO_DEBUG=1).")
    SECRET_KEY = "dev-only-insecure-key-set-DJANGO_SECRET_KEY-in-production"
# The demo and the test suite run over plain HTTP from the source tree.
LOCAL = DEBUG or TESTING
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
                 .split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs' JavaScript from our own static files (no CDN, CSP-clean)
    "axes",
    "procurement",
    "procurement.licensing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "procurement.middleware.ApiEnvelopeMiddleware",
    "procurement.middleware.PrivateResponseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "procurement.views.language.ProfileLanguageMiddleware",
    # Before any view or CSRF check reads the body (they do so after every __call__ above).
    "procurement.middleware.RequestLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "procurement.urls"
WSGI_APPLICATION = "procurement.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "procurement.context_processors.features",
                "procurement.context_processors.translation_draft",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'goodbid.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default at a filing deadline: readers never wait for the writer (WAL), a
    # writer waits its turn for up to 30 s instead of failing at once (busy timeout), and a
    # write transaction takes the lock when it begins (IMMEDIATE), so two transactions never
    # deadlock upgrading a read lock into a write lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out user before checking
    "django.contrib.auth.backends.ModelBackend",
]
# Login attempts are rate-limited per user name and address: after AXES_FAILURE_LIMIT failures
# the pair is locked out for AXES_COOLOFF_TIME hours (the page and the API both refuse it).
# An address is also locked out after GOODBID_ADDRESS_FAILURE_LIMIT failures across user names
# (password spraying); procurement.views.lockout explains both limits.
AXES_FAILURE_LIMIT = int(os.environ.get("GOODBID_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("GOODBID_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "procurement.views.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "procurement.views.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "procurement.views.lockout.lockout_response"
# Spraying one password across user names: an address is locked out after this many failures
# whatever the user names (higher than the per-user limit: an office shares one address).
GOODBID_ADDRESS_FAILURE_LIMIT = int(os.environ.get("GOODBID_ADDRESS_FAILURE_LIMIT", "20"))
# How many proxies in front of GoodBid add to X-Forwarded-For (1 behind the README's HTTPS
# proxy): the client's address is read from there, or every request would share the proxy's.
GOODBID_TRUSTED_PROXIES = int(os.environ.get("GOODBID_TRUSTED_PROXIES", "0"))
# API tokens expire after this many days unless created for fewer (at most 365).
GOODBID_API_TOKEN_DAYS = int(os.environ.get("GOODBID_API_TOKEN_DAYS", "90"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
# The languages with a catalogue in locale/ (`make messages` updates them from the code).
# Boston's eleven most common languages and Minneapolis's (Somali, Hmong, Lao), each named
# in itself. A catalogue is a machine draft until a reviewer the city names signs it off
# (procurement.models.TranslationReview); until then its pages say so.
LANGUAGES = [("en", "English"), ("es", "Español"), ("ht", "Kreyòl ayisyen"),
             ("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("vi", "Tiếng Việt"),
             ("kea", "Kabuverdianu"), ("ru", "Русский"), ("ar", "العربية"),
             ("pt-br", "Português (Brasil)"), ("fr", "Français"), ("so", "Soomaali"),
             ("hmn", "Hmoob"), ("lo", "ລາວ")]
# Languages Django does not know: their names and direction, for get_language_info.
EXTRA_LANG_INFO = {
    "ht": {"bidi": False, "code": "ht", "name": "Haitian Creole", "name_local": "Kreyòl ayisyen"},
    "kea": {"bidi": False, "code": "kea", "name": "Cabo Verdean Creole",
            "name_local": "Kabuverdianu"},
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
    "hmn": {"bidi": False, "code": "hmn", "name": "Hmong", "name_local": "Hmoob"},
    "lo": {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"},
}
_django_locale.LANG_INFO.update(EXTRA_LANG_INFO)
# Dates and numbers for the languages Django ships no formats for (procurement/formats/).
FORMAT_MODULE_PATH = ["procurement.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = LOCAL
MEDIA_ROOT = Path(os.environ.get("GOODBID_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

# Uploads go through Django's storage API: the filesystem by default, S3-compatible object
# storage when GOODBID_S3_BUCKET is set (install the "s3" extra: pip install -e '.[s3]').
_S3_BUCKET = os.environ.get("GOODBID_S3_BUCKET", "")
STORAGES = {
    "default": (
        {"BACKEND": "storages.backends.s3.S3Storage",
         "OPTIONS": {"bucket_name": _S3_BUCKET,
                     "endpoint_url": os.environ.get("GOODBID_S3_ENDPOINT_URL") or None,
                     "default_acl": None, "querystring_auth": True}}
        if _S3_BUCKET else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
                    if not LOCAL else
                    "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Raw uploads hold personal data: they are purged this many days after upload (findings,
# runs and the audit trail stay). Boston requires payroll records be kept 3 years.
GOODBID_UPLOAD_RETENTION_DAYS = int(os.environ.get("GOODBID_UPLOAD_RETENTION_DAYS", "1095"))
# Aggregates shown beyond a vendor and its officer hide cells of fewer workers than this.
GOODBID_SMALL_CELL_THRESHOLD = int(os.environ.get("GOODBID_SMALL_CELL_THRESHOLD", "10"))
# ...and, so that no contractor can work out another's figures by subtracting its own, a cell
# is hidden when fewer than GOODBID_MIN_CONTRACTORS contractors have workers in it, when it has
# fewer workers than the threshold once any one contractor's are taken away, or when, with any
# one contractor taken away, another works more than GOODBID_DOMINANCE_SHARE of the hours left
# (the p% rule). procurement.services.summaries.
GOODBID_MIN_CONTRACTORS = int(os.environ.get("GOODBID_MIN_CONTRACTORS", "3"))
GOODBID_DOMINANCE_SHARE = float(os.environ.get("GOODBID_DOMINANCE_SHARE", "0.85"))

# Security. Production (DJANGO_DEBUG=0) is HTTPS-only; `manage.py check --deploy` is clean.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
if not LOCAL:
    SECURE_SSL_REDIRECT = env_flag("GOODBID_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("GOODBID_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("GOODBID_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
                        if o]

# Content Security Policy: our own scripts, styles and images only; no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Uploads: Django keeps small files in memory and spools larger ones to disk; the import
# layer enforces its own limit (imports.reader.MAX_UPLOAD_BYTES) with a message for the vendor.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "procurement.middleware.LimitedUploadHandler",  # stops an upload over the limit
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Celery: without a broker, tasks run eagerly in the calling process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = env_flag("CELERY_TASK_EAGER_PROPAGATES", False)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = int(os.environ.get("GOODBID_TASK_TIME_LIMIT", "600"))
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# Redis redelivers a task whose worker died (no ack) after this many seconds. Workers look
# for such tasks every 10 x GOODBID_UNACKED_RESTORE_INTERVAL seconds (kombu throttles it).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("GOODBID_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": float(os.environ.get("GOODBID_UNACKED_RESTORE_INTERVAL", "10")),
}
CELERY_BEAT_SCHEDULE = {
    "purge-expired-uploads": {"task": "procurement.purge_expired_uploads",
                              "schedule": 24 * 3600},
    "send-report-reminders": {"task": "procurement.send_report_reminders",
                              "schedule": 24 * 3600},
    # Each month's grades, on the 2nd (late reports for the month's last week have a day).
    "grade-projects": {"task": "procurement.grade_projects",
                       "schedule": crontab(minute=0, hour=6, day_of_month=2)},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "GoodBid <noreply@goodbid.local>")
GOODBID_BASE_URL = os.environ.get("GOODBID_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A report is due this many days after its period ends.
GOODBID_REPORT_DUE_DAYS = int(os.environ.get("GOODBID_REPORT_DUE_DAYS", "15"))
# Fetching a federal wage determination's text by number (`manage.py schedule_fetch`): off
# unless set, for an installation that may reach SAM.gov. A URL with {number} ("CA20250001")
# and {modification} (the modification number; empty when none is asked for), answering the
# determination's text as text/plain or an HTML page with the text in a <pre> block, e.g.
#   https://sam.gov/api/prod/wdol/v1/wd/{number}/{modification}/download
# That address is what SAM.gov's own site calls (it redirects to the plain-text file); it is
# not a documented API and may change. It needs a modification number: SAM.gov serves no
# "latest" text at a fixed address. procurement.services.schedules.schedule_fetch.
GOODBID_WAGE_DETERMINATION_URL = os.environ.get("GOODBID_WAGE_DETERMINATION_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
