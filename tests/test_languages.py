"""Language honesty: every text says which language it is in, search engines are offered a language
version only where the text is in that language, alt text is written per language, and a 404 answers
in the language of its folder.

Read from the demo kommuner's built sites (and the search service), as a visitor, a screen reader or
a crawler reads them."""

import json
import re
import shutil
import tomllib
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from cms import languages
from cms.sitebuild import pipeline

pytestmark = [pytest.mark.django_db, pytest.mark.build_output]
LANGUAGES = list(languages.CODES)  # Piteå publishes every language
NOTICE = 'class="notice" role="note"'
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class LanguageOfText(HTMLParser):
    """Each text of a page's body with the language it is marked in (the nearest `lang`), as a
    screen reader chooses its voice; also each image's alt text, with its element's language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts, self.alts, self.skip = [], [], [], 0

    def language(self):
        return next((lang for _tag, lang in reversed(self.stack) if lang), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.alts.append((attrs.get("alt"), attrs.get("lang") or self.language()))
        if tag in VOID:
            return
        self.stack.append((tag, attrs.get("lang")))
        self.skip += tag in ("script", "style", "head")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _lang = self.stack.pop()
            self.skip -= open_tag in ("script", "style", "head")
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append((" ".join(data.split()), self.language()))


def read_languages(html):
    parser = LanguageOfText()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def pitea(published_sites):
    return Path(published_sites[0]) / "public" / "pitea"


@pytest.fixture(scope="module")
def shown_in(django_db_blocker):
    """{language: {title: the language it really is in}} for every listing and page on Piteå's site
    in that language, from the export the site is built from."""
    from cms.base.models import Kommun
    from cms.export.kommun import export_kommun

    with django_db_blocker.unblock():
        export = export_kommun(Kommun.objects.get(slug="pitea"))
    texts = {}
    for language, data in export["languages_data"].items():
        found = texts.setdefault(language, {})
        for item in data["housing"] + data["activities"] + data["jobs"]:
            found.setdefault(item["title"], set()).add(item["text_language"])
        for page in data["pages"]:
            found.setdefault(page["title"], set()).add(page["text_language"])
    # a text that is also some item's own-language text (a name the same in both) proves nothing
    return {
        language: {text: codes.pop() for text, codes in found.items() if len(codes) == 1 and text}
        for language, found in texts.items()
    }


def read(path):
    return Path(path).read_text(encoding="utf-8")


def html_lang(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def head_links(html):
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="https://[^/"]+([^"]*)">', html))
    canonical = re.search(r'<link rel="canonical" href="https://[^/"]+([^"]*)">', html).group(1)
    return canonical, alternates


def page_at(site, url):
    return read(site / url.lstrip("/") / "index.html")


# --- 4. Fallback text is marked and announced ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["housing", "activities", "jobs"])
def test_a_listing_shown_in_a_fallback_language_says_so_like_a_page(pitea, kind):
    """The demo's listings are written in Swedish and English: on the German site each says, in German,
    that it is shown in English, and its title and text are marked English (the labels around stay German)."""
    listing = next((pitea / "de" / kind).glob("*/index.html"))
    html = read(listing)
    assert "Diese Seite ist noch nicht übersetzt. Hier sehen Sie sie auf Englisch." in html
    parsed = read_languages(html)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert (heading, "en") in parsed.texts
    back = re.search(rf'<nav class="breadcrumbs"[^>]*><a href="/de/{kind}/">(.*?)</a>', html).group(1)
    assert (back, "de") in parsed.texts, "the page's own words stay German"
    swedish = read(pitea / "sv" / kind / listing.parent.name / "index.html")
    assert NOTICE not in swedish


def test_every_fallback_text_on_every_page_is_marked_with_its_language(pitea, shown_in):
    """Wherever a title shown in another language appears in a page's body (cards on the home page, lists,
    search pages, detail pages, top picks, menus), a screen reader is told its real language."""
    wrong = []
    for language in [code for code in LANGUAGES if code not in ("sv", "en")]:
        fallbacks = {text: code for text, code in shown_in[language].items() if code != language}
        for path in sorted((pitea / language).rglob("index.html")):
            for text, marked in read_languages(read(path)).texts:
                if text in fallbacks and marked != fallbacks[text]:
                    wrong.append(f"{path.relative_to(pitea)}: “{text}” is {fallbacks[text]}, marked {marked}")
    assert any(code != "de" for code in shown_in["de"].values()), "the demo has no fallback text to check"
    assert wrong == [], "\n".join(wrong[:20])


def test_names_not_yet_translated_outside_pages_are_shown_marked(tmp_path, settings):
    """The home page's "What matters to you?" choices (region content) and the coordinator's title on the
    contact page (sites/<slug>.toml) fall back too, and say so."""
    from cms.base.models import Driver, DriverTranslation
    from cms.base.site_config import site_configs

    DriverTranslation.objects.filter(driver__slug="nature", language_code="de").delete()
    sites = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, sites)
    config = read(sites / "pitea.toml")
    (sites / "pitea.toml").write_text(
        re.sub(r"(\[coordinator\][^\[]*?)\ntitle\.de = [^\n]*", r"\1", config), encoding="utf-8"
    )
    settings.SITES_DIR = sites
    site_configs.cache_clear()
    try:
        assert "de" not in site_configs()["pitea"].coordinator.title
        assert not pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1).failed
        english_title = site_configs()["pitea"].coordinator.title["en"]
    finally:
        site_configs.cache_clear()
    home = read_languages(read(tmp_path / "public" / "pitea" / "de" / "index.html"))
    assert (Driver.objects.get(slug="nature").name, "sv") in home.texts
    assert (DriverTranslation.objects.get(driver__slug="family", language_code="de").name, "de") in home.texts
    about = read_languages(read(tmp_path / "public" / "pitea" / "de" / "about" / "index.html"))
    assert (english_title, "en") in about.texts


def test_result_cards_and_feeds_mark_fallback_titles(pitea, client):
    """The same marks where a title travels without its page: the static search index's cards, the search
    service's cards, and the Atom feeds' entries."""
    index = json.loads(read(pitea / "de" / "housing" / "index.json"))
    cards = [row[index["fields"].index("html")] for row in index["rows"]]
    hits = client.get("/api/search/housing", {"kommun": "pitea", "language": "de"}).json()["hits"]
    cards += [hit["html"] for hit in hits]
    assert len(cards) > len(index["rows"]) > 10
    for card in cards:
        title = re.search(r"<h2><a [^>]*>(.*?)</a></h2>", card).group(1)
        assert read_languages(card).texts[0] == (title, "en"), card
    for feed in ("activities", "stories"):
        entries = re.findall(r"<entry[^>]*>", read(pitea / "de" / feed / "feed.atom"))
        assert entries and all(entry == '<entry xml:lang="en">' for entry in entries), feed


def test_calendars_say_which_language_a_fallback_text_is_in(pitea):
    """A calendar app shows an activity's title and text as written: in the German calendar they are
    English, and say so (RFC 5545's LANGUAGE parameter); the Swedish calendar's are Swedish."""
    from icalendar import Calendar

    for language, written_in in (("de", "en"), ("sv", "sv")):
        paths = [pitea / language / "activities" / "calendar.ics", *(pitea / language / "activities").glob("*.ics")]
        for path in paths:
            events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
            assert events, path
            for event in events:
                for name in ("SUMMARY", "DESCRIPTION"):
                    assert event[name].params.get("LANGUAGE") == written_in, (path.name, name, event[name])


# --- 5. hreflang and the sitemap: only real language versions -----------------------------------------


def test_search_engines_are_offered_a_language_only_where_the_text_is_in_it(pitea):
    pages = {"/" + str(p.relative_to(pitea)).removesuffix("index.html"): read(p) for p in pitea.glob("*/**/index.html")}
    fallbacks = {url for url, html in pages.items() if NOTICE in html}
    listing = next(p for p in (pitea / "pl" / "housing").iterdir() if p.is_dir())
    assert "/de/nature/" in fallbacks and f"/pl/housing/{listing.name}/" in fallbacks
    checked = 0
    for url, html in pages.items():
        canonical, alternates = head_links(html)
        if url in fallbacks:
            # a fallback points search engines to the version in its text's language, and advertises nothing
            assert alternates == {}, url
            assert canonical != url and canonical not in fallbacks and canonical in pages, (url, canonical)
            continue
        assert canonical == url
        for code, href in alternates.items():
            if code == "x-default":
                continue
            assert href not in fallbacks, f"{url} offers {href} as {code}, but its text is not in {code}"
            assert html_lang(pages[href]) == code
            assert head_links(pages[href])[1] == alternates, f"{href} and {url} do not offer the same versions"
            checked += 1
    assert checked > 500


def test_the_sitemap_lists_only_real_language_versions(pitea):
    sitemap = read(pitea / "sitemap.xml")
    origin = "https://move.pitea.se"
    listed = re.findall(r"<loc>" + re.escape(origin) + r"([^<]*)</loc>", sitemap)
    offered = re.findall(r'hreflang="([a-z]{2})" href="' + re.escape(origin) + r'([^"]*)"', sitemap)
    for url in listed + [href for _code, href in offered]:
        if url == "/" or url.endswith(".html"):
            continue
        assert NOTICE not in page_at(pitea, url), f"the sitemap lists {url}, whose text is in another language"
    for code, href in offered:
        if href != "/":
            assert html_lang(page_at(pitea, href)) == code
    assert "/de/nature/" not in listed and "/en/nature/" in listed and "/sv/nature/" in listed


# --- 6. Alt text per language -------------------------------------------------------------------------


def illustration_alt_texts(language, place="Piteå"):
    common = tomllib.loads((Path(settings.DEMO_CONTENT_DIR) / "common.toml").read_text(encoding="utf-8"))
    return {texts[language].format(place=place) for texts in common["illustrations"].values()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_images_are_described_in_the_pages_language(pitea, language):
    alts = []
    for path in [pitea / language / "index.html", pitea / language / "nature" / "index.html"]:
        alts += read_languages(read(path)).alts
    alts = [(alt, lang) for alt, lang in alts if alt and alt != "Piteå"]  # the logo is the kommun's name
    assert alts and all(alt in illustration_alt_texts(language) for alt, _lang in alts), alts
    assert {lang for _alt, lang in alts} == {language}


def test_an_editor_writes_alt_text_per_language_and_a_missing_one_falls_back_marked(editor_client, tmp_path, kommun):
    from cms.base.models import CustomImage

    image = CustomImage.objects.get(title="Piteå: summer (demo illustration)")
    client = editor_client("pitea")
    url = f"/admin/images/{image.pk}/"
    form = client.get(url).content.decode()
    german = image.alt_text_in(["de"])[0]
    assert german in illustration_alt_texts("de")
    assert f'name="alt_text_de" value="{escape(german)}"' in form
    data = {
        "title": image.title,
        "collection": image.collection_id,
        "description": image.description,
        "tags": "",
        "focal_point_x": "",
        "focal_point_y": "",
        "focal_point_width": "",
        "focal_point_height": "",
    }
    for code in [code for code in LANGUAGES if code not in ("sv", "de")]:  # Swedish is the description
        data[f"alt_text_{code}"] = image.alt_text_in([code])[0]
    data["alt_text_de"] = ""  # not translated yet
    data["alt_text_nl"] = "Illustratie: een zomerse dag aan het meer, Piteå"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert not report.failed
    site = tmp_path / "public" / "pitea"
    english = image.alt_text_in(["en"])[0]
    german_page = read(site / "de" / "nature" / "index.html")
    pictures = re.findall(r"<picture[^>]*>.*?</picture>", german_page, re.S)
    summer = [p for p in pictures if f'alt="{english}"' in p]
    assert summer and all(p.startswith('<picture lang="en">') for p in summer)
    assert (english, "en") in read_languages(german_page).alts
    assert 'alt="Illustratie: een zomerse dag aan het meer, Piteå"' in read(site / "nl" / "nature" / "index.html")


# --- 7. 404 in the folder's language ------------------------------------------------------------------


@pytest.fixture
def served(published_sites, settings):
    """`build.py --serve`'s own views over the published sites."""
    from cms.sitebuild import serve

    original = serve.PUBLIC
    serve.PUBLIC = Path(published_sites[0]) / "public"
    settings.ROOT_URLCONF = "cms.sitebuild.serve"
    yield
    serve.PUBLIC = original


@pytest.mark.parametrize(
    "path, language, heading",
    [
        ("/de/nothing", "de", "Seite nicht gefunden"),
        ("/de/nothing/", "de", "Seite nicht gefunden"),
        ("/pl/housing/999999/", "pl", "Nie znaleziono strony"),
        ("/fi", "fi", "Sivua ei löytynyt"),
        ("/en/x.html", "en", "Page not found"),
        ("/sv/nothing", "sv", "Sidan hittades inte"),
    ],
)
def test_a_missing_page_in_a_language_folder_answers_in_that_language(served, client, path, language, heading):
    response = client.get(path, HTTP_HOST="pitea.localhost")
    html = response.content.decode()
    assert response.status_code == 404
    assert html_lang(html) == language and f">{heading}</h1>" in html


def test_an_unknown_language_folder_answers_in_every_language_of_the_site(served, client):
    response = client.get("/uk/", HTTP_HOST="pitea.localhost")
    html = response.content.decode()
    assert response.status_code == 404
    headings = {
        "sv": "Sidan hittades inte",
        "en": "Page not found",
        "de": "Seite nicht gefunden",
        "nl": "Pagina niet gevonden",
        "pl": "Nie znaleziono strony",
        "fi": "Sivua ei löytynyt",
    }
    parsed = read_languages(html)
    for code, heading in headings.items():
        assert (heading, code) in parsed.texts, code
        assert re.search(rf'<a href="/{code}/" lang="{code}" hreflang="{code}">', html), code
