"""Personal data the public sends through the microsites' forms, kept only as long as needed.

A submitted activity's contact and a request to the relocation coordinator are records of
this kind: each knows its kommun, the language of the page it came from, when it arrived and
when an editor decided on it. Each can be erased on three roads, all ending in `erase()`:
after the retention period (`python manage.py erase_personal_data`), by its sender with the
private link they were given, or by an editor on request.
"""

import hashlib
import secrets
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.base.models.audit_log import numbered_label

from .traces import forget


def token_hash(token):
    """Only the hash of an erasure token is stored: a copy of the database cannot erase anything."""
    return hashlib.sha256(token.encode()).hexdigest()


class PersonalData(models.Model):
    """A record holding what one visitor sent us about themselves, with its erasure rules."""

    kommun = models.ForeignKey("base.Kommun", on_delete=models.CASCADE, related_name="+", verbose_name=_("kommun"))
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        help_text=_("The language of the page it was sent from."),
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_at = models.DateTimeField(
        _("decided"),
        null=True,
        blank=True,
        help_text=_("When an editor decided on it; the retention period starts here."),
    )
    erasure_token_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        abstract = True

    def issue_erasure_token(self):
        """A new private erasure link's token for the sender (shown once, never stored)."""
        token = secrets.token_urlsafe(24)
        self.erasure_token_hash = token_hash(token)
        return token

    def audit_label(self):
        """How the audit log names this record: by number, never by the sender's name."""
        return numbered_label(self)

    def erase(self):
        """Forget what the sender told us, with every copy Wagtail keeps of it. Subclasses erase
        what else exists only because of it."""
        forget(self)
        self.delete()

    def erasure_effect(self):
        """What erasing does, as a word the theme explains to the sender (see forms.html)."""
        return "contact"

    @classmethod
    def expired(cls, now=None):
        """Records past the retention period after a decision, or past the longest wait without one."""
        now = now or timezone.now()
        after_decision = now - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
        undecided = now - timedelta(days=settings.PERSONAL_DATA_MAX_DAYS)
        return cls.objects.filter(
            Q(decided_at__lt=after_decision) | Q(decided_at__isnull=True, received_at__lt=undecided)
        )


def personal_data_models():
    """Every installed model that holds personal data from the public."""
    return [model for model in apps.get_models() if issubclass(model, PersonalData)]


def find_by_token(token):
    """The record a private erasure link belongs to, or None."""
    digest = token_hash(token)
    for model in personal_data_models():
        record = model.objects.filter(erasure_token_hash=digest).first()
        if record is not None:
            return record
    return None
