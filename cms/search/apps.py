from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cms.search"
    label = "listing_search"
    verbose_name = "Search"

    def ready(self):
        from . import signals  # noqa: F401 - keeps the index in step with publishing
