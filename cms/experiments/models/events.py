from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    EXPOSURE = "exposure", _("Saw the variant")
    GOAL = "goal", _("Reached the goal")


class ExperimentEvent(models.Model):
    """One exposure or goal of one visitor who agreed to take part.

    Nothing that identifies a person is stored: no address, no user agent, no cookie. The
    visitor is a random id the device drew for this one experiment when the visitor agreed,
    so visitors can be counted once without being followed across experiments. Events
    from usability sessions carry their session and are reported apart from the test.
    """

    experiment = models.ForeignKey("experiments.Experiment", on_delete=models.CASCADE, related_name="events")
    variant = models.CharField(max_length=2)
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    visitor = models.CharField(max_length=32)
    session = models.ForeignKey(
        "experiments.UsabilitySession",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="experiment_events",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["experiment", "kind", "variant"])]

    def __str__(self):
        return f"{self.experiment_id} {self.variant} {self.kind}"
