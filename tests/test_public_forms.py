"""The forms the public sends from a microsite (an activity, a message to the coordinator), through the real
endpoints: what a visitor sees in answer, what is stored, and what never becomes public."""

import logging
import re
import smtplib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from cms.activities.models import Activity, ModerationStatus
from cms.base.public_forms import published_page
from cms.contact.models import ContactRequest
from tests.helpers import submission, submit_activity

pytestmark = pytest.mark.django_db
PITEA = "https://move.pitea.se"


@pytest.fixture(autouse=True)
def published(published_sites, settings):
    """The service answers with the published pages."""
    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"


def text_of(response):
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def region(response):
    """The form region the service filled in."""
    return re.search(r"<!--form-->(.*?)<!--/form-->", response.content.decode(), re.S).group(1)


def test_a_submission_becomes_a_pending_activity_with_its_sender_apart(client):
    response = submit_activity(client, submission(title="Vinterbad vid Pite havsbad"), HTTP_ORIGIN=PITEA)
    assert response.status_code == 200
    assert "Tack! Din aktivitet är på väg" in text_of(response)
    assert '<nav class="languages"' in response.content.decode()  # the microsite's own page around it

    activity = Activity.objects.get(translations__title="Vinterbad vid Pite havsbad")
    assert activity.moderation_status == ModerationStatus.PENDING and not activity.live
    assert activity.kommun.slug == "pitea" and activity.source == "public"
    assert activity.latest_revision is not None  # editors open it in the admin like any draft
    assert [row.language_code for row in activity.translations.all()] == ["sv"]
    assert activity.translations.get().description == "Vi stickar och pratar svenska.\nTa med garn."
    sender = activity.submission
    assert (sender.name, sender.email, sender.language) == ("Anna Andersson", "anna@example.org", "sv")
    assert activity.contact_email == "" and "anna" not in activity.organiser.lower()

    [confirmation] = mail.outbox
    assert confirmation.to == ["anna@example.org"]
    assert "vi har fått din aktivitet" in confirmation.subject
    link = re.search(r"https?://\S+/privacy/pitea/sv/\S+", confirmation.body).group(0)
    assert link.rsplit("/", 1)[1] in response.content.decode()  # the same private link as on the thank-you page
    assert "Vinterbad" not in confirmation.body  # nothing the sender wrote: the form cannot mail anyone a text


def test_the_page_language_is_the_texts_language(client):
    submit_activity(client, submission(title="Ice fishing for beginners, sent in English"), language="en")
    activity = Activity.objects.get(translations__title="Ice fishing for beginners, sent in English")
    assert [row.language_code for row in activity.translations.all()] == ["en"]
    assert activity.submission.language == "en"


def test_a_pending_submission_is_public_nowhere(client, kommun):
    from cms.export.kommun import KommunExport
    from cms.search.documents import all_documents

    submit_activity(client, submission(title="Hemlig väntande aktivitet"))
    activity = Activity.objects.get(translations__title="Hemlig väntande aktivitet")
    assert "Hemlig" not in client.get("/api/v2/activities/", {"kommun": "pitea", "limit": 100}).content.decode()
    assert client.get(f"/api/v2/activities/{activity.pk}/").status_code == 404
    found = client.get("/api/search/activities", {"kommun": "pitea", "q": "Hemlig väntande"}).json()
    assert activity.pk not in [hit["id"] for hit in found["hits"]]
    assert activity.pk not in [d["object_id"] for d in all_documents([kommun("pitea")]) if d["doc_type"] == "activity"]
    export = KommunExport(kommun("pitea")).run()
    assert "Hemlig väntande aktivitet" not in str(export)
    assert "anna@example.org" not in str(export)


def test_errors_are_shown_in_the_page_language_with_the_visitors_values(client):
    data = submission(title="", email="not-an-address", end_time="17:00", description="Mein Text <b>bleibt</b>")
    response = submit_activity(client, data, language="de")
    assert response.status_code == 400
    html = region(response)
    assert "„Name der Aktivität“ ist leer" in html
    assert "„Ihre E-Mail-Adresse“ ist keine E-Mail-Adresse" in html
    assert "„Endet um“ liegt nicht nach der Startzeit" in html
    assert re.search(r'<input id="title"[^>]*aria-describedby="title-hint title-error"[^>]*aria-invalid="true"', html)
    assert '<p class="error" id="title-error">' in html
    assert 'value="not-an-address"' in html and "Mein Text &lt;b&gt;bleibt&lt;/b&gt;</textarea>" in html
    assert '<a href="#email">' in html  # the summary links to the field
    assert not Activity.objects.filter(translations__description__startswith="Mein Text").exists()
    assert mail.outbox == []


def test_a_date_that_has_passed_is_refused(client):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = submit_activity(client, submission(date=yesterday), language="en")
    assert response.status_code == 400
    assert "“Date” has passed" in region(response)


def test_the_honeypot_thanks_robots_and_keeps_nothing(client):
    before = Activity.objects.count()
    response = submit_activity(client, submission(website="https://cheap-pills.example"))
    assert response.status_code == 200
    assert "Tack! Din aktivitet är på väg" in text_of(response)
    assert Activity.objects.count() == before and mail.outbox == []
    assert "/privacy/" not in region(response)


def test_the_honeypot_is_out_of_the_way_of_people():
    form = published_page("pitea", "sv", "activities/submit")
    field = re.search(r'<div class="hp">\s*<label for="website">([^<]+)</label>\s*<input ([^>]+)>', form)
    assert field.group(1) == "Lämna det här fältet tomt"
    assert 'tabindex="-1"' in field.group(2) and 'autocomplete="off"' in field.group(2)


def test_too_many_posts_from_one_client_are_refused(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    statuses = [
        submit_activity(client, submission(title=f"Aktivitet {n}"), REMOTE_ADDR="203.0.113.9").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    refused = submit_activity(client, submission(title="Aktivitet 3"), REMOTE_ADDR="203.0.113.9")
    assert refused["Retry-After"] == "3600"
    assert "Vänta en timme och försök igen" in region(refused)
    assert not Activity.objects.filter(translations__title="Aktivitet 3").exists()
    assert submit_activity(client, submission(), REMOTE_ADDR="203.0.113.10").status_code == 200  # another client


def test_posts_from_a_foreign_page_are_refused(client):
    response = submit_activity(client, submission(title="Från en annan webbplats"), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not Activity.objects.filter(translations__title="Från en annan webbplats").exists()


def test_an_oversized_post_is_refused_before_it_is_read(client, settings):
    response = submit_activity(client, submission(description="x" * (settings.PUBLIC_FORM_MAX_BYTES + 1)))
    assert response.status_code == 413
    assert "för långt för oss att ta emot" in region(response)
    assert not Activity.objects.filter(translations__description__startswith="xxx").exists()


def test_an_unknown_site_or_language_is_not_found(client):
    assert submit_activity(client, submission(), kommun="stockholm").status_code == 404
    assert submit_activity(client, submission(), kommun="boden", language="es").status_code == 404
    assert not Activity.objects.filter(kommun__slug="boden", translations__title=submission()["title"]).exists()


def test_a_script_gets_the_same_answer_as_json_with_cors(client):
    response = submit_activity(
        client, submission(title=""), language="en", HTTP_ACCEPT="application/json", HTTP_ORIGIN=PITEA
    )
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == PITEA
    assert "“Name of the activity” is empty" in response.json()["html"]


def contact(**overrides):
    data = {
        "interests": ["work", "school"],
        "message": "Vi är en familj med två barn och söker jobb inom vården.",
        "moving": "half-year",
        "name": "Sanne de Vries",
        "email": "sanne@example.nl",
        "phone": "+31 6 1234 5678",
        "website": "",
    }
    data.update(overrides)
    return data


def send_contact(client, data, kommun="pitea", language="nl", **headers):
    return client.post(f"/api/contact?kommun={kommun}&language={language}", data, **headers)


def test_a_contact_request_reaches_the_coordinator_in_the_admin_and_by_mail(client, kommun, editor_client):
    response = send_contact(client, contact(), HTTP_ORIGIN=PITEA)
    assert response.status_code == 200
    assert "Bedankt: je bericht is bij onze verhuiscoördinator" in text_of(response)
    request = ContactRequest.objects.get(email="sanne@example.nl")
    assert request.kommun == kommun("pitea") and request.language == "nl" and request.status == "new"
    assert request.interests == ["work", "school"] and request.moving == "half-year"

    to_coordinator, to_visitor = mail.outbox
    assert to_coordinator.to == [kommun("pitea").config.coordinator.email]
    assert to_coordinator.reply_to == ["sanne@example.nl"]
    assert "Vi är en familj med två barn" in to_coordinator.body
    assert "Jobb, Skola eller förskola" in to_coordinator.body and "Om tre till sex månader" in to_coordinator.body
    assert "nederländska" in to_coordinator.body  # the visitor's language, named in the coordinator's
    assert f"/admin/contact_requests/inspect/{request.pk}/" in to_coordinator.body
    assert to_visitor.to == ["sanne@example.nl"] and "/privacy/pitea/nl/" in to_visitor.body
    assert "familj" not in to_visitor.body
    inbox = editor_client("pitea").get("/admin/contact_requests/").content.decode()
    assert "Sanne de Vries" in inbox and "Nederlands" in inbox  # the visitor's language, shown


def test_a_contact_request_needs_something_to_go_on(client):
    response = send_contact(client, contact(interests=[], message="", email="", phone="call me"), language="fi")
    assert response.status_code == 400
    html = region(response)
    assert "”Mitä etsit?”: valitse vähintään yksi" in html
    assert "”Sähköpostiosoitteesi” on tyhjä" in html
    assert "”Puhelinnumerosi” ei ole puhelinnumero" in html
    assert re.search(r'<fieldset id="interests"[^>]*aria-describedby="interests-error"', html)
    assert not ContactRequest.objects.filter(phone="call me").exists() and mail.outbox == []


def test_the_contact_form_has_the_same_guards(client, settings):
    assert send_contact(client, contact(), HTTP_ORIGIN="https://evil.example").status_code == 403
    assert send_contact(client, contact(message="x" * 40000)).status_code == 413
    response = send_contact(client, contact(website="spam"))
    assert response.status_code == 200 and not ContactRequest.objects.filter(email="sanne@example.nl").exists()
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    assert [send_contact(client, contact(), REMOTE_ADDR="198.51.100.7").status_code for _ in range(2)] == [200, 429]


def test_submitted_text_keeps_what_people_write_and_loses_what_could_break_it():
    from cms.base.public_forms import PlainTextField

    title = PlainTextField(max_length=160)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji, joined by zero-width joiners
    assert title.clean(f" Kör\u202e gnitset\r\nnu\x07\tidag {family} ") == f"Kör gnitset nu idag {family}"
    assert PlainTextField(max_length=160, multiline=True).clean("rad 1\r\nrad 2\u2028rad 3") == "rad 1\nrad 2\nrad 3"


def test_the_erasure_notice_reads_as_sentences(client):
    """The thank-you pages' notice is sentences with spaces between them ("decided. To erase"), in every kind."""
    activity = text_of(submit_activity(client, submission(title="Ice swimming at dawn"), language="en"))
    assert "after the editors have decided. To erase them now, open your private link: Erase my data ." in activity
    message = text_of(send_contact(client, contact(), language="en"))
    assert "after the coordinator has answered you. To erase them now, open your private link:" in message


class RefusingMailServer(BaseEmailBackend):
    """A mail server that refuses the recipient, as SMTP says so: with the address in the refusal."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {
                address: (550, f"5.1.1 <{address}>: Recipient address rejected".encode())
                for m in messages
                for address in m.to
            }
        )


def test_a_refused_mail_is_logged_without_the_visitors_address(client, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    with caplog.at_level(logging.INFO):
        response = send_contact(client, contact(), HTTP_ORIGIN=PITEA)
    assert response.status_code == 200 and ContactRequest.objects.filter(email="sanne@example.nl").exists()
    assert "Could not send the contact_received mail" in caplog.text  # the failure is there to act on
    logged = caplog.text + "".join(str(record.exc_info) for record in caplog.records)
    assert "sanne@example.nl" not in logged and "Sanne" not in logged, caplog.text
