"""Tests: fast password hashing, local-memory cache, media in a temporary folder."""

import tempfile

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105 - tests only
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="norrbotten-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MICROSITE_ORIGIN_PATTERNS = [r"http://[a-z0-9-]+\.localhost(:\d+)?"]
PUBLIC_FORM_RATE_LIMIT = 0  # off: the tests of the limit turn it on, with a client address of their own
# The test database is in memory, shared by the test and the thread that serves the sites to the
# browser tests; there an IMMEDIATE transaction held by a test would lock the server out. In a
# shared cache a reader's table lock makes a writer fail at once rather than wait, so the test's
# reads of what the server stored take no locks (read_uncommitted).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA read_uncommitted = 1"}  # noqa: F405
