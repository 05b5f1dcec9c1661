from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """What the public tells us through the microsites' forms, and how it is erased."""

    name = "cms.privacy"
    label = "privacy"
    verbose_name = "Privacy"
