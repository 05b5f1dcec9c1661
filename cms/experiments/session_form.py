"""The usability session's admin form: the variant is chosen from the experiments' own variants.

A variant typed by hand ("B" for b, or a letter the experiment does not have) once made a link
that silently showed variant A; a select of the variants that exist cannot."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from cms.base.permissions import scope_queryset


def variant_choices(experiments):
    """("", "the page as published") and, per experiment, its variants as "<experiment pk>.<key>"."""
    choices = [("", _("None: the page as published"))]
    for experiment in experiments.prefetch_related("variants"):
        variants = sorted(experiment.variants.all(), key=lambda v: v.key)
        choices.append(
            (experiment.name, [(f"{experiment.pk}.{v.key}", f"{v.key.upper()}: {v.name}") for v in variants])
        )
    return choices


class UsabilitySessionForm(WagtailAdminModelForm):
    variant = forms.ChoiceField(
        label=gettext_lazy("variant"),
        required=False,
        help_text=gettext_lazy("One of the chosen experiment's variants; none shows the page as published."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models.experiments import Experiment

        experiments = Experiment.objects.order_by("name")
        if self.for_user is not None:
            experiments = scope_queryset(experiments, self.for_user)
        self.fields["variant"].choices = variant_choices(experiments)
        if self.instance.variant and self.instance.experiment_id:
            self.initial["variant"] = f"{self.instance.experiment_id}.{self.instance.variant}"

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("variant") or ""
        experiment = cleaned.get("experiment")
        if not chosen:
            cleaned["variant"] = ""
            return cleaned
        experiment_pk, key = chosen.split(".", 1)
        if experiment is None or str(experiment.pk) != experiment_pk:
            self.add_error(
                "variant",
                _(
                    "This variant belongs to another experiment: choose a variant of the "
                    "session's experiment, or that experiment."
                ),
            )
        cleaned["variant"] = key
        return cleaned
