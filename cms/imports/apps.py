from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Housing feeds, the import runs' report in the admin, and the nightly imports."""

    name = "cms.imports"
    label = "imports"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Imports"
