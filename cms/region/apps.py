from django.apps import AppConfig


class RegionConfig(AppConfig):
    name = "cms.region"
    label = "region"
    default_auto_field = "django.db.models.BigAutoField"
