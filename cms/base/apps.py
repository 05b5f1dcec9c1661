from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BaseConfig(AppConfig):
    """Shared pieces: kommuner, drivers, images, blocks, permissions, demo loading."""

    name = "cms.base"
    label = "base"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf.locale import LANG_INFO

        from cms import languages

        from . import checks  # noqa: F401 - registers the system checks

        # Django's own table lacks languages we add next (the Sami ones); Wagtail's admin asks it about every locale.
        LANG_INFO.update(languages.django_language_info())
        post_migrate.connect(create_cache_table, sender=self)


def create_cache_table(using, verbosity=0, **kwargs):
    """`migrate` also makes the database cache's table (the rate limits count there), so no
    deployment can forget Django's separate `createcachetable`; it does nothing for Redis."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=verbosity)
