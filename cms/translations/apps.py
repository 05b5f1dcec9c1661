from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    """Keeps track of translations whose Swedish source changed after they were last saved or checked."""

    name = "cms.translations"
    label = "translations"
    verbose_name = "Translations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 - notes what a listing's Swedish text was when a translation was saved
