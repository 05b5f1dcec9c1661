"""Editors moderate what the public sends, through the real Wagtail admin: the queue of submitted activities
(approve, edit, reject with a reason) and the coordinator's inbox, each confined to the editor's kommun."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms.activities.models import Activity, ModerationStatus
from cms.contact.models import ContactRequest
from tests.helpers import submission, submit_activity
from tests.test_validation import errors_of


def refused(response):
    """Wagtail answers a permission failure with 403, or a redirect to the dashboard; an object outside the
    editor's scope is not found at all."""
    return response.status_code in (403, 404) or (response.status_code == 302 and response["Location"] == "/admin/")


pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(published_sites, settings, client):
    """Send an activity through the microsite's form; returns the pending activity."""
    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"

    def send(title, kommun="pitea", language="sv", **overrides):
        response = submit_activity(client, submission(title=title, **overrides), kommun=kommun, language=language)
        assert response.status_code == 200
        mail.outbox.clear()
        return Activity.objects.get(translations__title=title)

    return send


def url(name, *args):
    return reverse(name, args=args)


@pytest.fixture
def decide(django_capture_on_commit_callbacks):
    """Decide in the queue's review page; the submitter is told when the decision commits."""

    def post(client, activity, decision, reason=""):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                url("activity_submissions:review", activity.submission.pk), {"decision": decision, "reason": reason}
            )

    return post


def test_the_queue_is_the_editors_own_kommun(submit, editor_client, decide):
    ours, theirs = submit("Pimpelfiske i Pite älv"), submit("Bodens väntande aktivitet", kommun="boden")
    client = editor_client("pitea")
    listing = client.get(url("activity_submissions:index")).content.decode()
    assert "Pimpelfiske i Pite älv" in listing and "Bodens väntande aktivitet" not in listing
    assert "anna@example.org" in client.get(url("activity_submissions:review", ours.submission.pk)).content.decode()

    for response in (
        client.get(url("activity_submissions:review", theirs.submission.pk)),
        decide(client, theirs, "approve"),
        client.get(url("activity_submissions:inspect", theirs.submission.pk)),
        client.post(url("activity_submissions:delete", theirs.submission.pk)),
    ):
        assert refused(response)
    theirs.refresh_from_db()
    assert theirs.moderation_status == ModerationStatus.PENDING and not theirs.live
    assert theirs.submission.email == "anna@example.org"


def test_approving_a_swedish_submission_publishes_it_through_a_revision(submit, editor_client, client, decide):
    activity = submit("Skridsko på Pitsundet")
    response = decide(editor_client("pitea"), activity, "approve")
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.moderation_status == ModerationStatus.APPROVED and activity.live
    assert activity.live_revision == activity.latest_revision and activity.live_revision.user.username == "editor-pitea"
    assert activity.submission.decided_at is not None
    [told] = mail.outbox
    assert told.to == ["anna@example.org"] and "din aktivitet är godkänd" in told.subject
    assert f"https://move.pitea.se/sv/activities/{activity.pk}/" in told.body
    api = client.get("/api/v2/activities/", {"kommun": "pitea", "limit": 100})
    assert "Skridsko på Pitsundet" in [item["title"] for item in api.json()["results"]]
    from cms.export.kommun import KommunExport

    export = str(KommunExport(activity.kommun).run())
    assert "Skridsko på Pitsundet" in export
    assert "anna@example.org" not in export + api.content.decode()  # published, its sender never


def test_a_submission_in_another_language_is_approved_once_it_has_its_swedish_text(
    submit, editor_client, decide, django_capture_on_commit_callbacks
):
    activity = submit("Board games night", language="en")
    client = editor_client("pitea")
    refused = decide(client, activity, "approve")
    assert refused.status_code == 200
    assert "no Swedish title and description yet" in errors_of(refused)
    activity.refresh_from_db()
    assert activity.moderation_status == ModerationStatus.PENDING and not activity.live and mail.outbox == []

    english = activity.translations.get()
    start, end = (timezone.localtime(t).strftime("%Y-%m-%d %H:%M") for t in (activity.start, activity.end))
    with django_capture_on_commit_callbacks(execute=True):
        edited = client.post(
            url(Activity.snippet_viewset.get_url_name("edit"), activity.pk),
            {
                "kommun": str(activity.kommun_id),
                "category": activity.category,
                "moderation_status": "approved",
                "rejection_reason": "",
                "place": activity.place,
                "latitude": "65.3190",
                "longitude": "21.4790",
                "start": start,
                "end": end,
                "recurrence": "",
                "until": "",
                "audience": activity.audience,
                "languages": activity.languages,
                "price_sek": "0",
                "organiser": activity.organiser,
                "contact_email": "",
                "contact_phone": "",
                "images-count": "0",
                "action-publish": "action-publish",
                "translations-TOTAL_FORMS": "2",
                "translations-INITIAL_FORMS": "1",
                "translations-MIN_NUM_FORMS": "0",
                "translations-MAX_NUM_FORMS": "1000",
                "translations-0-id": str(english.pk),
                "translations-0-language_code": "en",
                "translations-0-title": english.title,
                "translations-0-description": english.description,
                "translations-0-ORDER": "1",
                "translations-0-DELETE": "",
                "translations-1-id": "",
                "translations-1-language_code": "sv",
                "translations-1-title": "Brädspelskväll",
                "translations-1-description": "Vi spelar brädspel.",
                "translations-1-ORDER": "2",
                "translations-1-DELETE": "",
            },
        )
    assert edited.status_code == 302, errors_of(edited)
    activity.refresh_from_db()
    assert activity.live and activity.moderation_status == ModerationStatus.APPROVED
    assert activity.text("sv", "title") == "Brädspelskväll" and activity.text("en", "title") == "Board games night"
    [told] = mail.outbox  # decided in the activity's own form: the submitter is told all the same, in English
    assert "your activity is approved" in told.subject and "“Board games night”" in told.body


def test_rejecting_needs_a_reason_and_tells_the_submitter(submit, editor_client, decide):
    activity = submit("Köp billiga klockor", language="de")
    client = editor_client("pitea")
    assert "Write the reason for the rejection" in errors_of(decide(client, activity, "reject"))
    assert decide(client, activity, "reject", "Det här är reklam, inte en aktivitet.").status_code == 302
    activity.refresh_from_db()
    assert activity.moderation_status == ModerationStatus.REJECTED and not activity.live
    assert activity.rejection_reason == "Det här är reklam, inte en aktivitet."
    [told] = mail.outbox
    assert "Ihre Aktivität wurde nicht veröffentlicht" in told.subject
    assert "Die Begründung:" in told.body and "Det här är reklam, inte en aktivitet." in told.body
    assert decide(client, activity, "approve").status_code == 200  # decided already
    activity.refresh_from_db()
    assert not activity.live


def test_an_editor_erases_a_submitter_on_request(submit, editor_client):
    activity = submit("Ångrad aktivitet")
    response = editor_client("pitea").post(url("activity_submissions:delete", activity.submission.pk))
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()  # never approved: it existed only because of them


@pytest.fixture
def requests(kommun):
    def make(slug, email):
        record = ContactRequest(
            kommun=kommun(slug), language="en", interests=["housing"], email=email, message="Looking for a flat."
        )
        record.issue_erasure_token()
        record.save()
        return record

    return make("pitea", "pitea-visitor@example.org"), make("boden", "boden-visitor@example.org")


def test_the_inbox_is_the_kommuns_own(requests, editor_client):
    ours, theirs = requests
    client = editor_client("pitea")
    listing = client.get(url("contact_requests:index")).content.decode()
    assert "pitea-visitor@example.org" in listing and "boden-visitor@example.org" not in listing
    assert re.search(r"Looking for a flat\.", client.get(url("contact_requests:inspect", ours.pk)).content.decode())
    for response in (
        client.get(url("contact_requests:inspect", theirs.pk)),
        client.post(url("contact_requests:edit", theirs.pk), {"status": "answered"}),
        client.post(url("contact_requests:delete", theirs.pk)),
    ):
        assert refused(response)
    theirs.refresh_from_db()
    assert theirs.status == "new"
    assert refused(client.get(url("contact_requests:add")))  # only the public adds requests


def test_answering_a_request_starts_its_retention_and_erasing_it_on_request_deletes_it(requests, editor_client):
    ours, _theirs = requests
    client = editor_client("pitea")
    response = client.post(url("contact_requests:edit", ours.pk), {"status": "answered"})
    assert response.status_code == 302, errors_of(response)
    ours.refresh_from_db()
    assert ours.status == "answered" and ours.decided_at is not None
    assert client.post(url("contact_requests:delete", ours.pk)).status_code == 302
    assert not ContactRequest.objects.filter(pk=ours.pk).exists()


def test_the_approval_mail_promises_what_the_publish_does_live_in_minutes_not_tomorrow(
    submit, editor_client, decide, settings, django_capture_on_commit_callbacks
):
    """Approving publishes the activity, and the publish queues its kommun's build at once (cms.publishing): the
    submitter's mail must not send them away until tomorrow ("with the next update, within a day")."""
    from cms.publishing.models import Build

    settings.PUBLISH_COALESCE = {"quiet": 0, "first_wait": 0, "storm_quiet": 0, "storm_wait": 0}
    with django_capture_on_commit_callbacks(execute=True):  # the submission's request commits, as it does live
        activity = submit("Skidspår i Lindbäcksstadion")
    Build.objects.all().delete()  # what the submission queued (its text rows), not the approval
    decide(editor_client("pitea"), activity, "approve")
    assert list(Build.objects.values_list("kommun__slug", "outcome")) == [("pitea", "queued")]
    [told] = mail.outbox
    assert "inom några minuter" in told.body, told.body
    assert "dygn" not in told.body and "nästa uppdatering" not in told.body, told.body
