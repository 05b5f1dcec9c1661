from django.apps import AppConfig


class ContactConfig(AppConfig):
    """Visitors writing to their kommun's relocation coordinator from the microsite."""

    name = "cms.contact"
    label = "contact"
    verbose_name = "Contact"
    default_auto_field = "django.db.models.BigAutoField"
