"""Personal data in the admin's audit log: never named there, never read by another kommun, and
gone from every table of the database once erased (through the admin, the private link and
`erase_personal_data`), proved by reading every column of every table."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms.activities.models import ActivitySubmission
from cms.contact.models import ContactRequest
from cms.experiments.models import Experiment, UsabilitySession
from tests.helpers import submission, submit_activity
from tests.test_experiment_admin import form as experiment_form

pytestmark = pytest.mark.django_db
SITE_HISTORY = "/admin/reports/site-history/"
#: The report's table alone (the full page would also show the editor's own "... updated" message).
SITE_HISTORY_TABLE = SITE_HISTORY + "results/"


@pytest.fixture(autouse=True)
def published(published_sites, settings):
    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"


def tables_holding(*needles):
    """The tables in which any column of any row holds one of `needles` (case-insensitive), found by
    introspection, so a table added later is read too."""
    needles = [needle.lower() for needle in needles]
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = " ".join(
                    bytes(v).decode(errors="replace") if isinstance(v, (bytes, memoryview)) else str(v) for v in row
                ).lower()
                if any(needle in text for needle in needles):
                    found.add(table)
    return found


def send_contact_request(client, name, email, kommun="boden"):
    response = client.post(
        f"/api/contact?kommun={kommun}&language=en",
        {
            "interests": ["housing"],
            "moving": "soon",
            "name": name,
            "email": email,
            "phone": "070-1234567",
            "message": f"Hello, this is {name}.",
            "website": "",
        },
    )
    assert response.status_code == 200, response.content.decode()[:500]
    return ContactRequest.objects.get(email=email)


def answer_in_the_inbox(client, record):
    """The coordinator reads the request and marks it answered, as the inbox does."""
    assert record.name in client.get(reverse("contact_requests:inspect", args=[record.pk])).content.decode()
    response = client.post(reverse("contact_requests:edit", args=[record.pk]), {"status": "answered"})
    assert response.status_code == 302


def test_an_answered_and_erased_request_leaves_no_name_in_any_table(client, editor_client):
    name, email = "Zelda Quistgaard", "zelda.quistgaard@example.org"
    record = send_contact_request(client, name, email)
    assert tables_holding(name, email) == {"contact_contactrequest"}  # the test finds what it looks for
    boden = editor_client("boden")
    answer_in_the_inbox(boden, record)
    history = boden.get(SITE_HISTORY_TABLE).content.decode()
    assert f"Contact request #{record.pk}" in history and name not in history
    assert boden.post(reverse("contact_requests:delete", args=[record.pk])).status_code == 302

    assert not ContactRequest.objects.filter(pk=record.pk).exists()
    assert tables_holding(name, email, "Quistgaard") == set()
    history = boden.get(SITE_HISTORY_TABLE).content.decode()
    assert f"Contact request #{record.pk}" in history  # the erasure itself stays on record, by number


def test_the_erasure_link_and_the_retention_command_leave_no_name_in_any_table(client, editor_client):
    name, email = "Xaver Erasmusson", "xaver.erasmusson@example.org"
    response = submit_activity(client, submission(title="Xavers stickcafé", name=name, email=email))
    link = re.search(r'href="(/privacy/pitea/[a-z]{2}/[^"]+)"', response.content.decode()).group(1)
    sent = ActivitySubmission.objects.get(email=email)
    pitea = editor_client("pitea")
    response = pitea.post(reverse("activity_submissions:edit", args=[sent.pk]), {"name": name, "email": email})
    assert response.status_code == 302  # the sender's details corrected: an edit in the log
    other_name, other_email = "Yrsa Ytterlund", "yrsa.ytterlund@example.org"
    aged = send_contact_request(client, other_name, other_email, kommun="pitea")
    answer_in_the_inbox(pitea, aged)
    ContactRequest.objects.filter(pk=aged.pk).update(decided_at=timezone.now() - timedelta(days=400))

    client.post(link)
    call_command("erase_personal_data", verbosity=0)
    assert tables_holding(name, email, other_name, other_email, "Xavers stickcafé") == set()


def session_form(kommun, participant):
    return nested_form_data(
        {
            "kommun": kommun.pk,
            "participant": participant,
            "language": "en",
            "experiment": "",
            "variant": "",
            "start_page": "",
            "scheduled_for": "",
            "facilitator": "Emma",
            "tasks": inline_formset([{"text": "Find a flat"}]),
        }
    )


def test_the_site_history_shows_each_editor_only_their_own_kommun(client, editor_client, kommun):
    boden_kommun = kommun("boden")
    name = "Wilma Wikström"
    record = send_contact_request(client, name, "wilma.wikstrom@example.org")
    boden = editor_client("boden")
    answer_in_the_inbox(boden, record)
    boden.post(reverse("contact_requests:delete", args=[record.pk]))
    response = boden.post(
        reverse(UsabilitySession.snippet_viewset.get_url_name("add")),
        session_form(boden_kommun, "Vera from Bodens bygata"),
    )
    assert response.status_code == 302
    session = UsabilitySession.objects.get(participant="Vera from Bodens bygata")
    response = boden.post(
        reverse(Experiment.snippet_viewset.get_url_name("add")),
        experiment_form(boden_kommun, name="Bodens secret headline test"),
    )
    assert response.status_code == 302
    own = boden.get(SITE_HISTORY_TABLE).content.decode()
    assert "Bodens secret headline test" in own and f"Usability session #{session.pk}" in own
    assert "Vera from Bodens bygata" not in own  # a participant's alias is not logged either

    pitea = Client()  # a browser of its own: the messages of Boden's session are not Piteå's
    pitea.force_login(get_user_model().objects.get(username="editor-pitea"))
    for url in (SITE_HISTORY, SITE_HISTORY + "?export=csv", SITE_HISTORY_TABLE):
        seen = pitea.get(url)
        assert seen.status_code == 200
        text = b"".join(seen.streaming_content).decode() if seen.streaming else seen.content.decode()
        for leak in (
            name,
            f"Contact request #{record.pk}",
            "Bodens secret headline test",
            f"Usability session #{session.pk}",
            "editor-boden",
        ):
            assert leak not in text, (url, leak)
