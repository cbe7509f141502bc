"""Settings for parsipas, read from the environment.

Development needs nothing: SQLite under var/, DEBUG on, mail printed to the console.
Production sets DJANGO_ENV=production (or DEBUG=0), SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PARSIPAS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "").lower() == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-parsipas-2026"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY (>= 50 ký tự) là bắt buộc khi DJANGO_ENV=production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Reverse proxies in front of the app that append to X-Forwarded-For (one nginx: 1). The default,
# 0, reads the socket address: safe when the app is reached directly, where a client can send any
# X-Forwarded-For it likes. Even with PROXY_COUNT > 0 the header is believed only from a peer in
# TRUSTED_PROXIES (a local nginx by default), so a forged header sent past the proxy is ignored.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "parsipas.audit",
    "parsipas.units",
    "parsipas.accounts",
    "parsipas.front",
    "parsipas.workcalendar",
    "parsipas.plans",
    "parsipas.reporting",
    "parsipas.dossiers",
    "parsipas.par",
    "parsipas.sipas",
    "parsipas.petitions",
    "parsipas.dashboards",
    "parsipas.registers",
    "parsipas.public",
    "parsipas.demo",
    "ninja",  # serves the API reference page's assets from the package (no CDN)
    "parsipas.api",
    "parsipas.imports",
]

MIDDLEWARE = [
    "parsipas.front.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "parsipas.audit.middleware.AuditContextMiddleware",
    "parsipas.accounts.middleware.MustChangePasswordMiddleware",  # h10users: first-login change
    "parsipas.front.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "parsipas.urls"
WSGI_APPLICATION = "parsipas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parsipas.front.context.navigation",
            ],
            # The site's number filters (num, pct) in every template: parsipas/front/templatetags/vn.py
            "builtins": ["parsipas.front.templatetags.vn"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'parsipas.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while one writer imports; the busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Argon2 first (Django's recommendation: memory-hard, and about a third of PBKDF2's CPU time per
# login here at Django's settings, 92 ms against 259 ms; the load test's logins queued on it);
# passwords stored with PBKDF2 still check and are re-hashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (per user name and per address).
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
# A user name locked everywhere only when failures come from this many different addresses.
LOGIN_LOCK_USER_ADDRESSES = int(os.environ.get("LOGIN_LOCK_USER_ADDRESSES", "10"))
# Password reset: this many requests per address (and per e-mail address) an hour.
PASSWORD_RESET_PER_HOUR = int(os.environ.get("PASSWORD_RESET_PER_HOUR", "5"))

# Sessions end after a working day, or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [d for d in [BASE_DIR / "node_modules_static"] if d.exists()]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: evidence goes through permission-checked views
# Several app servers: uploaded files in S3-compatible object storage (django-storages) when
# S3_BUCKET is set, still served only through the permission-checked views (no public URL).
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
# Whole request bodies (files included), refused before they are read; a few imports may take
# more. The reverse proxy should refuse the same sizes (nginx: client_max_body_size).
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(60 * 1024 * 1024)))
REQUEST_MAX_BYTES_BY_PATH = {"/ho-so/nhap/": 520 * 1024 * 1024}

# Mail (Django 6.1 MAILERS): SMTP when EMAIL_HOST is set, and always in production (a local
# MTA on localhost:25 by default); the console in development.
if os.environ.get("EMAIL_HOST") or PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(
                    os.environ.get("EMAIL_PORT", "587" if os.environ.get("EMAIL_HOST") else "25")
                ),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", bool(os.environ.get("EMAIL_HOST"))),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": os.environ.get(
                "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
            )
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "parsipas <khong-tra-loi@localhost>")

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        # Production without Redis: counters shared by every worker and server, in the database
        # (`parsipas createcachetable` once at install). Never per-process memory there.
        else {"BACKEND": "parsipas.lib.dbcache.DatabaseCache", "LOCATION": "parsipas_cache"}
        if PRODUCTION or env_bool("PARSIPAS_DB_CACHE", False)
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Content-Security-Policy (Django's own middleware): scripts only from our static files, never
# inline (the pages' behaviour lives in front/app.js and the apps' .js files). Styles allow inline
# `style=` attributes: bar widths and indents are data. Nothing from another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Security headers; the HTTPS ones are on in production (behind a TLS-terminating proxy).
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Province this deployment serves (shown in headers and documents).
PROVINCE_NAME = os.environ.get("PROVINCE_NAME", "Đắk Lắk")

# h10users: who users call for help, in every page's footer and on the guides.
REFORM_OFFICE = {
    "name": os.environ.get("REFORM_OFFICE_NAME", "Phòng Cải cách hành chính — Sở Nội vụ"),
    "phone": os.environ.get("REFORM_OFFICE_PHONE", ""),
    "email": os.environ.get("REFORM_OFFICE_EMAIL", ""),
}

# Units report to the province this many working days before the province's due date (issue 17).
REPORTING_UNIT_DUE_WORKING_DAYS = int(os.environ.get("REPORTING_UNIT_DUE_WORKING_DAYS", "5"))

# The TrueType font of the Word report's charts (Debian package fonts-dejavu-core: Vietnamese).
CHART_FONT = os.environ.get("CHART_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# Petitions (phản ánh, kiến nghị): time limits in working days (defaults: the 766 method's), and
# how long a petitioner's name and contact are kept after the petition is closed.
PETITION_LIMITS = {
    step: int(os.environ.get(f"PETITION_LIMIT_{step.upper()}", str(default)))
    for step, default in {"refuse": 2, "info": 5, "handle": 15, "publish": 2}.items()
}
PETITION_PERSONAL_DATA_DAYS = int(os.environ.get("PETITION_PERSONAL_DATA_DAYS", str(3 * 365)))

# Integration API (parsipas/api): calls per token per minute, and the largest dossier batch body.
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "600"))
API_MAX_BATCH_BYTES = int(os.environ.get("API_MAX_BATCH_BYTES", str(64 * 1024 * 1024)))
