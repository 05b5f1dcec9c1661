"""Settings for the benchmarks: development settings, DEBUG off, and wagtail-bakery installed.

wagtail-bakery is the reference the scale benchmark compares build.py with. It renders
pages through Wagtail's own page views, so only here does the project serve pages.
"""

from cms.settings.dev import *  # noqa: F401,F403
from cms.settings.dev import INSTALLED_APPS

DEBUG = False  # DEBUG keeps every SQL query in memory, which would skew both builds
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [*INSTALLED_APPS, "bakery", "wagtailbakery"]
ROOT_URLCONF = "bench.bakery_urls"
BAKERY_MULTISITE = True
BAKERY_VIEWS = ("bench.bakery_views.KommunPagesView",)  # every published page, or some kommuner's
BUILD_DIR = "/tmp/norrbotten-bench/bakery"  # bench_scale.py points this at its --workdir
