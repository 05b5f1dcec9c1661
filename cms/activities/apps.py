from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "cms.activities"
    label = "activities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import moderation  # noqa: F401 - tells submitters of the editors' decisions
