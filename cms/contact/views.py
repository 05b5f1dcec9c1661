"""`POST /api/contact`: a visitor's request reaches the kommun's relocation coordinator.

It is stored for the coordinator's inbox in the admin (scoped to the kommun's editors) and,
where a mail server is configured, mailed to the coordinator's address in `sites/<slug>.toml`
with the visitor as the reply address. The visitor gets a confirmation with their private
erasure link, which carries none of their own words (so the form cannot send spam).
"""

from django.conf import settings
from django.urls import reverse

from cms.base import mail
from cms.base.public_forms import MACROS, PublicFormView
from cms.privacy.views import erasure_link
from cms.theme import template_macro

from .forms import ContactForm
from .models import ContactRequest

#: The coordinators are Swedish-speaking staff: their mail is in Swedish, the visitor's language shown.
COORDINATOR_LANGUAGE = "sv"


class ContactView(PublicFormView):
    """The intake form on `/<language>/contact/`."""

    form_class = ContactForm
    folder = "contact"
    form_macro = "contact_form"
    done_macro = "contact_done"

    def save(self, form, kommun, language):
        data = form.cleaned_data
        return ContactRequest(
            kommun=kommun,
            language=language,
            interests=data["interests"],
            message=data["message"],
            moving=data["moving"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
        )

    def notify(self, record, token):
        config = record.kommun.config
        inbox = reverse("contact_requests:inspect", args=[record.pk], urlconf="cms.urls")

        def label(name, value):  # the form's own words for a choice, as text
            return template_macro(COORDINATOR_LANGUAGE, MACROS, name, value).unescape()

        mail.send(
            "contact_request",
            COORDINATOR_LANGUAGE,
            config.coordinator.email,
            {
                "site": config,
                "request": record,
                "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + inbox,
                "interests": [label("interest", code) for code in record.interests],
                "moving": label("moving", record.moving),
            },
            reply_to=record.email,
        )
        return mail.send(
            "contact_received",
            record.language,
            record.email,
            {
                "site": config,
                "erase_url": erasure_link(config, record.language, token),
            },
        )
