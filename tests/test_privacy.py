"""Personal data from the public is kept only as long as needed: the retention command, and the private
erasure link a sender gets (through the real public service)."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cms.activities.models import Activity, ActivitySubmission, ModerationStatus
from cms.contact.models import ContactRequest
from tests.helpers import submission, submit_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def published(published_sites, settings):
    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"


def sent(client, title, language="sv"):
    """Submit an activity; returns it and the private erasure link from the thank-you page."""
    response = submit_activity(client, submission(title=title), language=language)
    link = re.search(r'href="(/privacy/pitea/[a-z]{2}/[^"]+)"', response.content.decode()).group(1)
    return Activity.objects.get(translations__title=title), link


def request(kommun, **fields):
    record = ContactRequest(kommun=kommun, language="en", email="visitor@example.org", interests=["work"], **fields)
    record.issue_erasure_token()
    record.save()
    return record


def age(record, days, decided_days=None):
    now = timezone.now()
    type(record).objects.filter(pk=record.pk).update(
        received_at=now - timedelta(days=days),
        decided_at=None if decided_days is None else now - timedelta(days=decided_days),
    )


def test_the_retention_command_erases_what_is_no_longer_needed(client, kommun, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS, settings.PERSONAL_DATA_MAX_DAYS = 30, 365
    pitea = kommun("pitea")
    answered_long_ago, answered_lately = request(pitea, status="answered"), request(pitea, status="answered")
    forgotten, waiting = request(pitea), request(pitea)
    age(answered_long_ago, 60, decided_days=31)
    age(answered_lately, 60, decided_days=29)
    age(forgotten, 366)
    age(waiting, 200)
    approved, _link = sent(client, "Godkänd för länge sedan")
    Activity.objects.filter(pk=approved.pk).update(moderation_status=ModerationStatus.APPROVED, live=True)
    age(approved.submission, 90, decided_days=45)
    rejected, _link = sent(client, "Avvisad för länge sedan")
    Activity.objects.filter(pk=rejected.pk).update(moderation_status=ModerationStatus.REJECTED)
    age(rejected.submission, 90, decided_days=45)
    pending, _link = sent(client, "Väntar fortfarande")

    out = StringIO()
    call_command("erase_personal_data", stdout=out)
    left = set(ContactRequest.objects.values_list("pk", flat=True))
    assert {answered_lately.pk, waiting.pk} <= left and not {answered_long_ago.pk, forgotten.pk} & left
    assert not ActivitySubmission.objects.filter(activity__in=[approved, rejected]).exists()
    assert Activity.objects.filter(pk=approved.pk, live=True).exists()  # the published activity stays, anonymous
    assert not Activity.objects.filter(pk=rejected.pk).exists()  # never public, and only there because of its sender
    assert ActivitySubmission.objects.filter(activity=pending).exists()
    assert "contact requests: 2 erased" in out.getvalue() and "submitted activities: 2 erased" in out.getvalue()


def test_the_erasure_link_asks_then_erases(client):
    activity, link = sent(client, "Jag ångrar mig", language="en")
    asked = client.get(link)
    assert asked.status_code == 200
    assert "it is withdrawn and erased as well" in asked.content.decode()
    assert '<nav class="languages"' in asked.content.decode()  # the microsite's privacy page around it
    assert ActivitySubmission.objects.filter(activity=activity).exists()  # opening the link erases nothing

    erased = client.post(link, HTTP_ORIGIN="https://move.pitea.se")
    assert erased.status_code == 200 and "Your data is erased" in erased.content.decode()
    assert not Activity.objects.filter(pk=activity.pk).exists()
    again = client.get(link)
    assert again.status_code == 404 and "Nothing to erase" in again.content.decode()


def test_the_erasure_link_of_a_published_activity_keeps_the_activity(client):
    activity, link = sent(client, "Publicerad men anonym")
    Activity.objects.filter(pk=activity.pk).update(moderation_status=ModerationStatus.APPROVED, live=True)
    assert "ligger kvar på webbplatsen" in client.get(link).content.decode()
    client.post(link)
    assert Activity.objects.filter(pk=activity.pk, live=True).exists()
    assert not ActivitySubmission.objects.filter(activity=activity).exists()


def test_an_erasure_link_works_only_on_its_own_site_and_from_a_microsite(client, kommun):
    record = request(kommun("pitea"))
    token = record.issue_erasure_token()
    record.save()
    assert client.get(f"/privacy/boden/en/{token}").status_code == 404
    assert client.post(f"/privacy/pitea/en/{token}", HTTP_ORIGIN="https://evil.example").status_code == 403
    assert ContactRequest.objects.filter(pk=record.pk).exists()
    assert client.post(f"/privacy/pitea/en/{token}").status_code == 200
    assert not ContactRequest.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_erasure_link_tells_nothing_of_tokens_that_erase_nothing(client, kommun, method):
    """A made-up token, a used one and another kommun's get the very same answer: the link is no
    way to learn whether a token exists."""
    boden = request(kommun("boden"))
    boden_token = boden.issue_erasure_token()
    boden.save()
    used = request(kommun("pitea"))
    used_token = used.issue_erasure_token()
    used.save()
    assert client.post(f"/privacy/pitea/en/{used_token}").status_code == 200

    answers = [
        getattr(client, method)(f"/privacy/pitea/en/{token}")
        for token in ("made-up-token-of-32-characters-x", used_token, boden_token, "%00", "a" * 5000)
    ]
    assert {answer.status_code for answer in answers} == {404}
    assert len({answer.content for answer in answers}) == 1
    assert len({tuple(sorted(answer.headers.items())) for answer in answers}) == 1
    assert "Nothing to erase" in answers[0].content.decode()
    assert ContactRequest.objects.filter(pk=boden.pk).exists()


def test_the_contact_confirmation_mail_carries_the_erasure_link(client):
    client.post(
        "/api/contact?kommun=pitea&language=en",
        {"interests": ["housing"], "moving": "soon", "email": "maria@example.org", "website": ""},
    )
    link = re.search(r"https?://[^/\s]+(/privacy/pitea/en/\S+)", mail.outbox[-1].body).group(1)
    assert "your message to the relocation coordinator" in client.get(link).content.decode()
    client.post(link)
    assert not ContactRequest.objects.filter(email="maria@example.org").exists()
