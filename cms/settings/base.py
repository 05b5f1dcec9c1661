"""Settings shared by every environment. Secrets and URLs never live here."""

import os
from pathlib import Path

import dj_database_url
from django.conf import global_settings

from cms import languages

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

# The microsites' configuration files (one TOML file per kommun).
SITES_DIR = BASE_DIR / "sites"
# The demo content that seeds an empty CMS.
DEMO_CONTENT_DIR = BASE_DIR / "content" / "demo"

INSTALLED_APPS = [
    "cms.base",
    "cms.home",
    "cms.topics",
    "cms.stories",
    "cms.guide",
    "cms.region",
    "cms.housing",
    "cms.activities",
    "cms.jobs",
    "cms.search",
    "cms.experiments",
    "cms.imports",
    "cms.contact",
    "cms.privacy",
    "cms.translations",
    "cms.dashboard",
    "cms.publishing",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail.api.v2",
    "wagtail",
    "django_tasks_db",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.base.chooser_widgets.RequestUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite is the embedded default; any DATABASE_URL (PostgreSQL in production) wins.
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers at once (experiment events, public submissions, a build's reindex): in WAL
    # mode readers never wait for a writer, and an IMMEDIATE transaction waits for the write lock
    # (up to the timeout) where a deferred one that reads first fails with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache every process and host shares; the public endpoints' rate limits count in it
# (cms.base.public_endpoints). Redis when REDIS_URL is set (production), else a table in the
# project's database, which `migrate` creates (cms.base.apps).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "cms.base.cache.AtomicDatabaseCache", "LOCATION": "norrbotten_cache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Swedish is the source language; the others are the languages migrants read (cms/languages.py).
LANGUAGE_CODE = languages.SOURCE
LANGUAGES = languages.django_languages()
# Django's right-to-left languages and the registry's (Wagtail's `Locale.is_bidi` reads this list).
LANGUAGES_BIDI = list(dict.fromkeys([*global_settings.LANGUAGES_BIDI, *languages.right_to_left()]))
# The project's own admin strings in Swedish (makemessages, then compile the .mo beside the .po).
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Creating a page in one language creates aliases in the others, so every
# language tree has the same shape; an alias is visibly "not yet translated".
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True

STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

WAGTAIL_SITE_NAME = "Norrbotten: move here"
# No avatars from Gravatar: the admin would send a hash of every editor's email address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The port `build.py --serve` answers on (its --port sets it); the local addresses below follow it.
SERVE_PORT = int(os.environ.get("SERVE_PORT", "8000"))
# Where editors reach this CMS: the admin links in build reports ("Fix it at") and in mails.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"http://localhost:{SERVE_PORT}")
WAGTAILIMAGES_IMAGE_MODEL = "base.CustomImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.base.image_forms.ImageForm"  # alt text in every language
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "txt", "mp4", "webm", "vtt"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Wagtail's index updates run at once, as by default; a bulk load runs each once (cms.base.tasks).
TASKS = {
    "default": {"BACKEND": "cms.base.tasks.OncePerObjectBackend"},
    # Publish means live: each publish queues its kommun's rebuild here, `manage.py publish_worker` builds it.
    "publishing": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["publishing"]},
}
WAGTAIL_ALLOW_UNICODE_SLUGS = False

REST_FRAMEWORK = {
    # The public API is read-only and anonymous: nothing it serves needs a login.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 20,
}
WAGTAILAPI_LIMIT_MAX = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Search (cms.search): a search server when ELASTICSEARCH_URL is set, else the embedded backend.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Which server ELASTICSEARCH_URL is: "elasticsearch" (9.x) or "opensearch" (3.x); the settings below serve both.
SEARCH_SERVER = os.environ.get("SEARCH_SERVER", "elasticsearch").lower()
ELASTICSEARCH_INDEX_PREFIX = os.environ.get(
    "ELASTICSEARCH_INDEX_PREFIX", "norrbotten"
).lower()  # index names are lower case
# How the Elasticsearch backend reaches its cluster (8+ has TLS and auth on by default): an API key,
# or a user and password; the CA certificate that signed the cluster's; seconds per request; retries.
ELASTICSEARCH_API_KEY = os.environ.get("ELASTICSEARCH_API_KEY", "")
ELASTICSEARCH_USERNAME = os.environ.get("ELASTICSEARCH_USERNAME", "")
ELASTICSEARCH_PASSWORD = os.environ.get("ELASTICSEARCH_PASSWORD", "")
ELASTICSEARCH_CA_CERTS = os.environ.get("ELASTICSEARCH_CA_CERTS", "")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "10"))
ELASTICSEARCH_RETRIES = int(os.environ.get("ELASTICSEARCH_RETRIES", "2"))
# Shards and replicas of each index: one shard keeps facet counts exact; a multi-node cluster adds replicas.
ELASTICSEARCH_SHARDS = int(os.environ.get("ELASTICSEARCH_SHARDS", "1"))
ELASTICSEARCH_REPLICAS = int(os.environ.get("ELASTICSEARCH_REPLICAS", "0"))
SEARCH_RATE_LIMIT = int(os.environ.get("SEARCH_RATE_LIMIT", "600"))  # requests per client per minute; 0 = off
# The public service (cms.public_urls): where the static microsites reach it, and who may.
# "" = the same host, as `build.py --serve` does; in production e.g. https://api.norrbotten.example.
PUBLIC_API_URL = os.environ.get("PUBLIC_API_URL", "")
# The region front door's own domain (cms.sitebuild.region_site): its canonical links, hreflang and sitemap.
REGION_DOMAIN = os.environ.get("REGION_DOMAIN", "move.norrbotten.se")
# The microsites' https://<domain> origins are always allowed; these regexes add more.
MICROSITE_ORIGIN_PATTERNS = []
# How many proxies that append to X-Forwarded-For stand in front of the public service (nginx alone:
# 1): the rate limits count the address the last of them added, never what the client wrote there.
# 0 = none, the connection's address counts. TRUST_X_FORWARDED_FOR=true, the older switch, means 1.
TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT") or (1 if os.environ.get("TRUST_X_FORWARDED_FOR", "").lower() == "true" else 0)
)
# The published sites, whose pages the public service fills in for visitors without JavaScript.
PUBLISHED_SITES_ROOT = Path(os.environ.get("PUBLISHED_SITES_ROOT", BASE_DIR / "public"))

# Experiments (cms.experiments): the events endpoint's limits per client.
EVENTS_RATE_LIMIT = int(os.environ.get("EVENTS_RATE_LIMIT", "120"))  # batches per client per minute; 0 = off
EVENTS_MAX_BYTES = 4096
# Where editors open a microsite from the admin (previews, session links); {domain} and {slug} are filled in.
MICROSITE_URL = os.environ.get("MICROSITE_URL", "https://{domain}")

# `load_demo` and `build.py --demo` make accounts with a published password; production forbids them.
DEMO_CONTENT_ALLOWED = True

# Imports (cms.imports): the nightly publish imports JobTech job ads from this JobSearch API URL or
# saved response when set; the housing feeds are configured per kommun in sites/.
JOBTECH_SOURCE = os.environ.get("JOBTECH_SOURCE", "")

# The forms the public sends from the microsites (activities, the coordinator's contact form).
PUBLIC_FORM_RATE_LIMIT = int(
    os.environ.get("PUBLIC_FORM_RATE_LIMIT", "10")
)  # posts per client per hour and form; 0 = off
PUBLIC_FORM_MAX_BYTES = 32 * 1024  # the longest honest form, in any script, is well under this
# Names, email addresses and messages from those forms are erased this many days after an editor's
# decision (approved, rejected, answered), and after PERSONAL_DATA_MAX_DAYS when nobody decides.
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "30"))
PERSONAL_DATA_MAX_DAYS = int(os.environ.get("PERSONAL_DATA_MAX_DAYS", "365"))

# Mail goes out only where a mail server is configured; without one, the admin is the only way in.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() != "false"
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.dummy.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Norrbotten <no-reply@norrbotten.example>")
