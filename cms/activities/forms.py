from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

AUDIENCE_CHOICES = [
    ("families", _("Families")),
    ("children", _("Children")),
    ("adults", _("Adults")),
    ("seniors", _("Seniors")),
]


class ActivityForm(WagtailAdminModelForm):
    """Audience and languages as checkboxes rather than the JSON they are stored as."""

    audience = forms.MultipleChoiceField(choices=AUDIENCE_CHOICES, widget=forms.CheckboxSelectMultiple, label=_("audience"))
    languages = forms.MultipleChoiceField(
        choices=settings.WAGTAIL_CONTENT_LANGUAGES, widget=forms.CheckboxSelectMultiple, label=_("languages spoken")
    )
