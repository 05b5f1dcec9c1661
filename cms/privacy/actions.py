"""Deleting personal data in the admin is erasing it, with everything that exists only because of it."""

from django.db import transaction
from wagtail.actions.delete import DeleteAction
from wagtail.log_actions import log


class EraseAction(DeleteAction):
    """Wagtail's delete action for PersonalData records: the record's own `erase()` decides what goes."""

    def _delete(self):
        with transaction.atomic():
            log(instance=self.instance, action="wagtail.delete", user=self.user, deleted=True)
            return self.instance.erase()
