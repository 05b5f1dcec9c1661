"""Out-of-date translations and the translation matrix, through the real admin (Django's test client).

A translation is out of date when its Swedish original changed after the translation was
last saved: the matrix says so in that language's cell, the cell leads to what changed in
Swedish (Wagtail's revision comparison for pages, a comparison of the Swedish fields for
listings), and it stays out of date until a translator saves the translation or marks it
"checked, still right", which records who and when.
"""

import re

import pytest
from django.urls import reverse

from cms.base.site_config import site_config
from cms.housing.models import HousingListing
from cms.translations.models import ListingTranslationBaseline, PageTranslationCheck

pytestmark = pytest.mark.django_db
ADDRESS = "Översättargatan 7"


def inline(prefix, rows):
    """Wagtail's inline formset data for `rows` (each a dict, with "id" for a row that exists)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data.update({f"{prefix}-{number}-{key}": value for key, value in row.items()})
        data[f"{prefix}-{number}-ORDER"] = str(number + 1)
        data[f"{prefix}-{number}-DELETE"] = ""
    return data


def housing_form(kommun, rows):
    return {
        "kommun": str(kommun.pk),
        "address": ADDRESS,
        "latitude": "65.32",
        "longitude": "21.48",
        "tenure": "rental",
        "rooms": "3",
        "living_area_m2": "74",
        "monthly_rent_sek": "8200",
        "landlord": "Pitebo",
        "images-count": "0",
        "action-publish": "action-publish",
        **inline("translations", rows),
    }


def publish_housing(client, kommun, sv, en, listing=None):
    """Add (or edit) a home through the admin's form with a Swedish and an English description, and publish it."""
    ids = {}
    if listing is not None:
        ids = {row.language_code: str(row.pk) for row in listing.translations.all()}
    rows = [
        {"id": ids.get("sv", ""), "language_code": "sv", "title": "", "description": sv},
        {"id": ids.get("en", ""), "language_code": "en", "title": "", "description": en},
    ]
    viewset = HousingListing.snippet_viewset
    if listing is None:
        url = reverse(viewset.get_url_name("add"))
    else:
        url = reverse(viewset.get_url_name("edit"), args=[listing.pk])
    response = client.post(url, housing_form(kommun, rows))
    assert response.status_code == 302, response.content.decode()[-3000:]
    return HousingListing.objects.get(kommun=kommun, address=ADDRESS)


def matrix_row(html, title):
    """The states of one row of the matrix, by language column: {"EN": "Translated", ...}."""
    html = html[html.index('class="listing nb-translations-matrix"') :]
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    languages = re.findall(r'<th scope="col" lang="[^"]+">(\w+)</th>', head)
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        if f">{title}</a>" in row:
            cells = re.findall(r'<a class="nb-cell nb-cell--\w+" href="([^"]+)">([^<]+)</a>', row)
            return {code: (label.strip(), href) for code, (href, label) in zip(languages, cells, strict=True)}
    raise AssertionError(f"no row {title!r} in the matrix")


def states(client, title, kommun="pitea"):
    html = client.get(reverse("translations:matrix"), {"kommun": kommun}).content.decode()
    return {code: label for code, (label, _href) in matrix_row(html, title).items()}


def test_a_listing_goes_out_of_date_when_only_its_swedish_changes(editor_client, kommun):
    client = editor_client("pitea")
    pitea = kommun("pitea")
    listing = publish_housing(client, pitea, "Ljus trea nära havet.", "Bright three-room flat by the sea.")
    title = str(listing)
    languages = [code.upper() for code in site_config("pitea").languages if code != "sv"]
    assert list(states(client, title)) == languages
    assert states(client, title)["EN"] == "Translated"
    assert states(client, title)["DE"] == "Missing"

    listing = publish_housing(
        client, pitea, "Ljus trea nära havet, nyrenoverad.", "Bright three-room flat by the sea.", listing
    )
    assert states(client, title)["EN"] == "Out of date"
    assert states(client, title)["DE"] == "Missing"

    # The English translator saves a new text: up to date again.
    publish_housing(
        client, pitea, "Ljus trea nära havet, nyrenoverad.", "Bright, newly renovated flat by the sea.", listing
    )
    assert states(client, title)["EN"] == "Translated"


def test_the_translator_sees_the_swedish_changes_and_marks_the_translation_checked(
    editor_client, kommun, django_user_model
):
    client = editor_client("pitea")
    pitea = kommun("pitea")
    listing = publish_housing(client, pitea, "Trea med balkong.", "Three rooms with a balcony.")
    listing = publish_housing(client, pitea, "Trea med inglasad balkong.", "Three rooms with a balcony.", listing)
    html = client.get(reverse("translations:matrix"), {"kommun": "pitea"}).content.decode()
    label, href = matrix_row(html, str(listing))["EN"]
    assert label == "Out of date"

    changes = client.get(href).content.decode()
    assert "Trea med" in changes and "inglasad" in changes  # Wagtail's comparison marks the added word
    assert re.search(r'<span class="addition">\s*inglasad', changes), changes[-4000:]
    assert "Checked, still right" in changes

    assert client.post(href, {"next": reverse("translations:matrix") + "?kommun=pitea"}).status_code == 302
    assert states(client, str(listing))["EN"] == "Translated"
    baseline = ListingTranslationBaseline.objects.get(object_id=listing.pk, language_code="en")
    assert baseline.checked_by == django_user_model.objects.get(username="editor-pitea")
    assert baseline.checked_at is not None

    # A later Swedish change makes it out of date again.
    publish_housing(client, pitea, "Trea med stor inglasad balkong.", "Three rooms with a balcony.", listing)
    assert states(client, str(listing))["EN"] == "Out of date"


def translated_topic(slug="pitea"):
    """A Swedish page of the kommun with a real (not alias) English translation, and that translation."""
    from wagtail.models import Locale, Page

    from cms.base.models import Kommun

    home = Kommun.objects.get(slug=slug).site.root_page
    english = Locale.objects.get(language_code="en")
    for source in Page.objects.descendant_of(home).filter(depth=home.depth + 1, live=True).specific():
        translation = source.get_translation_or_none(english)
        if translation is not None and translation.alias_of_id is None and translation.live:
            return source, translation.specific
    raise AssertionError("the demo has no translated page")


def test_a_page_goes_out_of_date_when_its_swedish_is_published_and_wagtail_shows_the_changes(
    editor_client, django_user_model
):
    client = editor_client("pitea")
    source, translation = translated_topic()
    assert states(client, source.title)["EN"] == "Translated"

    editor = django_user_model.objects.get(username="editor-pitea")
    source.title = f"{source.title} (uppdaterad)"
    source.save_revision(user=editor).publish(user=editor)  # what the admin's Publish does
    html = client.get(reverse("translations:matrix"), {"kommun": "pitea"}).content.decode()
    label, href = matrix_row(html, source.title)["EN"]
    assert label == "Out of date"
    assert href == reverse("translations:page", args=[translation.pk])

    editing = client.get(reverse("wagtailadmin_pages:edit", args=[translation.pk])).content.decode()
    assert "The Swedish original has changed since this translation" in editing and href in editing

    view = client.get(href).content.decode()
    compare = re.search(r'href="([^"]*/revisions/compare/[^"]+)"', view).group(1)
    diff = client.get(compare.replace("&amp;", "&")).content.decode()
    assert "uppdaterad" in diff and 'class="addition"' in diff

    client.post(href, {"next": reverse("translations:matrix")})
    assert states(client, source.title)["EN"] == "Translated"
    check = PageTranslationCheck.objects.get(page=translation)
    assert check.checked_by == editor


def test_saving_the_translation_makes_a_page_up_to_date(editor_client, django_user_model):
    client = editor_client("pitea")
    source, translation = translated_topic()
    editor = django_user_model.objects.get(username="editor-pitea")
    source.save_revision(user=editor).publish(user=editor)
    assert states(client, source.title)["EN"] == "Out of date"
    translation.save_revision(user=editor)  # the translator saves a draft of the English page
    assert states(client, source.title)["EN"] == "Translated"


def test_an_erased_listing_leaves_no_copy_of_its_text(editor_client, kommun):
    client = editor_client("pitea")
    listing = publish_housing(client, kommun("pitea"), "Etta nära torget.", "A studio near the square.")
    assert ListingTranslationBaseline.objects.filter(object_id=listing.pk).exists()
    delete = reverse(HousingListing.snippet_viewset.get_url_name("delete"), args=[listing.pk])
    assert client.post(delete).status_code == 302
    assert not HousingListing.objects.filter(pk=listing.pk).exists()
    assert not ListingTranslationBaseline.objects.filter(source_text__icontains="Etta nära torget").exists()
    assert not ListingTranslationBaseline.objects.filter(translated_text__icontains="A studio").exists()
