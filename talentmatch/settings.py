"""TalentMatch settings, driven by environment variables (see .env.example).

With no environment at all the app runs locally on SQLite, a local-memory cache and in-process
tasks; production differs only by environment variables.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Without DJANGO_SECRET_KEY, the local key below, which is public. With DEBUG off, the processes that sign
# anything (gunicorn and runserver through talentmatch/wsgi.py, the Celery worker and beat) refuse to start
# on it, on the .env.example placeholder or on any "change-me…"/"django-insecure-…" key, and
# `check --deploy` reports it (talentmatch/checks.py); commands that sign nothing (migrate,
# makemigrations, compilemessages, collectstatic…) still run. `make run` generates a key of its own.
LOCAL_SECRET_KEY = "django-insecure-local-development-only-key-0123456789"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="").strip() or LOCAL_SECRET_KEY
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "talentmatch",
    "consultants",
    "tenders",
    "matching",
    "collaborations",
    "history",
    "dataio",
    "privacy",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "talentmatch.logging.RequestIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the session passed the second step
    "talentmatch.security.LoginRequiredMiddleware",  # Django's, with a whole-page redirect for htmx
    "django.contrib.messages.middleware.MessageMiddleware",
    "talentmatch.security.SessionLifetimeMiddleware",
    "talentmatch.mfa.middleware.SecondFactorMiddleware",  # roles that must enrol; Django admin behind the code
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it turns a locked-out login into the lockout page (see AXES_* below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "talentmatch.urls"
WSGI_APPLICATION = "talentmatch.wsgi.application"

# Form widgets render through Jinja2 (Django's own widget templates, jinja2 flavour), several times
# faster than the Django engine on pages with many fields; the admin's own widgets fall back to it.
FORM_RENDERER = "talentmatch.widgets.FormRenderer"

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
                "talentmatch.context_processors.capabilities",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

# Database: a SQLite file in the project unless DATABASE_URL says otherwise.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast rather than hang when the database host stops answering (health checks rely on it).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# The seed documents INTEGER keys.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# Redis serves the cache and the Celery broker; without it, local memory and in-process tasks.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="talentmatch"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 3,
                "SOCKET_TIMEOUT": 3,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Paris"
# Defaults for a task that declares no limits of its own (each of ours does).
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# acks_late tasks: a worker reserves one message at a time, so a crash leaves no prefetched ones waiting.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers a message not acknowledged within visibility_timeout: it must outlast the longest
# task time limit (1 h), or a long acks_late task still running would be delivered a second time.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)}
# On a stop (SIGQUIT, or SIGTERM with REMAP_SIGTERM=SIGQUIT as in docker-compose.yml), running tasks get
# this long to finish; the unfinished ones then go back to the queue at once instead of after that timeout.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = env.float("CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", default=60.0)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep our one-line log format in workers
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

AUTH_USER_MODEL = "talentmatch.User"
# The throttle comes first: a locked-out e-mail + address pair is refused before any password check.
AUTHENTICATION_BACKENDS = ["talentmatch.security.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # The seed's passlib bcrypt hashes stay readable (stored as "bcrypt$<hash>") and are
    # upgraded to Argon2 at the next successful login.
    "django.contrib.auth.hashers.BCryptPasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Security (see talentmatch/security.py and the talentmatch/tests/test_security_*.py proofs) ------
# The site is served over HTTPS (production): redirect http, send HSTS, secure cookies by default.
HTTPS = env.bool("DJANGO_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
# The probes answer plain http too: the container health check calls http://localhost:8000/healthz.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=365 * 24 * 60 * 60 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto itself (overwriting what clients send).
if env.bool("DJANGO_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies append to X-Forwarded-For in front of the app; 0 trusts only REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# The addresses (or networks) the nearest proxy connects from: X-Forwarded-For counts only on a request
# whose socket peer is one of them. The same variable as gunicorn's (X-Forwarded-Proto), same default.
TRUSTED_PROXY_ADDRESSES = env.list("FORWARDED_ALLOW_IPS", default=["127.0.0.1", "::1"])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sessions end after SESSION_COOKIE_AGE seconds without a request (each request pushes the expiry
# back) and, whatever the activity, SESSION_ABSOLUTE_AGE seconds after the login.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
# The expiry is pushed back by talentmatch.security.SessionLifetimeMiddleware at most this often, not
# on every request (which would write the session row on every page).
SESSION_IDLE_REFRESH = env.int("SESSION_IDLE_REFRESH", default=5 * 60)
# Rows an import file may hold from the web, as from `manage.py import_data` (DATAIO_MAX_ROWS, 10,000);
# a file of more than DATAIO_WEB_SYNC_ROWS is imported by a worker while the page shows its progress
# (about 2 ms a row for new consultants: 250 rows stay well within gunicorn's 30 s timeout).
DATAIO_WEB_MAX_ROWS = env.int("DATAIO_WEB_MAX_ROWS", default=10_000)
DATAIO_WEB_SYNC_ROWS = env.int("DATAIO_WEB_SYNC_ROWS", default=250)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_AGE", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads the CSRF cookie: htmx takes the token from <body hx-headers>.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# No inline script or style anywhere: JavaScript lives in static/ files (django-csp 4).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one e-mail from one client
# address, that pair gets the lockout page for AXES_COOLOFF_TIME, whether the account exists or not;
# so does an e-mail after LOGIN_EMAIL_FAILURE_LIMIT failures from any addresses, and an address after
# LOGIN_ADDRESS_FAILURE_LIMIT failures for any e-mails (talentmatch.security.LoginThrottleHandler).
AXES_HANDLER = "talentmatch.security.LoginThrottleHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_EMAIL_FAILURE_LIMIT = env.int("LOGIN_EMAIL_FAILURE_LIMIT", default=20)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "talentmatch.security.login_username"
AXES_CLIENT_IP_CALLABLE = "talentmatch.security.client_ip"
AXES_LOCKOUT_CALLABLE = "talentmatch.security.lockout_response"
AXES_RESET_ON_SUCCESS = True

# Outgoing e-mail (password reset, invitations, notifications): printed on the console unless EMAIL_URL
# names an SMTP server, e.g. smtp+tls://user:password@smtp.example.com:587 (tests use Django's in-memory outbox).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="TalentMatch <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)
# The site's address as people reach it, for the links of the e-mails sent by tasks (no request to ask).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Notifications (notifications/): a new or changed tender tells its owner and the recruiters of every
# consultant on the bench (or free within 30 days) whose score reaches this threshold.
NOTIFICATIONS_MATCH_THRESHOLD = env.float("NOTIFICATIONS_MATCH_THRESHOLD", default=0.75)
# Seconds an invitation link (an account's first password) stays valid: 7 days.
INVITATION_TIMEOUT = env.int("INVITATION_TIMEOUT", default=7 * 24 * 60 * 60)

# Second factor (django-otp: TOTP apps, and recovery codes as its static tokens; talentmatch/mfa/).
# The roles that must enrol before they reach any page: managers and the platform admin in
# production (DJANGO_HTTPS=true), nobody in the embedded setup; every other role may enrol.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["manager", "admin"] if HTTPS else [])
# Seconds between the password and the code of a login before it starts over.
MFA_LOGIN_TIMEOUT = env.int("MFA_LOGIN_TIMEOUT", default=5 * 60)
MFA_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "TalentMatch"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Set in production for collectstatic; locally WhiteNoise serves straight from the finders.
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default=None)
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE", default="django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Private files (CVs, portfolios): never under a publicly served URL.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
# The CVs and dossiers of a consultant who left the company (Consultant.left_on) are deleted this many
# months after the departure, by the daily retention job (privacy.tasks.retention_apply_task).
PRIVACY_RESUME_RETENTION_MONTHS = env.int("PRIVACY_RESUME_RETENTION_MONTHS", default=24)

# One line per event, with the request id, user and company it belongs to; secrets scrubbed.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "talentmatch.logging.RequestContextFilter"}},
    "formatters": {"line": {"()": "talentmatch.logging.LineFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["request_context"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every successful login at INFO; its lockouts (WARNING) are what an operator needs.
    # WeasyPrint and fontTools log each step of every PDF rendering at INFO, burying the app's lines.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The matching engine (see matching/engine/config.py for the meaning of each entry).
MATCHING = {
    # score = (skills × weight + seniority × weight) × required gate × availability × rate × reach
    "weights": {
        "skills": env.float("MATCHING_WEIGHT_SKILLS", default=0.75),
        "seniority": env.float("MATCHING_WEIGHT_SENIORITY", default=0.25),
    },
    "top_k": env.int("MATCHING_TOP_K", default=50),
    "related_credit": env.float("MATCHING_RELATED_CREDIT", default=0.4),
    "nice_to_have_cap": env.float("MATCHING_NICE_TO_HAVE_CAP", default=0.1),
    "slot_gap": tuple(env.list("MATCHING_SLOT_GAP", cast=float, default=[1.0, 0.85, 0.7, 0.55])),
    "near_miss": env.float("MATCHING_NEAR_MISS", default=0.75),
    "weak_related": env.float("MATCHING_WEAK_RELATED", default=0.6),
    "missing": env.float("MATCHING_MISSING_REQUIRED", default=0.5),
    "grace_days": env.int("MATCHING_GRACE_DAYS", default=14),
    "coverage_power": env.float("MATCHING_COVERAGE_POWER", default=2.0),
    "part_time": env.float("MATCHING_PART_TIME", default=0.6),
    "unavailable_without_date": env.float("MATCHING_UNAVAILABLE_WITHOUT_DATE", default=0.0),
    "on_mission_without_date": env.float("MATCHING_ON_MISSION_WITHOUT_DATE", default=0.15),
    "rate_half": env.float("MATCHING_RATE_HALF", default=0.30),
    "rate_power": env.float("MATCHING_RATE_POWER", default=2.5),
    "reach_scale": env.float("MATCHING_REACH_SCALE", default=0.5),
    "default_travel_km": env.float("MATCHING_DEFAULT_TRAVEL_KM", default=50.0),
    "days_for_full_reach": env.float("MATCHING_DAYS_FOR_FULL_REACH", default=1.0),
    "band_strong": env.float("MATCHING_BAND_STRONG", default=0.80),
    "band_fair": env.float("MATCHING_BAND_FAIR", default=0.50),
}

# Warm pools (matching.store.warm): each worker process keeps the engine arrays of the last candidate
# pools it ranked, so that an edit rescores without reading the pool again. Per side (consultants,
# tenders) and process: `entries` pools. A consultant pool costs about 33 MB per 100,000 consultants
# (11 skills each), a tender pool about 1 MB per 5,000 tenders. Every write reaches the next rescore
# through the database's change log; `max_age_seconds` bounds how long a pool is kept at all.
MATCHING_WARM = {
    "enabled": env.bool("MATCHING_WARM_ENABLED", default=True),
    "entries": env.int("MATCHING_WARM_ENTRIES", default=2),
    "max_age_seconds": env.int("MATCHING_WARM_MAX_AGE_SECONDS", default=15 * 60),
}
MATCHING_COALESCE_SECONDS = env.float("MATCHING_COALESCE_SECONDS", default=2.0)
MATCHING_FAN_OUT_CHUNKS = env.int("MATCHING_FAN_OUT_CHUNKS", default=4)
# A running recompute task touches its heartbeat this often; one silent for MATCHING_RUN_STALE_SECONDS
# (its worker died) is queued again by the minutely watchdog (matching/services/runs.py).
MATCHING_RUN_HEARTBEAT_SECONDS = env.float("MATCHING_RUN_HEARTBEAT_SECONDS", default=30.0)
MATCHING_RUN_STALE_SECONDS = env.float("MATCHING_RUN_STALE_SECONDS", default=180.0)

# Test runs may demand PostgreSQL-only tests to fail rather than skip (CI sets it).
TALENTMATCH_REQUIRE_POSTGRES = env.bool("TALENTMATCH_REQUIRE_POSTGRES", default=False)
