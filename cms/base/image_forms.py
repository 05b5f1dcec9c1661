"""The admin's image form: Wagtail's, plus the alt text in every language."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm

from .models import ImageAltText


def other_languages():
    """(code, name) of every content language but Swedish, whose alt text is Wagtail's `description`."""
    return [(code, name) for code, name in settings.WAGTAIL_CONTENT_LANGUAGES if code != settings.LANGUAGE_CODE]


class ImageForm(BaseImageForm):
    """Wagtail's image form with the alt text in every language, not only Swedish.

    Alt text is content a visitor reads (or hears), so a German page needs it in German.
    Swedish stays Wagtail's own `description` (the one the build requires); each other
    language is an `ImageAltText` row, edited here as one field per language. An empty
    field means "not translated yet": the site then shows another language's text, marked
    with its language. Every image form uses it (`WAGTAILIMAGES_IMAGE_FORM_BASE`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        written = (
            {row.language_code: row.alt_text for row in self.instance.alt_text_rows.all()} if self.instance.pk else {}
        )
        names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        if "description" not in self.fields:
            return  # a partial form (a bulk action's) leaves the alt texts alone
        self.fields["description"].label = _("Alt text (%(language)s)") % {"language": names[settings.LANGUAGE_CODE]}
        for code, name in other_languages():
            self.fields[f"alt_text_{code}"] = forms.CharField(
                label=_("Alt text (%(language)s)") % {"language": name},
                required=False,
                max_length=255,
                initial=written.get(code, ""),
                help_text=_(
                    "Empty until translated: the site then shows another language's alt text, marked with its language."
                ),
            )
        others = [name for name in self.fields if name.startswith("alt_text_")]
        order = [name for name in self.fields if name not in others]
        self.order_fields(order[: order.index("description") + 1] + others + order[order.index("description") + 1 :])

    def _save_m2m(self):
        """The rows are saved with the many-to-many data, so also when a view saves with commit=False."""
        super()._save_m2m()
        for code, _name in other_languages():
            if f"alt_text_{code}" not in self.cleaned_data:
                continue  # a partial form
            text = self.cleaned_data[f"alt_text_{code}"].strip()
            if text:
                ImageAltText.objects.update_or_create(
                    image=self.instance, language_code=code, defaults={"alt_text": text}
                )
            else:
                ImageAltText.objects.filter(image=self.instance, language_code=code).delete()
