from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from cms.privacy.models import personal_data_models


class Command(BaseCommand):
    """Erase the public's personal data once it is no longer needed (the nightly publish runs this).

    A record goes PERSONAL_DATA_RETENTION_DAYS after an editor decided on it, or
    PERSONAL_DATA_MAX_DAYS after it arrived when nobody did.
    """

    help = "Erase submitters' and visitors' personal data past the retention period."

    def handle(self, *args, **options):
        for model in personal_data_models():
            with transaction.atomic():
                expired = list(model.expired())
                for record in expired:
                    record.erase()
            with translation.override("en"):  # the operator's log, in one language (the admin's names are Swedish)
                self.stdout.write(
                    f"{model._meta.verbose_name_plural}: {len(expired)} erased "
                    f"(kept {settings.PERSONAL_DATA_RETENTION_DAYS} days after a decision, "
                    f"{settings.PERSONAL_DATA_MAX_DAYS} days at most)."
                )
