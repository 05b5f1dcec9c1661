from django.apps import AppConfig


class BaseConfig(AppConfig):
    """Shared pieces: kommuner, drivers, images, blocks, permissions, demo loading."""

    name = "cms.base"
    label = "base"
    default_auto_field = "django.db.models.BigAutoField"
