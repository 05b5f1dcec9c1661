"""Local development: debug on, a throwaway key, every <slug>.localhost allowed."""

import os

from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - development only, never deployed
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
MICROSITE_ORIGIN_PATTERNS = [r"http://[a-z0-9-]+\.localhost(:\d+)?"]  # build.py --serve
MICROSITE_URL = os.environ.get("MICROSITE_URL", f"http://{{slug}}.localhost:{SERVE_PORT}")  # noqa: F405 - build.py --serve
