from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.privacy.models import PersonalData

INTERESTS = [
    ("work", _("Work")),
    ("housing", _("Housing")),
    ("school", _("School")),
    ("healthcare", _("Healthcare")),
    ("community", _("Community")),
    ("other", _("Something else")),
]
MOVING = [
    ("soon", _("Within three months")),
    ("half-year", _("In three to six months")),
    ("year", _("In six to twelve months")),
    ("later", _("In more than a year")),
    ("unsure", _("Not decided yet")),
]


class Status(models.TextChoices):
    """Where a request stands in the coordinator's inbox; answering it starts its retention period."""

    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")


class ContactRequest(PersonalData):
    """A visitor's request to the kommun's relocation coordinator (Haparanda's "a person who guides
    newcomers hands-on"): what they look for, when they plan to move, how to reach them.

    It is all personal data: it is never published, and goes the retention period after the
    coordinator answers (or when the visitor asks).
    """

    interests = models.JSONField(_("looking for"), default=list)
    message = models.TextField(_("message"), blank=True)
    moving = models.CharField(_("plans to move"), max_length=10, choices=MOVING, default="unsure")
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self):
        return f"{self.name or self.email}, {timezone.localtime(self.received_at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # Answering starts the retention period; reopening a request stops it.
        if self.status == Status.ANSWERED and self.decided_at is None:
            self.decided_at = timezone.now()
        elif self.status == Status.NEW:
            self.decided_at = None
        super().save(*args, **kwargs)

    @property
    def interests_display(self):
        """What the visitor looks for, in words, for the inbox."""
        labels = dict(INTERESTS)
        return ", ".join(str(labels.get(code, code)) for code in self.interests)

    interests_display.fget.short_description = _("looking for")
