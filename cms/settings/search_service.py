"""What makes a settings module the search service alone: its URLs and a lean middleware stack.
Shared by cms.settings.search_api (production) and the search benchmark's settings."""

ROOT_URLCONF = "cms.search.urls"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",  # GET only, but check --deploy rightly asks
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# The admin app stays installed (its models and Wagtail's need it) but is not served here,
# so its middleware is not needed either.
SILENCED_SYSTEM_CHECKS = ["admin.E408", "admin.E409", "admin.E410"]
