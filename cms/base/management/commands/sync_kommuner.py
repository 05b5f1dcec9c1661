from django.core.management.base import BaseCommand, CommandError

from cms.base.exceptions import ConfigurationError
from cms.base.kommuner import sync_kommuner
from cms.base.site_config import load_all_sites


class Command(BaseCommand):
    help = "Create or update the Wagtail site, language trees, collection and editors group of every kommun in sites/."

    def handle(self, *args, **options):
        try:
            configs = load_all_sites()
        except ConfigurationError as exc:
            raise CommandError(str(exc)) from exc
        kommuner = sync_kommuner(configs)
        self.stdout.write(self.style.SUCCESS(f"{len(kommuner)} kommuner are set up."))
