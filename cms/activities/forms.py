from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.base.forms import TranslatedForm

AUDIENCE_CHOICES = [
    ("families", _("Families")),
    ("children", _("Children")),
    ("adults", _("Adults")),
    ("seniors", _("Seniors")),
]


#: Languages that may be spoken at an activity: the site languages, Sweden's national
#: minority languages (Meänkieli, Sami languages) and the languages newcomers often speak.
SPOKEN_LANGUAGES = [
    *settings.WAGTAIL_CONTENT_LANGUAGES,
    ("fit", "Meänkieli"),
    ("se", "Davvisámegiella"),
    ("smj", "Julevsámegiella"),
    ("sma", "Åarjelsaemien"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("fa", "فارسی"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ru", "Русский"),
]
SPOKEN_LANGUAGE_CODES = [code for code, _name in SPOKEN_LANGUAGES]


class ActivityForm(TranslatedForm):
    """Audience and languages as checkboxes rather than the JSON they are stored as."""

    audience = forms.MultipleChoiceField(choices=AUDIENCE_CHOICES, widget=forms.CheckboxSelectMultiple, label=_("audience"))
    languages = forms.MultipleChoiceField(
        choices=SPOKEN_LANGUAGES, widget=forms.CheckboxSelectMultiple, label=_("languages spoken")
    )
