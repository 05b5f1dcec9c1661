"""Editors are confined to their own kommun, proved through the real Wagtail admin views.

Every ordered pair of kommuner (14 x 13) is walked: the editor of one tries to list,
edit, publish, delete and upload into the other's pages, images, documents, listings,
experiments and usability sessions, and every attempt must fail and leave the other
kommun's content as it was.
The same editor doing the same to its own kommun succeeds, so the test can fail.
"""
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from cms.activities.models import Activity
from cms.base.models import CustomImage, Kommun
from cms.experiments.models import Experiment, UsabilitySession
from cms.housing.models import HousingListing
from cms.jobs.models import Job
from cms.topics.models import TopicPage
from tests.experiment_helpers import make_experiment
from tests.helpers import make_activity, make_document, make_housing, make_image, make_job, upload_png

pytestmark = pytest.mark.slow
LISTING_MODELS = [HousingListing, Activity, Job]
#: The experiments' and sessions' own admin views, besides the snippet views every model has.
TEST_VIEWS = {Experiment: ("results", "results_csv"), UsabilitySession: ("observe", "report", "report_csv")}


@dataclass
class Probe:
    """One kommun's objects that other kommuns' editors will try to reach."""

    kommun: Kommun
    page: TopicPage
    image: CustomImage
    document: object
    listings: dict
    tests: dict


def url(model, action, pk=None):
    viewset = model.snippet_viewset.chooser_viewset if action == "choose" else model.snippet_viewset
    name = viewset.get_url_name(action)
    return reverse(name, args=[pk] if pk is not None else [])


@pytest.fixture(scope="module")
def probes(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = {}
        for kommun in Kommun.objects.select_related("site__root_page", "collection"):
            name = f"probe-{kommun.slug}"
            home = kommun.site.root_page
            page = home.get_children().filter(slug=name).first()
            if page is None:
                page = TopicPage(title=f"Probe {kommun.name}", slug=name, topic="other", intro="Probe.",
                                 body=[{"type": "paragraph", "value": "<p>Probe.</p>"}])
                home.add_child(instance=page)
                page.save_revision().publish()
            result[kommun.slug] = Probe(
                kommun=kommun,
                page=page.specific,
                image=make_image(kommun.collection, f"{name}-image"),
                document=make_document(kommun.collection, f"{name}-document"),
                listings={
                    HousingListing: make_housing(kommun, f"Probegatan-{kommun.slug}"),
                    Activity: make_activity(kommun, f"Probe activity {kommun.slug}"),
                    Job: make_job(kommun, f"Probe job {kommun.slug}"),
                },
                tests={
                    Experiment: make_experiment(kommun, name=f"Probe experiment {kommun.slug}", status="draft"),
                    UsabilitySession: UsabilitySession.objects.create(kommun=kommun, participant=f"Probe {kommun.slug}"),
                },
            )
        yield result


def refused(response):
    """Wagtail answers a permission failure with 403 or a redirect away from the view."""
    return response.status_code == 403 or (response.status_code == 302 and "login" not in response["Location"])


def kommun_choices(html):
    select = re.search(r'<select name="kommun".*?</select>', html, re.S)
    assert select, "the add form has no kommun field"
    return set(re.findall(r'<option value="(\d+)"', select.group(0)))


def listing_marker(model, obj):
    return obj.address if model is HousingListing else obj.text("sv", "title")


@pytest.mark.django_db
def test_every_editor_is_confined_to_their_own_kommun(client, probes):
    from django.contrib.auth import get_user_model

    failures = []
    for own_slug, own in probes.items():
        client.force_login(get_user_model().objects.get(username=f"editor-{own_slug}"))

        # The positive control: their own kommun's content is reachable.
        assert client.get(reverse("wagtailadmin_pages:edit", args=[own.page.pk])).status_code == 200
        assert client.get(reverse("wagtailimages:edit", args=[own.image.pk])).status_code == 200
        assert client.get(reverse("wagtaildocs:edit", args=[own.document.pk])).status_code == 200
        for model, obj in own.listings.items():
            assert client.get(url(model, "edit", obj.pk)).status_code == 200, model

        # Listing views show their own content and nothing of the others'.
        listings = {
            "images": client.get(reverse("wagtailimages:index")).content.decode(),
            "documents": client.get(reverse("wagtaildocs:index")).content.decode(),
        }
        for model in list(TEST_VIEWS):
            listings[model.__name__] = client.get(url(model, "list")).content.decode()
            assert str(own.tests[model]) in listings[model.__name__], model
            for view in TEST_VIEWS[model]:
                assert client.get(url(model, view, own.tests[model].pk)).status_code == 200, (model, view)
        for model in LISTING_MODELS:
            listings[model.__name__] = client.get(url(model, "list")).content.decode()
            listings[model.__name__ + " chooser"] = client.get(url(model, "choose")).content.decode()
        assert own.image.title in listings["images"]
        assert own.document.title in listings["documents"]
        for model in LISTING_MODELS:
            assert listing_marker(model, own.listings[model]) in listings[model.__name__], model

        for other_slug, other in probes.items():
            if other_slug == own_slug:
                continue
            where = f"editor-{own_slug} on {other_slug}"

            def check(ok, what, where=where):
                if not ok:
                    failures.append(f"{where}: {what}")

            check(other.image.title not in listings["images"], "lists the other's images")
            check(other.document.title not in listings["documents"], "lists the other's documents")
            for model in LISTING_MODELS:
                marker = listing_marker(model, other.listings[model])
                check(marker not in listings[model.__name__], f"lists the other's {model.__name__}")
                check(marker not in listings[model.__name__ + " chooser"], f"chooses the other's {model.__name__}")

            # Pages: edit, publish, delete.
            check(refused(client.get(reverse("wagtailadmin_pages:edit", args=[other.page.pk]))), "opens a page editor")
            client.post(reverse("wagtailadmin_pages:edit", args=[other.page.pk]),
                        {"title": "Taken over", "slug": other.page.slug, "action-publish": "publish"})
            client.post(reverse("wagtailadmin_pages:delete", args=[other.page.pk]))
            other.page.refresh_from_db()
            check(other.page.title != "Taken over", "publishes a page")
            check(TopicPage.objects.filter(pk=other.page.pk).exists(), "deletes a page")
            check(refused(client.get(reverse("wagtailadmin_pages:add_subpage", args=[other.page.get_parent().pk]))),
                  "adds a page")

            # Images and documents: edit, and upload into the other's collection.
            check(refused(client.get(reverse("wagtailimages:edit", args=[other.image.pk]))), "edits an image")
            check(refused(client.post(reverse("wagtailimages:delete", args=[other.image.pk]))), "deletes an image")
            before = CustomImage.objects.filter(collection=other.kommun.collection).count()
            client.post(reverse("wagtailimages:add"),
                        {"title": "Planted", "file": upload_png(), "collection": other.kommun.collection.pk})
            check(CustomImage.objects.filter(collection=other.kommun.collection).count() == before, "uploads an image")
            check(refused(client.get(reverse("wagtaildocs:edit", args=[other.document.pk]))), "edits a document")
            documents = type(other.document).objects.filter(collection=other.kommun.collection)
            before = documents.count()
            client.post(reverse("wagtaildocs:add"),
                        {"title": "Planted", "file": upload_png("planted.txt"), "collection": other.kommun.collection.pk})
            check(documents.count() == before, "uploads a document")

            # Listings: edit, publish, delete.
            for model, obj in other.listings.items():
                name = model.__name__
                check(refused(client.get(url(model, "edit", obj.pk))), f"edits a {name}")
                client.post(url(model, "edit", obj.pk), {"action-publish": "publish"})
                check(refused(client.post(url(model, "delete", obj.pk))), f"deletes a {name}")
                check(refused(client.get(url(model, "history", obj.pk))), f"reads a {name}'s history")
                check(model.objects.filter(pk=obj.pk, live=True).exists(), f"deletes or unpublishes a {name}")
                check(refused(client.post(url(model, "unpublish", obj.pk))), f"unpublishes a {name}")

            # Experiments and usability sessions: not listed, not opened, not changed.
            for model, obj in other.tests.items():
                name = model.__name__
                check(str(obj) not in listings[name], f"lists the other's {name}")
                for view in ("edit", "delete", "history", *TEST_VIEWS[model]):
                    check(refused(client.get(url(model, view, obj.pk))), f"opens a {name}'s {view} view")
                client.post(url(model, "delete", obj.pk))
                check(model.objects.filter(pk=obj.pk).exists(), f"deletes a {name}")
            client.post(url(Experiment, "status", other.tests[Experiment].pk), {"status": "running"})
            check(Experiment.objects.get(pk=other.tests[Experiment].pk).status == "draft", "starts an experiment")

        # The add form offers only their own kommun.
        for model in LISTING_MODELS + list(TEST_VIEWS):
            offered = kommun_choices(client.get(url(model, "add")).content.decode())
            if offered != {str(own.kommun.pk)}:
                failures.append(f"editor-{own_slug}: the {model.__name__} form offers kommuner {sorted(offered)}")

    assert failures == [], "\n".join(failures[:40])
