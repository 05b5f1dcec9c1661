"""What makes a settings module the public service alone: its URLs and a lean middleware stack.
Shared by cms.settings.public_api (production) and the search benchmark's settings."""

ROOT_URLCONF = "cms.public_urls"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The write endpoints are exempt (anonymous, no cookies: see cms.base.public_endpoints),
    # but check --deploy rightly asks for the middleware.
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.base.middleware.ContentSecurityPolicyMiddleware",  # the microsites' policy: its pages are theirs
]
# The admin app stays installed (its models and Wagtail's need it) but is not served here,
# so its middleware is not needed either.
SILENCED_SYSTEM_CHECKS = ["admin.E408", "admin.E409", "admin.E410"]
