from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.base.models import Kommun

KINDS = [("housing", _("Housing")), ("jobs", _("Jobs"))]
STATUSES = [
    ("ok", _("OK")),
    ("stopped", _("Stopped: would unpublish too much")),
    ("failed", _("Failed: the source could not be read")),
]


class ImportRun(models.Model):
    """One run of one import source: what it added, updated and unpublished, and every record it rejected.

    Editors cannot watch the nightly log, so the admin shows them these runs (their own
    kommun's, and the region-wide JobTech ones) to find out why a home or a job did not
    appear. Runs are written by the imports only; the admin shows them read-only.
    """

    source = models.CharField(_("source"), max_length=120, help_text=_("The source of the listings it imports."))
    location = models.CharField(
        _("read from"), max_length=500, blank=True, help_text=_("The file's name, or the URL without its query.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    kommun = models.ForeignKey(
        Kommun,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kommun"),
        help_text=_("Empty for a region-wide source (JobTech)."),
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    status = models.CharField(_("status"), max_length=20, choices=STATUSES)
    added = models.PositiveIntegerField(_("added"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    unpublished = models.PositiveIntegerField(_("unpublished"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    rejections = models.JSONField(
        _("rejected records"),
        default=list,
        blank=True,
        help_text=_("One sentence per skipped record, naming it, the field and the reason."),
    )
    message = models.TextField(_("message"), blank=True, help_text=_("Why the run stopped or failed, when it did."))

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        indexes = [models.Index(fields=["kommun", "-started_at"])]

    def __str__(self):
        return f"{self.source}, {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"
