"""The admin's home page lists the editor's work, and only the editor's own kommun's.

Every kommun gets one of each kind of waiting work (a submitted activity, an unanswered
contact request, personal data past its retention, a running experiment, an import run
with errors, a page and a listing whose translations need work). Each of the 14 editors'
dashboards must show their own and nothing of the 13 others: no title, name or count; and
each editor is refused the other 13 kommuner's translation matrix and out-of-date views
(all 182 ordered pairs). Senders' names and email addresses appear on no dashboard at all.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.activities.models import ActivitySubmission
from cms.base.models import Kommun
from cms.contact.models import ContactRequest
from cms.housing.models import HousingListing, HousingListingTranslation
from cms.imports.models import ImportRun
from cms.topics.models import TopicPage
from cms.translations.models import ListingTranslationBaseline
from tests.experiment_helpers import make_experiment
from tests.helpers import make_activity, make_housing

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@dataclass
class Work:
    """One kommun's waiting work, as its editors' dashboard must show it and nobody else's may."""

    kommun: Kommun
    page: TopicPage
    translation: TopicPage
    submission: ActivitySubmission
    request: ContactRequest
    expired: ContactRequest
    experiment: object
    run: ImportRun
    listing: HousingListing

    def titles(self):
        """What the kommun's own dashboard shows, and no other's."""
        return [
            self.submission.activity.text("sv", "title"),
            reverse("contact_requests:inspect", args=[self.request.pk]),
            self.experiment.name,
            self.run.source,
        ]

    def personal(self):
        """What no dashboard shows."""
        return [self.request.name, self.request.email, self.expired.name, self.submission.name, self.submission.email]


def contact_request(kommun, name, **fields):
    request = ContactRequest(kommun=kommun, language="en", email=f"{name.lower()}@example.org", name=name, **fields)
    request.issue_erasure_token()
    request.save()
    return request


def make_work(kommun):
    from wagtail.models import Locale

    slug = kommun.slug
    home = kommun.site.root_page
    page = TopicPage(
        title=f"Dashboard probe {slug}",
        slug=f"dashboard-probe-{slug}",
        topic="other",
        intro="Prov.",
        body=[{"type": "paragraph", "value": "<p>Prov.</p>"}],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    translation = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    translation.title = f"Dashboard probe {slug} (en)"
    translation.save_revision().publish()
    page.save_revision().publish()  # the Swedish changed after the English was written

    activity = make_activity(kommun, f"Submitted probe {slug}", live=False, moderation_status="pending")
    submission = ActivitySubmission(
        activity=activity, kommun=kommun, language="sv", name=f"Submitter{slug}", email=f"submitter-{slug}@example.org"
    )
    submission.issue_erasure_token()
    submission.save()
    request = contact_request(kommun, f"Sender{slug}", interests=["work"])
    expired = contact_request(kommun, f"Answered{slug}", status="answered")
    ContactRequest.objects.filter(pk=expired.pk).update(decided_at=timezone.now() - timedelta(days=400))

    listing = make_housing(kommun, f"Dashboardgatan {slug}")
    listing.translations.add(HousingListingTranslation(language_code="en", description="A flat."))
    listing.save()
    sv = listing.translations.get(language_code="sv")
    sv.description = "Ny beskrivning."
    sv.save()

    now = timezone.now()
    run = ImportRun.objects.create(
        source=f"feed:{slug}:probe", kind="housing", kommun=kommun, started_at=now, finished_at=now, status="failed"
    )
    return Work(
        kommun=kommun,
        page=page,
        translation=translation,
        submission=submission,
        request=request,
        expired=expired,
        experiment=make_experiment(
            kommun,
            page=page,
            name=f"Probe test {slug}",
            status="running",
            goal_kind="search",
            goal_name="",
            languages=(),
        ),
        run=run,
        listing=listing,
    )


@pytest.fixture(scope="module")
def work(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = {kommun.slug: make_work(kommun) for kommun in Kommun.objects.select_related("site__root_page")}
    yield result
    from wagtail.models import Page

    with django_db_blocker.unblock():
        for item in result.values():
            item.experiment.delete()
            item.run.delete()
            item.request.delete()
            item.expired.delete()
            item.submission.activity.delete()
            ListingTranslationBaseline.objects.filter(object_id=item.listing.pk).delete()
            item.listing.delete()
            # The page in every language: its translation and the aliases Wagtail made when it was published.
            for page in Page.objects.filter(translation_key=item.page.translation_key).order_by("-locale_id"):
                page.delete()


def log_in(client, username):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.get(username=username)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def panel(html, panel_id):
    """The HTML of one dashboard panel."""
    start = html.index(f'id="{panel_id}')
    return html[start : html.index("</section>", start)]


def test_each_editor_sees_their_own_kommuns_work_and_nothing_of_the_others(client, work):
    for slug, own in work.items():
        log_in(client, f"editor-{slug}")
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        for title in own.titles():
            assert title in html, f"{slug}'s dashboard lacks {title}"
        for other, theirs in work.items():
            if other != slug:
                for title in theirs.titles():
                    assert title not in html, f"{slug}'s dashboard shows {other}'s {title}"
        for personal in [p for item in work.values() for p in item.personal()]:
            assert personal not in html, f"{slug}'s dashboard shows personal data: {personal}"
        # Counts are the kommun's own: what the kommun's inboxes hold, no more.
        pending = ActivitySubmission.objects.filter(kommun=own.kommun, activity__moderation_status="pending").count()
        assert f"{pending} in all." in panel(html, "nb-submitted-activities")
        new = ContactRequest.objects.filter(kommun=own.kommun, status="new").count()
        assert f"{new} in all." in panel(html, "nb-contact-requests")
        erasure = panel(html, "nb-personal-data")
        assert "Contact requests" in erasure and "1 due now" in erasure
        # The translations panel counts the kommun's own out-of-date translations (the probe page and listing).
        assert re.search(r"\b2 translations are out of date", panel(html, "nb-translations")), slug


def test_the_superuser_sees_every_kommun_with_its_name(client, work):
    from django.contrib.auth import get_user_model

    log_in(client, get_user_model().objects.filter(is_superuser=True).first().username)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    pending = ActivitySubmission.objects.filter(activity__moderation_status="pending").count()
    assert f"{pending} in all." in panel(html, "nb-submitted-activities")
    for item in work.values():
        # Every kommun has its own summary of translations and its own line of personal data due.
        assert f"?kommun={item.kommun.slug}" in panel(html, "nb-translations")
        assert f'<span class="nb-panel-kommun">{item.kommun.name}</span>' in panel(html, "nb-personal-data")
        for personal in item.personal():
            assert personal not in html


def refused(response):
    """Wagtail's admin answers a permission failure with 403 or a redirect to its home page (not to the login)."""
    return response.status_code == 403 or (response.status_code == 302 and "login" not in response["Location"])


def test_no_editor_reaches_another_kommuns_translations(client, work):
    """All 182 ordered pairs: the matrix, a page's and a listing's out-of-date view and its action."""
    for slug in work:
        log_in(client, f"editor-{slug}")
        for other, theirs in work.items():
            listing_url = reverse("translations:listing", args=["housing", "housinglisting", theirs.listing.pk, "en"])
            page_url = reverse("translations:page", args=[theirs.translation.pk])
            if other == slug:  # the same requests succeed on the editor's own kommun, so the test can fail
                assert (
                    theirs.page.title in client.get(reverse("translations:matrix"), {"kommun": other}).content.decode()
                )
                assert client.get(page_url).status_code == 200
                assert "Checked, still right" in client.get(listing_url).content.decode()
                continue
            matrix = client.get(reverse("translations:matrix"), {"kommun": other})
            assert matrix.status_code == 404 and theirs.page.title not in matrix.content.decode()
            assert refused(client.get(page_url))
            assert refused(client.get(listing_url))
            assert refused(client.post(listing_url))
            assert refused(client.post(page_url))
    baseline = ListingTranslationBaseline.objects.get(object_id=work["boden"].listing.pk, language_code="en")
    assert baseline.checked_at is None  # nobody's refused POST marked it
