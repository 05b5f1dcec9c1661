"""The demo loader: everything the microsites need, loaded once, and all-or-nothing."""

import shutil

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Page

from cms import languages
from cms.activities.models import Activity
from cms.guide.models import GuidePhasePage
from cms.home.models import HomePage
from cms.housing.models import HousingListing
from cms.jobs.models import Job
from cms.stories.models import StoryPage
from cms.topics.models import TopicPage
from tests.conftest import DEMO_KOMMUNER

pytestmark = pytest.mark.django_db
ALL_LANGUAGES = list(languages.CODES)  # the demo is written in every language


def real_pages(model, home, language):
    """Pages of `model` in one kommun's tree in one language that are translations, not aliases."""
    root = home.get_translation(Locale.objects.get(language_code=language))
    return model.objects.descendant_of(root, inclusive=True).filter(alias_of__isnull=True, live=True)


@pytest.mark.parametrize("slug", DEMO_KOMMUNER)
def test_each_kommun_has_its_pages_and_listings(kommun, slug):
    k = kommun(slug)
    home = k.site.root_page
    for language in ["sv", "en"]:
        assert real_pages(HomePage, home, language).count() == 1
        assert real_pages(TopicPage, home, language).count() >= 5
        assert real_pages(StoryPage, home, language).count() >= 2
        assert real_pages(GuidePhasePage, home, language).count() == 6
    for language in ALL_LANGUAGES:
        assert real_pages(HomePage, home, language).count() == 1, language
        assert real_pages(GuidePhasePage, home, language).count() == 6, language
    demo = {"kommun": k, "source": "demo", "live": True}
    assert HousingListing.objects.filter(**demo).count() >= 20
    assert Activity.objects.filter(**demo).count() >= 15
    assert Job.objects.filter(**demo).count() >= 10


def test_language_trees_have_the_same_shape(kommun):
    home = kommun("pitea").site.root_page
    sizes = {
        language: Page.objects.descendant_of(
            home.get_translation(Locale.objects.get(language_code=language)), inclusive=True
        ).count()
        for language in ALL_LANGUAGES
    }
    assert len(set(sizes.values())) == 1, sizes


def test_untranslated_pages_are_aliases_of_the_swedish_page(kommun):
    home = kommun("pitea").site.root_page
    german_topics = TopicPage.objects.descendant_of(home.get_translation(Locale.objects.get(language_code="de")))
    assert german_topics.exists()
    assert all(page.alias_of_id for page in german_topics)


def test_every_site_and_editor_exists(django_user_model):
    from cms.base.models import Kommun

    assert Kommun.objects.count() == 14
    assert {s.site.hostname for s in Kommun.objects.select_related("site")} == {
        f"{slug}.localhost" for slug in Kommun.objects.values_list("slug", flat=True)
    }
    assert django_user_model.objects.get(username="admin").is_superuser
    for kommun in Kommun.objects.all():
        editor = django_user_model.objects.get(username=f"editor-{kommun.slug}")
        assert not editor.is_superuser
        assert list(editor.groups.all()) == [kommun.editors_group]


@pytest.mark.parametrize("username", ["admin", "editor-pitea", "editor-boden", "editor-lulea"])
def test_each_demo_account_logs_in_to_the_admin_with_the_demo_password(client, username):
    login = client.post("/admin/login/", {"username": username, "password": "demo"})
    assert login.status_code == 302, login.content.decode()[:2000]
    assert client.get("/admin/").status_code == 200


def test_a_wrong_password_does_not_open_a_demo_account(client):
    login = client.post("/admin/login/", {"username": "editor-pitea", "password": "demo-not"})
    assert login.status_code == 200
    assert client.get("/admin/").status_code == 302  # still sent to the login form


def test_a_second_load_changes_nothing(capsys):
    before = (Page.objects.count(), HousingListing.objects.count(), Activity.objects.count(), Job.objects.count())
    call_command("load_demo", *[f"--kommun={slug}" for slug in DEMO_KOMMUNER])
    after = (Page.objects.count(), HousingListing.objects.count(), Activity.objects.count(), Job.objects.count())
    assert after == before
    assert "nothing changed" in capsys.readouterr().out


def test_a_broken_record_is_named_and_nothing_is_loaded(tmp_path, settings, kommun):
    demo = tmp_path / "demo"
    shutil.copytree(settings.DEMO_CONTENT_DIR, demo)
    path = demo / "kommuner" / "kalix.toml"
    text = path.read_text(encoding="utf-8")
    # Make the third activity end before it starts.
    marker = "[[activities]]"
    parts = text.split(marker)
    parts[3] = parts[3].replace('end = "', 'end = "2020-01-01T00:00" # was "', 1)
    path.write_text(marker.join(parts), encoding="utf-8")
    settings.DEMO_CONTENT_DIR = demo
    pages_before = Page.objects.count()

    with pytest.raises(CommandError) as caught:
        call_command("load_demo", "--kommun=kalix", verbosity=0)

    message = str(caught.value)
    assert "kalix.toml" in message and "activities[2]" in message and "end must be after start" in message
    assert "Nothing was loaded" in message
    assert Page.objects.count() == pages_before
    assert not HousingListing.objects.filter(kommun=kommun("kalix")).exists()


def test_a_record_the_database_refuses_rolls_back_everything(tmp_path, settings, kommun):
    """A record that passes the file schema but fails the model's validation stops the load."""
    demo = tmp_path / "demo"
    shutil.copytree(settings.DEMO_CONTENT_DIR, demo)
    path = demo / "kommuner" / "kalix.toml"
    text = path.read_text(encoding="utf-8")
    parts = text.split("[[jobs]]")
    parts[-1] = parts[-1].replace('employer = "', 'employer = "' + "x" * 200, 1)
    path.write_text("[[jobs]]".join(parts), encoding="utf-8")
    settings.DEMO_CONTENT_DIR = demo
    pages_before = Page.objects.count()

    with pytest.raises(CommandError, match=r"kalix\.toml jobs \(.*\) is invalid: employer"):
        call_command("load_demo", "--kommun=kalix", verbosity=0)

    assert Page.objects.count() == pages_before
    assert not Activity.objects.filter(kommun=kommun("kalix")).exists()


def test_the_larger_kommuner_look_like_a_real_deployment_and_the_small_ones_in_proportion():
    """At least 40 homes, 30 activities and 25 jobs in each of the five most populous kommuner,
    fewer in the small ones, never more in a smaller kommun than in a larger one."""
    from cms.base.demo.generated import sizes
    from cms.base.site_config import load_all_sites

    configs = load_all_sites()
    size = sizes(configs)
    by_population = sorted(configs, key=lambda slug: configs[slug].facts.population, reverse=True)
    for slug in by_population[:5]:
        assert size[slug] == {"homes": 40, "activities": 30, "jobs": 25}, slug
    assert size["arjeplog"]["homes"] < size["kalix"]["homes"] < size["lulea"]["homes"]
    for kind in ("homes", "activities", "jobs"):
        counts = [size[slug][kind] for slug in by_population]
        assert counts == sorted(counts, reverse=True), kind


@pytest.mark.parametrize("slug", DEMO_KOMMUNER)
def test_the_demo_loads_a_deployments_worth_of_listings(kommun, slug):
    """Piteå and Boden are among the larger kommuner: their sites are full, not a wireframe."""
    k = kommun(slug)
    demo = {"kommun": k, "source": "demo", "live": True}
    assert HousingListing.objects.filter(**demo).count() >= 40
    assert Activity.objects.filter(**demo).count() >= 30
    assert Job.objects.filter(**demo).count() >= 25
    titles = set(Job.objects.filter(**demo).values_list("translations__title", flat=True))
    assert len(titles) >= 2 * 25 - 5  # varied ads in Swedish and English, not one ad repeated


def test_the_demo_illustrations_are_deterministic_varied_and_in_each_kommuns_colours():
    """Drawn by the project: the same kommun and scene give the same bytes; scenes and kommuner differ."""
    import io

    from PIL import Image

    from cms.base.demo.illustrations import SCENES, SIZE, Place, draw_scene
    from cms.base.site_config import load_all_sites

    configs = load_all_sites()
    lulea, kiruna = Place.from_config(configs["lulea"]), Place.from_config(configs["kiruna"])
    assert draw_scene("town", "lulea", lulea) == draw_scene("town", "lulea", lulea)
    assert draw_scene("town", "lulea", lulea) != draw_scene("town", "kiruna", kiruna)
    pictures = {scene: Image.open(io.BytesIO(draw_scene(scene, "lulea", lulea))) for scene in SCENES}
    assert all(picture.size == SIZE for picture in pictures.values())
    assert len({picture.tobytes() for picture in pictures.values()}) == len(SCENES)
    assert kiruna.relief > lulea.relief and lulea.coastal and not kiruna.coastal
    # Anti-aliased: an edge between two flat colours has pixels in between (drawn at 2x and halved).
    town = pictures["town"].convert("RGB")
    assert len(town.crop((0, 500, SIZE[0], 700)).getcolors(1 << 20)) > 500


def test_a_demo_listing_is_published_as_an_editors_would_be():
    """Listings are loaded in bulk (cms/base/demo/bulk.py), yet each has what saving and publishing
    it in the admin leaves: its revision live and latest, a "published" entry in its kommun's log,
    and the Swedish text each translation was saved against."""
    from django.contrib.contenttypes.models import ContentType

    from cms.base.models.audit_log import KommunLogEntry
    from cms.translations.models import ListingTranslationBaseline

    for model in (HousingListing, Activity, Job):
        listing = model.objects.filter(source="demo", kommun__slug="pitea").order_by("pk").last()
        assert listing.live and not listing.has_unpublished_changes and listing.first_published_at
        assert listing.latest_revision_id == listing.live_revision_id
        published = listing.live_revision.as_object()
        assert published.text("en", "title") == listing.text("en", "title")
        assert published.kommun_id == listing.kommun_id
        log = KommunLogEntry.objects.get(
            content_type=ContentType.objects.get_for_model(model), object_id=str(listing.pk)
        )
        assert (log.action, log.kommun_id, log.revision_id) == (
            "wagtail.publish",
            listing.kommun_id,
            listing.live_revision_id,
        )
        assert ListingTranslationBaseline.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=listing.pk, language_code="en"
        ).exists()
