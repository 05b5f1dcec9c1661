"""One source of truth for "what changed": the export reads only what the models declare
(cms.export.declarations), and the build's stamp (cms.sitebuild.stamp) watches exactly that.

Two kinds of test: the SQL an export runs is captured and every column it reads must be
declared (so a field the export starts reading without declaring it fails here, not as a
stale site kept live); and every exported model and kind of field is edited in turn, and
exactly the kommun(s) and the records that show it must change.
"""

import shutil

import pytest
from wagtail.models import Page, PageViewRestriction, ReferenceIndex

from cms.base.models import CustomImage, Driver, DriverTranslation, ImageAltText, Kommun
from cms.base.site_config import site_configs
from cms.export import declarations
from cms.export.kommun import export_kommun
from cms.sitebuild import nochange
from cms.sitebuild.stamp import kommun_stamp, media_root, region_stamp
from cms.sitebuild.stamp_steps import replay
from cms.topics.models import TopicPage
from tests.experiment_helpers import make_experiment
from tests.helpers import export_queries, make_document, undeclared_columns


def kommuner():
    return {k.slug: k for k in Kommun.objects.select_related("site").filter(slug__in=["pitea", "boden"])}


@pytest.mark.django_db
def test_every_column_the_export_reads_is_declared():
    queries = export_queries()
    assert len(queries) > 20  # the whole site was read: pages, blocks' images, listings, drivers
    assert undeclared_columns(queries) == []


@pytest.mark.django_db
def test_a_column_read_but_not_declared_is_found(monkeypatch):
    """The check above can fail: take the image credit out of the declaration, and the export's
    read of it (a query of its own, since the export asks only for declared columns) is named."""
    fields = tuple(f for f in CustomImage.export_fields if f != "credit")
    monkeypatch.setattr(CustomImage, "export_fields", fields)
    declarations.sources.cache_clear()
    try:
        assert ("base_customimage", "credit") in undeclared_columns(export_queries())
    finally:
        monkeypatch.undo()
        declarations.sources.cache_clear()


# --- every exported model and kind of field, edited in turn ---------------------------


def records(export):
    """{record: what the site shows of it}, across the site's languages: a page by its translation
    key, a listing, image or document by its id, and the site-wide parts by name."""
    found = {}
    for data in export["languages_data"].values():
        for page in data["pages"]:
            found.setdefault(("page", page["key"]), []).append(page)
        for kind in ("housing", "activities", "jobs"):
            for item in data[kind]:
                found.setdefault((kind, item["id"]), []).append(item)
        for key, experiment in data["experiments"].items():
            found.setdefault(("experiment", key), []).append(experiment)
    for image_id, image in export["images"].items():
        found["image", image_id] = image
    for document_id, document in export["documents"].items():
        found["document", document_id] = document
    for part in ("drivers", "config", "api_url", "privacy"):
        found[(part,)] = export[part]
    return found


def snapshot():
    """Each kommun's stamp, export records and the stamp's recorded steps, as the build would see them
    now. The exports run first: an image stored without its file's hash gets it in its first export,
    as in a first build."""
    exports = {slug: records(export_kommun(kommun)) for slug, kommun in kommuner().items()}
    region_steps, steps = {}, {slug: {} for slug in exports}
    region = region_stamp(region_steps)
    stamps = {slug: kommun_stamp(kommun, "theme", region, steps[slug]) for slug, kommun in kommuner().items()}
    return {slug: (stamps[slug], exports[slug], region_steps["steps"], steps[slug]["steps"]) for slug in stamps}


def replayed(before):
    """Each kommun's stamp as a no-change build computes it before Django's apps load
    (cms.sitebuild.nochange): the steps recorded before the edit, replayed with the rows now."""
    from django.db import connection

    with connection.cursor() as cursor:
        return {
            slug: replay(kommun_steps, cursor, media_root(), replay(region_steps, cursor, media_root()))
            for slug, (_stamp, _records, region_steps, kommun_steps) in before.items()
        }


def topic(kommun, slug="culture"):
    return TopicPage.objects.descendant_of(kommun.site.root_page).get(slug=slug)


def key(page):
    return ("page", str(page.translation_key))


def used_image(kommun):
    """An image of the kommun's own collection that its site shows."""
    shown = {entry[1] for entry in records(export_kommun(kommun)) if entry[0] == "image"}
    return CustomImage.objects.filter(collection=kommun.collection, pk__in=shown).order_by("pk").first()


def publish(instance):
    instance.save_revision().publish()


# Each case sets up what it needs, yields, edits, and returns {slug: the records it changed}.


def page_field(pitea, boden, settings, tmp_path):
    page = topic(pitea)
    yield
    page.intro = "Kultur året runt, nära havet."
    publish(page)
    return {"pitea": {key(page)}}


def stream_block(pitea, boden, settings, tmp_path):
    page = topic(pitea)
    yield
    page.body.append(("quote", {"text": "Här stannar vi.", "attribution": "En inflyttare"}))
    publish(page)
    return {"pitea": {key(page)}}


def rich_text_link(pitea, boden, settings, tmp_path):
    page, target = topic(pitea), topic(pitea, "nature")
    yield
    page.body.append(("paragraph", f'<p>Se <a linktype="page" id="{target.pk}">naturen</a>.</p>'))
    publish(page)
    return {"pitea": {key(page)}}


def page_title(pitea, boden, settings, tmp_path):
    page = topic(pitea)
    yield
    page.title = "Kultur i världsklass, året runt"
    publish(page)
    return {"pitea": {key(page)}}


def draft_only(pitea, boden, settings, tmp_path):
    """A draft is not published: nothing changes anywhere."""
    page = topic(pitea)
    yield
    page.intro = "Ett utkast som ingen ser än."
    page.save_revision()
    return {}


def view_restriction(pitea, boden, settings, tmp_path):
    """A page made private leaves the public site, and the links to it (Wagtail's reference index
    knows which pages hold one) go nowhere."""
    page = topic(pitea)
    yield
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    linking = Page.objects.filter(
        pk__in=[int(pk) for pk in ReferenceIndex.get_references_to(page).values_list("object_id", flat=True)]
    )
    return {"pitea": {key(page), *map(key, linking)}}


def image_credit(pitea, boden, settings, tmp_path):
    image = used_image(pitea)
    yield
    image.credit = "Foto: Piteå kommun"
    image.save()
    return {"pitea": {("image", image.pk)}}


def image_alt_text(pitea, boden, settings, tmp_path):
    image = used_image(pitea)
    yield
    ImageAltText.objects.update_or_create(image=image, language_code="de", defaults={"alt_text": "Ein Bild"})
    return {"pitea": {("image", image.pk)}}


def document_title(pitea, boden, settings, tmp_path):
    document = make_document(pitea.collection, "Välkomstfilm")
    page = topic(pitea)
    page.body.append(("video", {"title": "Välkommen", "video": document, "url": "", "transcript": "Hej."}))
    publish(page)
    yield
    document.title = "Välkomstfilm (textad)"
    document.save()
    return {"pitea": {("document", document.pk), key(page)}}  # the page's video block carries the file's title


def housing_field(pitea, boden, settings, tmp_path):
    from cms.housing.models import HousingListing

    listing = HousingListing.objects.filter(kommun=pitea, live=True).order_by("pk").first()
    yield
    listing.landlord = "Pitebo AB"
    publish(listing)
    return {"pitea": {("housing", listing.pk)}}


def housing_translation(pitea, boden, settings, tmp_path):
    """A translation row changed by code, not through its listing's form, is seen too."""
    from cms.housing.models import HousingListing, HousingListingTranslation

    listing = HousingListing.objects.filter(kommun=pitea, live=True).order_by("pk").first()
    yield
    HousingListingTranslation.objects.filter(listing=listing, language_code="sv").update(description="Nyrenoverad.")
    return {"pitea": {("housing", listing.pk)}}


def neighbourhood(pitea, boden, settings, tmp_path):
    from cms.housing.models import HousingListing, Neighbourhood

    hood = Neighbourhood.objects.filter(kommun=pitea, listings__live=True).order_by("pk").first()
    yield
    hood.nearest_school = "Solanderskolan"
    hood.save()
    listings = HousingListing.objects.filter(neighbourhood=hood, live=True).values_list("pk", flat=True)
    return {"pitea": {("housing", pk) for pk in listings}}


def neighbourhood_translation(pitea, boden, settings, tmp_path):
    from cms.housing.models import HousingListing, Neighbourhood, NeighbourhoodTranslation

    hood = Neighbourhood.objects.filter(kommun=pitea, listings__live=True).order_by("pk").first()
    yield
    NeighbourhoodTranslation.objects.filter(neighbourhood=hood, language_code="sv").update(nature="Skog och hav.")
    listings = HousingListing.objects.filter(neighbourhood=hood, live=True).values_list("pk", flat=True)
    return {"pitea": {("housing", pk) for pk in listings}}


def activity_translation(pitea, boden, settings, tmp_path):
    from cms.activities.models import Activity, ActivityTranslation

    activity = Activity.objects.filter(kommun=pitea, live=True, moderation_status="approved").order_by("pk").first()
    yield
    ActivityTranslation.objects.filter(activity=activity, language_code="sv").update(title="Språkcafé på biblioteket")
    return {"pitea": {("activities", activity.pk)}}


def activity_moderation(pitea, boden, settings, tmp_path):
    from cms.activities.models import Activity

    activity = Activity.objects.filter(kommun=pitea, live=True, moderation_status="approved").order_by("pk").first()
    yield
    activity.moderation_status, activity.rejection_reason = "rejected", "Dubblett."
    activity.save()
    return {"pitea": {("activities", activity.pk)}}


def job_field(pitea, boden, settings, tmp_path):
    from cms.jobs.models import Job

    job = Job.objects.filter(kommun=pitea, live=True).order_by("pk").first()
    yield
    job.employer = "Piteå Science Park"
    publish(job)
    return {"pitea": {("jobs", job.pk)}}


def driver_name(pitea, boden, settings, tmp_path):
    """A driver's Swedish name shows in the languages its name is not translated into."""
    driver = Driver.objects.order_by("pk").first()
    driver.translations.filter(language_code="fi").delete()
    yield
    driver.name = "Arbete och karriär"
    driver.save()
    return {"pitea": {("drivers",)}, "boden": {("drivers",)}}


def driver_translation(pitea, boden, settings, tmp_path):
    driver = Driver.objects.order_by("pk").first()
    yield
    DriverTranslation.objects.update_or_create(driver=driver, language_code="pl", defaults={"name": "Praca"})
    return {"pitea": {("drivers",)}, "boden": {("drivers",)}}


def shared_content(pitea, boden, settings, tmp_path):
    """The region's shared content shows on every kommun's site that places it."""
    from cms.region.models import SharedContent, SharedContentPage

    shared = SharedContent.objects.get(slug="moving-to-sweden-basics", locale__language_code="sv")
    yield
    shared.summary = "Det viktigaste om att flytta till Sverige."
    shared.save()
    publish(shared)
    return {
        slug: {
            key(page)
            for page in SharedContentPage.objects.descendant_of(kommun.site.root_page).filter(
                shared__translation_key=shared.translation_key
            )
        }
        for slug, kommun in (("pitea", pitea), ("boden", boden))
    }


def experiment_variant(pitea, boden, settings, tmp_path):
    experiment = make_experiment(pitea)
    yield
    variant = experiment.variants.get(sort_order=1)
    changes = variant.changes.raw_data
    changes[0]["value"]["headline"] = "Jobb först, nu på riktigt (sv)"
    variant.changes = changes
    variant.save()
    return {"pitea": {("experiment", str(pitea.site.root_page.translation_key))}}


def experiment_status(pitea, boden, settings, tmp_path):
    experiment = make_experiment(pitea)
    yield
    experiment.status = "paused"
    experiment.save()
    return {"pitea": {("experiment", str(pitea.site.root_page.translation_key))}}


def site_file(pitea, boden, settings, tmp_path):
    directory = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, directory)
    settings.SITES_DIR = directory
    site_configs.cache_clear()
    yield
    toml = directory / "pitea.toml"
    toml.write_text(toml.read_text().replace("all year round", "all year long"))
    site_configs.cache_clear()
    return {"pitea": {("config",)}}


def public_api_url(pitea, boden, settings, tmp_path):
    yield
    settings.PUBLIC_API_URL = "https://api.norrbotten.example"
    return {"pitea": {("api_url",)}, "boden": {("api_url",)}}


def page_translation_checked(pitea, boden, settings, tmp_path):
    """Piteå shows the "Swedish version updated" notice (sites/pitea.toml): a translator's "checked, still
    right" takes it off the translation, so the check is read by the export and moves the stamp."""
    from cms.translations.pages import mark_checked
    from tests.test_translations import translated_topic

    source, translation = translated_topic("pitea")
    publish(source)
    yield
    mark_checked(translation, None)
    return {"pitea": {key(source)}}


def translation_draft(pitea, boden, settings, tmp_path):
    """A translator's draft counts as work in the admin's matrix, but the live notice follows publishes only."""
    from tests.test_translations import translated_topic

    source, translation = translated_topic("pitea")
    publish(source)
    yield
    translation.title = "A draft nobody sees yet"
    translation.save_revision()
    return {}


def listing_translation_checked(pitea, boden, settings, tmp_path):
    from cms.housing.models import HousingListing, HousingListingTranslation
    from cms.translations.listings import mark_checked

    listing = HousingListing.objects.filter(kommun=pitea, live=True, translations__language_code="en").first()
    HousingListingTranslation.objects.filter(listing=listing, language_code="sv").update(description="Nymålad.")
    yield
    mark_checked(listing, "en", None)
    return {"pitea": {("housing", listing.pk)}}


EDITS = [
    page_field,
    stream_block,
    rich_text_link,
    page_title,
    draft_only,
    view_restriction,
    image_credit,
    image_alt_text,
    document_title,
    housing_field,
    housing_translation,
    neighbourhood,
    neighbourhood_translation,
    activity_translation,
    activity_moderation,
    job_field,
    driver_name,
    driver_translation,
    shared_content,
    experiment_variant,
    experiment_status,
    site_file,
    public_api_url,
    page_translation_checked,
    translation_draft,
    listing_translation_checked,
]


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_an_edit_changes_exactly_the_kommuner_and_records_that_show_it(edit, settings, tmp_path, request):
    request.addfinalizer(site_configs.cache_clear)
    both = kommuner()
    steps = edit(both["pitea"], both["boden"], settings, tmp_path)
    next(steps)
    inputs = nochange.inputs_digest()
    before = snapshot()
    with pytest.raises(StopIteration) as done:
        next(steps)
    expected = done.value.value
    after = snapshot()

    # A no-change build replays the steps recorded before: it sees every edit the stamp sees, but a
    # site file or a setting, which change what the steps were recorded from, and so are never replayed.
    recorded_from_elsewhere = edit in (site_file, public_api_url)
    assert (nochange.inputs_digest() != inputs) == recorded_from_elsewhere
    if not recorded_from_elsewhere:
        assert replayed(before) == {slug: after[slug][0] for slug in after}

    assert expected.keys() <= before.keys()
    rebuilt = {slug for slug in before if before[slug][0] != after[slug][0]}
    assert rebuilt == set(expected), "the build's stamp must change for exactly the kommuner that show the edit"
    for slug, wanted in expected.items():
        old, new = before[slug][1], after[slug][1]
        changed = {record for record in old.keys() | new.keys() if old.get(record) != new.get(record)}
        assert wanted and changed == wanted, slug
