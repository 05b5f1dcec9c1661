"""Admin forms shared by every model with per-language rows."""
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from .models.listings import translation_row_errors


class TranslatedForm(WagtailAdminModelForm):
    """Checks the per-language rows the editor typed: Swedish present, each language once,
    required fields filled. Messages appear at the top of the form."""

    translations_relation = "translations"

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get(self.translations_relation)
        if formset is None or not all(form.is_valid() for form in formset.forms if form.has_changed() or form.instance.pk):
            return cleaned  # the rows' own field errors come first
        rows = [
            (form.cleaned_data.get("language_code"), form.cleaned_data)
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for message in translation_row_errors(rows, self._meta.model.translation_required_fields):
            self.add_error(None, ValidationError(message))
        return cleaned
