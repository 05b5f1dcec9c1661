from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "cms.guide"
    label = "guide"
    default_auto_field = "django.db.models.BigAutoField"
