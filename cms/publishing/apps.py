from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Publish means live: editors' publishes queue a rebuild of their kommun, a worker builds it."""

    name = "cms.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from . import scheduled, signal_handlers

        signal_handlers.connect()
        scheduled.connect()
