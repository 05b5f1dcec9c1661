"""`POST /api/activities/submit`: an activity from the public becomes a pending activity for its kommun's editors.

Boden's prototype asked whether people would publish activities themselves. They may
propose one on any microsite; it is stored as an `Activity` that is pending and not
live (so not in the API, search, export or any page) with the text in the language of
the page it came from, and the sender's name and address apart from it
(`ActivitySubmission`). Editors approve, edit or reject it in the admin
(`cms.activities.moderation`).
"""

from cms.base import mail
from cms.base.public_forms import PublicFormView
from cms.privacy.views import erasure_link

from .forms import SubmissionForm
from .models import Activity, ActivitySubmission, ActivityTranslation, ModerationStatus

#: Activities from the public, as their `source` (imports never touch them).
PUBLIC_SOURCE = "public"


class SubmitActivityView(PublicFormView):
    """The submission form on `/<language>/activities/submit/`."""

    form_class = SubmissionForm
    folder = "activities/submit"
    form_macro = "activity_form"
    done_macro = "activity_done"

    def save(self, form, kommun, language):
        data = form.cleaned_data
        start, end = form.times()
        location = kommun.config.location  # editors place it on the map when they approve it
        activity = Activity(
            kommun=kommun,
            category=data["category"],
            audience=data["audience"],
            languages=data["languages"],
            place=data["place"],
            latitude=location.latitude,
            longitude=location.longitude,
            start=start,
            end=end,
            price_sek=data["price_sek"] or 0,
            organiser=data["organiser"],
            source=PUBLIC_SOURCE,
            moderation_status=ModerationStatus.PENDING,
            live=False,
        )
        activity.translations = [
            ActivityTranslation(language_code=language, title=data["title"], description=data["description"])
        ]
        activity.full_clean()
        activity.save()
        activity.save_revision()
        return ActivitySubmission(
            activity=activity, kommun=kommun, language=language, name=data["name"], email=data["email"]
        )

    def notify(self, record, token):
        config = record.kommun.config
        return mail.send(
            "activity_received",
            record.language,
            record.email,
            {
                "site": config,
                "erase_url": erasure_link(config, record.language, token),
                "language": record.language,
            },
        )
