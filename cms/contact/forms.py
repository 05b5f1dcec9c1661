from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from cms.base.public_forms import PlainTextField, PublicForm

from .models import INTERESTS, MOVING

phone_number = RegexValidator(r"^\+?[0-9][0-9 ()\-]{5,24}$", code="phone")


class ContactForm(PublicForm):
    """The short intake a visitor sends the relocation coordinator: what, when, and how to reach them."""

    interests = forms.MultipleChoiceField(choices=INTERESTS, required=False)
    message = PlainTextField(max_length=2000, multiline=True, required=False)
    moving = forms.ChoiceField(choices=MOVING)
    name = PlainTextField(max_length=120, required=False)
    email = forms.EmailField(max_length=254)
    phone = PlainTextField(max_length=40, required=False, validators=[phone_number])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("interests") and not cleaned.get("message") and "message" not in self.errors:
            self.add_error("interests", ValidationError("Say what you are looking for.", code="nothing_chosen"))
        return cleaned
