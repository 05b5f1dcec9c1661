from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "cms.housing"
    label = "housing"
    default_auto_field = "django.db.models.BigAutoField"
