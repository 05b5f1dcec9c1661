"""Editors are confined to their own kommun, proved through the real Wagtail admin views.

Every editor reads every listing, chooser and report, which must show nothing of the 13 other
kommuner (every ordered pair, 14 x 13); and tries to edit, publish, delete and upload into the
next kommun's pages, images, documents, listings, experiments and usability sessions through
every view (each kommun's content is tried by one other editor: every view for every editor and
on every kommun, without repeating the same refusal 13 times), and every attempt must fail and
leave the other kommun's content as it was. What is not public of the other kommun (a draft page, a
document, listings, experiments, sessions, contact requests) must not show in any admin
report, log, chooser, bulk action confirmation, usage view, search or the admin's API either.
The same editor doing the same to its own kommun succeeds, so the test can fail.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from cms.activities.models import Activity
from cms.base.models import CustomImage, Kommun
from cms.contact.models import ContactRequest
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
    draft: TopicPage
    request: ContactRequest

    def secrets(self):
        """What the other kommuns' editors must never read anywhere in the admin."""
        return [
            self.draft.title,
            self.document.title,
            self.image.title,
            self.request.name,
            f"editor-{self.kommun.slug}",
            *(str(obj) for obj in self.tests.values()),
            *(listing_marker(model, obj) for model, obj in self.listings.items()),
        ]


def url(model, action, pk=None):
    viewset = model.snippet_viewset.chooser_viewset if action == "choose" else model.snippet_viewset
    name = viewset.get_url_name(action)
    return reverse(name, args=[pk] if pk is not None else [])


@pytest.fixture(scope="module")
def probes(django_db_setup, django_db_blocker):
    from django.contrib.auth import get_user_model
    from wagtail.log_actions import log

    with django_db_blocker.unblock():
        result = {}
        for kommun in Kommun.objects.select_related("site__root_page", "collection"):
            name = f"probe-{kommun.slug}"
            home = kommun.site.root_page
            page = home.get_children().filter(slug=name).first()
            if page is None:
                page = TopicPage(
                    title=f"Probe {kommun.name}",
                    slug=name,
                    topic="other",
                    intro="Probe.",
                    body=[{"type": "paragraph", "value": "<p>Probe.</p>"}],
                )
                home.add_child(instance=page)
                page.save_revision().publish()
            editor = get_user_model().objects.get(username=f"editor-{kommun.slug}")
            draft = TopicPage(
                title=f"Unpublished probe draft {kommun.slug}",
                slug=f"{name}-draft",
                topic="other",
                intro="Draft.",
                body=[],
                live=False,
            )
            page.add_child(instance=draft)
            draft.save_revision(user=editor, log_action=True)
            request = ContactRequest(
                kommun=kommun,
                language="en",
                email=f"sender-{kommun.slug}@example.org",
                name=f"Sender of {kommun.slug}",
                interests=["work"],
            )
            request.issue_erasure_token()
            request.save()
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
                    UsabilitySession: UsabilitySession.objects.create(
                        kommun=kommun, participant=f"Probe {kommun.slug}"
                    ),
                },
                draft=draft,
                request=request,
            )
            # What editors do leaves entries in the audit log (as the admin's views write them).
            for obj in [request, *result[kommun.slug].listings.values(), *result[kommun.slug].tests.values()]:
                log(obj, "wagtail.edit", user=editor)
        # Every kommun's draft links to every kommun's page and document and shows every image:
        # each editor's usage views would list the other kommuns' drafts.
        for probe in result.values():
            links = "".join(
                f'<a linktype="page" id="{other.page.pk}">page</a> '
                f'<a linktype="document" id="{other.document.pk}">document</a>'
                f'<embed embedtype="image" id="{other.image.pk}" format="fullwidth" alt=""/>'
                for other in result.values()
            )
            probe.draft.body = [{"type": "paragraph", "value": f"<p>{links}</p>"}]
            probe.draft.save()
    yield result
    # The probes live in the session's database, outside any test's transaction: a later module (the golden
    # build of Kalix, say) must find the demo as it was.
    with django_db_blocker.unblock():
        for probe in result.values():
            probe.page.delete()  # with its draft below it
            for obj in [probe.image, probe.document, probe.request, *probe.listings.values(), *probe.tests.values()]:
                obj.delete()


def refused(response):
    """Wagtail answers a permission failure with 403 or a redirect away from the view."""
    return response.status_code == 403 or (response.status_code == 302 and "login" not in response["Location"])


def kommun_choices(html):
    select = re.search(r'<select name="kommun".*?</select>', html, re.S)
    assert select, "the add form has no kommun field"
    return set(re.findall(r'<option value="(\d+)"', select.group(0)))


def listed(client, model, **query):
    """A snippet listing's first page, the ids of its rows and how many rows it has in all (Wagtail shows 20
    rows a page and says under the table how many there are; a listing of one page shows them all)."""
    html = client.get(url(model, "list"), query).content.decode()
    ids = {int(pk) for pk in re.findall(r'data-object-id="(\d+)" data-bulk-action-checkbox', html)}
    total = re.search(r'class="pagination__end">\s*(\d+)', html)
    return html, ids, int(total.group(1)) if total else len(ids)


def listing_marker(model, obj):
    return obj.address if model is HousingListing else obj.text("sv", "title")


@pytest.mark.django_db
def test_every_editor_is_confined_to_their_own_kommun(client, probes):
    from django.contrib.auth import get_user_model

    failures = []
    slugs = list(probes)
    for index, (own_slug, own) in enumerate(probes.items()):
        client.force_login(get_user_model().objects.get(username=f"editor-{own_slug}"))
        target = slugs[(index + 1) % len(slugs)]  # whose content the editor tries every view on

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
            # Searched for "Probe", every kommun's probe (its landlord, place or employer) would be on page 1 if
            # the listing let it through; unsearched, it holds exactly the rows of the editor's own kommun.
            listings[model.__name__], _, matches = listed(client, model, q="Probe")
            assert matches <= 20, f"{model.__name__}: {matches} match 'Probe', more than one page"
            _, first_page, total = listed(client, model)
            theirs = set(model.objects.filter(kommun=own.kommun).values_list("pk", flat=True))
            if not (first_page <= theirs and total == len(theirs)):
                failures.append(
                    f"editor-{own_slug}: the {model.__name__} listing has {total} rows, their kommun {len(theirs)}"
                )
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
            for model, obj in other.tests.items():
                check(str(obj) not in listings[model.__name__], f"lists the other's {model.__name__}")
            if other_slug != target:
                continue

            # Pages: edit, publish, delete.
            check(refused(client.get(reverse("wagtailadmin_pages:edit", args=[other.page.pk]))), "opens a page editor")
            client.post(
                reverse("wagtailadmin_pages:edit", args=[other.page.pk]),
                {"title": "Taken over", "slug": other.page.slug, "action-publish": "publish"},
            )
            client.post(reverse("wagtailadmin_pages:delete", args=[other.page.pk]))
            other.page.refresh_from_db()
            check(other.page.title != "Taken over", "publishes a page")
            check(TopicPage.objects.filter(pk=other.page.pk).exists(), "deletes a page")
            check(
                refused(client.get(reverse("wagtailadmin_pages:add_subpage", args=[other.page.get_parent().pk]))),
                "adds a page",
            )

            # Images and documents: edit, and upload into the other's collection.
            check(refused(client.get(reverse("wagtailimages:edit", args=[other.image.pk]))), "edits an image")
            check(refused(client.post(reverse("wagtailimages:delete", args=[other.image.pk]))), "deletes an image")
            before = CustomImage.objects.filter(collection=other.kommun.collection).count()
            client.post(
                reverse("wagtailimages:add"),
                {"title": "Planted", "file": upload_png(), "collection": other.kommun.collection.pk},
            )
            check(CustomImage.objects.filter(collection=other.kommun.collection).count() == before, "uploads an image")
            check(refused(client.get(reverse("wagtaildocs:edit", args=[other.document.pk]))), "edits a document")
            documents = type(other.document).objects.filter(collection=other.kommun.collection)
            before = documents.count()
            client.post(
                reverse("wagtaildocs:add"),
                {"title": "Planted", "file": upload_png("planted.txt"), "collection": other.kommun.collection.pk},
            )
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
                for view in ("edit", "delete", "history", *TEST_VIEWS[model]):
                    check(refused(client.get(url(model, view, obj.pk))), f"opens a {name}'s {view} view")
                client.post(url(model, "delete", obj.pk))
                check(model.objects.filter(pk=obj.pk).exists(), f"deletes a {name}")
            client.post(url(Experiment, "status", other.tests[Experiment].pk), {"status": "running"})
            check(Experiment.objects.get(pk=other.tests[Experiment].pk).status == "draft", "starts an experiment")

            # The add form offers only their own kommun.
            # Where another kommun's objects are used: not theirs to read.
            check(refused(client.get(f"/admin/images/usage/{other.image.pk}/")), "reads an image's usage")
            check(refused(client.get(f"/admin/documents/usage/{other.document.pk}/")), "reads a document's usage")
            check(refused(client.get(f"/admin/pages/{other.page.pk}/usage/")), "reads a page's usage")
            for model, obj in [*other.listings.items(), *other.tests.items()]:
                check(refused(client.get(url(model, "usage", obj.pk))), f"reads a {model.__name__}'s usage")

        for model in LISTING_MODELS + list(TEST_VIEWS):
            offered = kommun_choices(client.get(url(model, "add")).content.decode())
            if offered != {str(own.kommun.pk)}:
                failures.append(f"editor-{own_slug}: the {model.__name__} form offers kommuner {sorted(offered)}")

    assert failures == [], "\n".join(failures[:40])


#: Kommun-scoped models with a snippet chooser and bulk actions in the admin.
SNIPPET_MODELS = [*LISTING_MODELS, Experiment, UsabilitySession]
#: Reports and logs, each read whole (the page with its filters, and the results table).
REPORTS = ["site-history", "aging-pages", "locked", "workflow", "workflow_tasks", "page-types-usage"]
#: The admin's other listings of objects or of their titles, names and counts.
LISTINGS = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/search/?q=probe",
    "/admin/pages/search/results/?q=Unpublished+probe+draft",
    "/admin/pages/usage/topics/topicpage/",
    "/admin/pages/usage/topics/topicpage/results/",
    "/admin/forms/",
    "/admin/redirects/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/imports/",
    "/admin/snippets/region/sharedcontent/",
    "/admin/snippets/base/driver/",
    "/admin/tag-autocomplete/?term=probe",
]


def read(client, url):
    response = client.get(url)
    assert response.status_code in (200, 302, 400, 403, 404), (url, response.status_code, response.content[:300])
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def ids(objects):
    return "&".join(f"id={obj.pk}" for obj in objects)


@pytest.mark.django_db
def test_no_editor_reads_another_kommuns_unpublished_content_anywhere_in_the_admin(client, probes):
    """Reports, logs, choosers, bulk action confirmations and the admin API, for all 182 ordered pairs."""
    from django.contrib.auth import get_user_model

    failures = []
    for own_slug, own in probes.items():
        client.force_login(get_user_model().objects.get(username=f"editor-{own_slug}"))
        others = [probe for slug, probe in probes.items() if slug != own_slug]
        seen = {}  # where -> what the editor read there

        for report in REPORTS:
            for suffix in ("", "results/", "?export=csv"):
                seen[f"report {report}/{suffix}"] = read(client, f"/admin/reports/{report}/{suffix}")
        for listing in LISTINGS:
            seen[listing] = read(client, listing)
        usage = {
            "image usage": f"/admin/images/usage/{own.image.pk}/",
            "document usage": f"/admin/documents/usage/{own.document.pk}/",
            "page usage": f"/admin/pages/{own.page.pk}/usage/",
        }
        for where, address in usage.items():
            seen[where] = read(client, address)
        seen["page chooser search"] = read(client, "/admin/choose-page/search/?q=Unpublished+probe+draft")
        seen["page chooser chosen"] = read(
            client, "/admin/choose-page/chosen-multiple/?" + ids(o.draft for o in others)
        )
        # (The API answers 20 at most: the searches match the 14 probes.)
        seen["admin API pages"] = read(client, "/admin/api/main/pages/?search=Unpublished")
        for kind in ("documents", "images"):
            seen[f"admin API {kind}"] = read(client, f"/admin/api/main/{kind}/?search=probe")
        seen["page bulk delete"] = read(client, "/admin/bulk/wagtailcore/page/delete/?" + ids(o.draft for o in others))
        seen["page bulk move"] = read(client, "/admin/bulk/wagtailcore/page/move/?" + ids(o.draft for o in others))
        seen["document bulk delete"] = read(
            client, "/admin/bulk/wagtaildocs/document/delete/?" + ids(o.document for o in others)
        )
        seen["image bulk delete"] = read(client, "/admin/bulk/base/customimage/delete/?" + ids(o.image for o in others))
        seen["document chooser"] = read(client, "/admin/documents/chooser/?q=probe")
        seen["document chosen"] = read(
            client, "/admin/documents/chooser/chosen-multiple/?" + ids(o.document for o in others)
        )
        seen["image chooser"] = read(client, "/admin/images/chooser/?q=probe")
        seen["image chosen"] = read(client, "/admin/images/chooser/chosen-multiple/?" + ids(o.image for o in others))
        for model in SNIPPET_MODELS:
            name = model.__name__
            objects = [o.listings.get(model) or o.tests.get(model) for o in others]
            seen[f"{name} chooser"] = read(client, url(model, "choose"))
            chooser = model.snippet_viewset.chooser_viewset
            seen[f"{name} chosen"] = read(client, reverse(chooser.get_url_name("chosen_multiple")) + "?" + ids(objects))
            bulk = f"/admin/bulk/{model._meta.app_label}/{model._meta.model_name}/delete/?"
            seen[f"{name} bulk delete"] = read(client, bulk + ids(objects))
        for other in others:
            seen[f"page chooser in {other.kommun.slug}"] = read(client, f"/admin/choose-page/{other.page.pk}/")
            seen[f"page chooser in a draft of {other.kommun.slug}"] = read(
                client, f"/admin/choose-page/{other.draft.pk}/"
            )
            seen[f"admin API draft of {other.kommun.slug}"] = read(client, f"/admin/api/main/pages/{other.draft.pk}/")
            for view in ("history/", "history/results/", "revisions/", "workflow_history/", "usage/"):
                seen[f"page {view} of a draft of {other.kommun.slug}"] = read(
                    client, f"/admin/pages/{other.draft.pk}/{view}"
                )
            seen[f"admin API children in {other.kommun.slug}"] = read(
                client, f"/admin/api/main/pages/?child_of={other.page.pk}"
            )
            for model in SNIPPET_MODELS:
                obj = other.listings.get(model) or other.tests.get(model)
                chooser = model.snippet_viewset.chooser_viewset
                seen[f"{model.__name__} chosen in {other.kommun.slug}"] = read(
                    client, reverse(chooser.get_url_name("chosen"), args=[obj.pk])
                )

        # The positive control: the editor's own unpublished content shows where it should.
        assert (
            own.draft.title in seen["page chooser search"] and own.draft.title in seen["report site-history/results/"]
        )
        assert own.request.name not in seen["report site-history/results/"]  # personal data is never a log label
        assert own.document.title in seen["admin API documents"]
        for where in usage:
            assert own.draft.title in seen[where], where  # the own draft that uses it
            if re.search(r"\(Privat(e)? ", seen[where]):  # Wagtail's row for what the user may not edit (sv, en)
                failures.append(f"editor-{own_slug} reads other kommuner's drafts in the {where}")
        for other in others:
            for secret in other.secrets():
                failures += [
                    f"editor-{own_slug} reads {secret!r} of {other.kommun.slug} in {where}"
                    for where, text in seen.items()
                    if secret in text
                ]
    assert failures == [], f"{len(failures)} leaks:\n" + "\n".join(failures[:60])
