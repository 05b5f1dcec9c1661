"""The experiment's admin form: the rules that span the experiment and its variants.

The model's clean() runs before the admin's inline variants are attached to it, so the
rules about variants (how many, their shares, what each may change on this page, that
they stay fixed once visitors have seen them) are checked here, as TranslatedForm does
for translation rows.
"""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm


class ExperimentForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("variants")
        if formset is None or not all(
            form.is_valid() for form in formset.forms if form.has_changed() or form.instance.pk
        ):
            return cleaned
        rows = [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        rows.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        if self.instance.started_at is not None and formset.has_changed():
            raise ValidationError(
                _(
                    "The variants of an experiment that has started cannot change: the visitors "
                    "counted so far saw them as they were. Finish it and start a new experiment."
                )
            )
        for message in self._variant_errors(rows, cleaned):
            self.add_error(None, ValidationError(message))
        from . import statistics  # SciPy is large: loaded where it is used

        try:
            self.instance.planned_sample_size = statistics.sample_size_per_variant(
                float(cleaned.get("baseline_rate") or 0) / 100,
                float(cleaned.get("minimum_effect") or 0) / 100,
                variant_count=max(len(rows), 2),
            )
        except ValueError:
            pass  # the model's clean() names the field
        return cleaned

    def _variant_errors(self, rows, cleaned):
        from .models.experiments import VARIANT_KEYS, call_to_action_names
        from .variants import runs_in

        errors = []
        if not 2 <= len(rows) <= len(VARIANT_KEYS):
            return [_("An experiment has from 2 to %(most)d variants.") % {"most": len(VARIANT_KEYS)}]
        total = sum(form.cleaned_data.get("weight") or 0 for form in rows)
        if total != 100 or any(not form.cleaned_data.get("weight") for form in rows):
            errors.append(
                _(
                    "The variants' shares of visitors add up to %(total)d%%; they must add up to 100%%, "
                    "each at least 1%%."
                )
                % {"total": total}
            )
        changes = [form.cleaned_data["changes"].get_prep_value() for form in rows]
        if changes[0]:
            errors.append(
                _(
                    "The first variant is A, the page as published: it changes nothing. Put the changes in "
                    "the other variants."
                )
            )
        page = cleaned.get("page")
        kind = page.specific_class._meta.model_name if page else None
        names = call_to_action_names(page) if page else set()
        for form, variant_changes in zip(rows[1:], changes[1:]):
            name = form.cleaned_data.get("name")
            if not variant_changes:
                errors.append(
                    _("The variant “%(name)s” changes nothing; give it at least one change.") % {"name": name}
                )
            for change in variant_changes:
                if change["type"] == "sections" and kind != "homepage":
                    errors.append(
                        _("The variant “%(name)s” reorders sections, which only a home page has.") % {"name": name}
                    )
                if change["type"] == "body" and kind == "homepage":
                    errors.append(
                        _(
                            "The variant “%(name)s” replaces the body, which a home page does not have; "
                            "change its sections instead."
                        )
                        % {"name": name}
                    )
                if change["type"] == "call_to_action" and page and change["value"]["name"] not in names:
                    errors.append(
                        _(
                            "The variant “%(name)s” changes the call to action “%(cta)s”, which the page does "
                            "not have; it has: %(names)s."
                        )
                        % {"name": name, "cta": change["value"]["name"], "names": ", ".join(sorted(names)) or "-"}
                    )
        if page and cleaned.get("status") == "running" and not errors:
            translated = [p.locale.language_code for p in [page, *page.get_translations()] if not p.alias_of_id]
            if not any(runs_in(changes, language) for language in translated):
                errors.append(
                    _(
                        "The experiment would run in no language: every variant's text changes must be "
                        "written in a language the page is translated into."
                    )
                )
        return errors

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit:
            reletter_variants(instance)
        return instance


def reletter_variants(experiment):
    """Letter the variants in their order (A first) until the experiment starts; from then on
    the letters are in the counted events and never change."""
    from .models.experiments import VARIANT_KEYS

    if experiment.started_at is not None:
        return
    variants = list(experiment.variants.order_by(F("sort_order").asc(nulls_first=True), "pk"))
    if [v.key for v in variants] == list(VARIANT_KEYS[: len(variants)]):
        return
    for index, variant in enumerate(variants):  # two steps: the letters are unique per experiment
        type(variant).objects.filter(pk=variant.pk).update(key=f"_{index}")
    for index, variant in enumerate(variants):
        type(variant).objects.filter(pk=variant.pk).update(key=VARIANT_KEYS[index])
