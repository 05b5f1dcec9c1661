"""The builds the publish worker ran or will run, one row per kommun and build."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    QUEUED = "queued", _("Queued")
    BUILDING = "building", _("Building")
    LIVE = "live", _("Live")
    FAILED = "failed", _("Failed")


#: A build that is not finished yet: the editor reads it as "Going live".
PENDING = (Outcome.QUEUED, Outcome.BUILDING)


class Build(models.Model):
    """One rebuild of one kommun's microsite, from the publish that queued it to the build's outcome.

    At most one build per kommun waits at a time (a constraint): publishes that come while it
    waits join it, which is how a burst of publishes becomes one build. The editor's "Live on
    the site / Going live / Not live" and the dashboard's list of builds are read from here.
    Times are stored in UTC with their offset, as every machine field."""

    kommun = models.ForeignKey("base.Kommun", on_delete=models.CASCADE, related_name="+", verbose_name=_("kommun"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.QUEUED)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    #: When the latest publish that joined it committed: it waits for a quiet moment after that (cms.publishing.coalesce).
    last_publish_at = models.DateTimeField(_("last publish at"), null=True, blank=True)
    #: Queued while the kommun's previous build was still running: a storm of publishes, gathered for longer.
    storm = models.BooleanField(_("queued during a storm of publishes"), default=False)
    #: Which worker process builds it ("host:pid"): a build whose worker died is queued again.
    worker = models.CharField(_("worker"), max_length=120, blank=True)
    #: The sentences the build reported for this kommun (each names the page or image and where to fix it).
    problems = models.JSONField(_("problems"), default=list, blank=True)
    #: What the build left out of the site until an editor fixes it (`cms.export.problems.LeftOut.as_data`).
    left_out = models.JSONField(_("left out"), default=list, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = _("build")
        verbose_name_plural = _("builds")
        constraints = [
            models.UniqueConstraint(
                fields=["kommun"], condition=Q(outcome="queued"), name="publishing_one_queued_build_per_kommun"
            )
        ]
        indexes = [models.Index(fields=["kommun", "-queued_at"], name="publishing_build_kommun_idx")]

    def __str__(self):
        return f"{self.kommun} {self.get_outcome_display()} {timezone.localtime(self.queued_at):%Y-%m-%d %H:%M}"

    @property
    def pending(self):
        return self.outcome in PENDING
