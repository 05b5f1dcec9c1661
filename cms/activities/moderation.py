"""Deciding on an activity from the public: approve (published through Wagtail's revisions, so the
next build publishes it), or reject with a reason. Either way the submitter is told by mail.

Every listing has a Swedish text, and a submission arrives in the language of the page it
came from. So an activity can only be approved once it has a Swedish title and
description: for a Swedish submission, approving is the editor confirming its text; for
any other, the editor writes the Swedish text first (the admin's form insists on it too).
Editors may also decide in the activity's own edit form (moderation, publish); the
submitter is told in the same way (`decided`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.edit import EditAction

from cms.base import mail
from cms.base.models import validate_translation_rows

from .models import Activity, ActivitySubmission, ModerationStatus


def approve(activity, user):
    """Approve and publish; raises ValidationError naming what is missing (the Swedish text)."""
    swedish = next((row for row in activity.translations.all() if row.language_code == "sv"), None)
    if swedish is None or not (swedish.title.strip() and swedish.description.strip()):
        raise ValidationError(
            _(
                "This activity has no Swedish title and description yet, and every listing needs "
                "one: edit the activity to add them, then approve it."
            )
        )
    validate_translation_rows(activity)
    activity.moderation_status = ModerationStatus.APPROVED
    activity.rejection_reason = ""
    EditAction(activity, user=user, publish=True).execute()


def reject(activity, user, reason):
    """Reject, keeping the activity unpublished with the reason the submitter is told."""
    activity.moderation_status = ModerationStatus.REJECTED
    activity.rejection_reason = reason
    EditAction(activity, user=user).execute()


@receiver(post_save, sender=Activity)
def decided(sender, instance, raw=False, **kwargs):
    """When a submitted activity is published as approved or saved as rejected, the decision is
    recorded (its retention period starts) and the submitter is told once the save commits."""
    status = instance.moderation_status
    if raw or status == ModerationStatus.PENDING or (status == ModerationStatus.APPROVED and not instance.live):
        return
    submission = ActivitySubmission.objects.filter(activity_id=instance.pk, decided_at__isnull=True).first()
    if submission is None:
        return
    submission.decided_at = timezone.now()
    submission.save(update_fields=["decided_at"])
    transaction.on_commit(lambda: tell_submitter(submission, instance))


def tell_submitter(submission, activity):
    config = submission.kommun.config
    language = submission.language
    approved = activity.moderation_status == ModerationStatus.APPROVED
    mail.send(
        "activity_approved" if approved else "activity_rejected",
        language,
        submission.email,
        {
            "site": config,
            "language": language,
            "title": activity.text(language, "title"),
            "reason": activity.rejection_reason,
            "url": f"https://{config.domain}/{language}/activities/{activity.pk}/",
        },
    )
