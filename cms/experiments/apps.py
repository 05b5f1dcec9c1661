from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "cms.experiments"
    label = "experiments"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Experiments and usability tests"
