"""The language registry (cms/languages.py): a language is one entry plus its catalog.

Arabic is added here the way the registry's docstring tells a maintainer to add a language: one
`Language` entry, a catalog in the theme, the code listed in a site file, `sync_kommuner`. The
built site then speaks it right-to-left, search indexes and answers in it, and the site file
validates; a language whose catalog is missing is named, with its file, by `manage.py check`.
"""

import dataclasses
import re
import shutil
import sys

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cms import languages
from cms.base import checks
from cms.base.exceptions import ConfigurationError
from cms.base.site_config import load_site, site_configs
from cms.sitebuild import pipeline
from cms.theme.i18n import catalog_path

ARABIC = languages.Language("ar", "العربية", "ar", direction="rtl", stemmer="arabic")
NORTH_SAMI = languages.Language("se", "Davvisámegiella", "se_SE", fallbacks=("sv", "en"))
#: The test's Arabic catalog translates these; every other msgstr repeats its msgid (the build only
#: asks that none is empty).
ARABIC_STRINGS = {"Skip to content": "انتقل إلى المحتوى", "Languages": "اللغات"}


@pytest.fixture
def theme_copy(tmp_path, monkeypatch):
    """The theme copied, and every module that names the theme's folder pointed at the copy, so a
    test adds a catalog without touching the repository's theme."""
    from cms import theme

    original = theme.THEME_DIR
    copy = tmp_path / "theme"
    shutil.copytree(original, copy)
    for name, module in list(sys.modules.items()):
        if name.startswith("cms.") and getattr(module, "THEME_DIR", None) == original:
            monkeypatch.setattr(module, "THEME_DIR", copy)
    theme.environment.cache_clear()
    yield copy
    theme.environment.cache_clear()


def add_language(monkeypatch, settings, language):
    """Step 1 of cms/languages.py's recipe, for this test only: the entry, and the settings read from it."""
    monkeypatch.setitem(languages.REGISTRY, language.code, language)
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = languages.django_languages()


def write_arabic_catalog(theme):
    """Step 2: the catalog, with every message of the Swedish one (Arabic has six plural forms)."""
    with open(catalog_path(theme, "sv"), "rb") as handle:
        swedish = read_po(handle)
    arabic = Catalog(locale="ar")
    for message in swedish:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string = (message.id[0],) + (message.id[1],) * (arabic.num_plurals - 1)
        else:
            string = ARABIC_STRINGS.get(message.id, message.id)
        arabic.add(message.id, string, flags=message.flags - {"fuzzy"})
    path = catalog_path(theme, "ar")
    path.parent.mkdir(parents=True)
    with open(path, "wb") as handle:
        write_po(handle, arabic)


def publish_in(sites, slug, code, tagline):
    """Step 3: the site file lists the language (with its tagline, which every site language needs)."""
    path = sites / f"{slug}.toml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^languages = \[(.*)\]$", rf'languages = [\1, "{code}"]', text, count=1, flags=re.M)
    text = text.replace("tagline.sv =", f'tagline.{code} = "{tagline}"\ntagline.sv =', 1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def sites_copy(tmp_path, settings):
    sites = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, sites)
    settings.SITES_DIR = sites
    site_configs.cache_clear()
    yield sites
    site_configs.cache_clear()


def read(path):
    return path.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_a_right_to_left_language_added_in_one_entry_is_built_searched_and_validated(
    tmp_path, monkeypatch, settings, theme_copy, sites_copy, client
):
    add_language(monkeypatch, settings, ARABIC)
    write_arabic_catalog(theme_copy)
    publish_in(sites_copy, "pitea", "ar", "مدينة الصيف على البحر")
    assert load_site(sites_copy / "pitea.toml").languages[-1] == "ar"  # site config validation accepts it
    # Step 3 half done (sync_kommuner not run): the build names what is missing, it raises no KeyError.
    early = pipeline.run(tmp_path / "early", kommuner=["pitea"], publish=True, jobs=1)
    assert [problem.split(" Fix it at")[0] for problem in early.failed[0].problems] == [
        "The ar home page of Piteå: translation: does not exist, although sites/pitea.toml lists the language."
    ]
    call_command("sync_kommuner", verbosity=0)

    report = pipeline.run(tmp_path / "out", kommuner=["pitea"], publish=True, jobs=1)

    assert not report.failed, [r.problems for r in report.failed]
    site = tmp_path / "out" / "public" / "pitea"
    arabic_home = read(site / "ar" / "index.html")
    assert '<html lang="ar" dir="rtl">' in arabic_home
    assert ARABIC_STRINGS["Skip to content"] in arabic_home  # its catalog, not English
    for code in [code for code in languages.CODES if code != "ar"]:
        page = read(site / code / "index.html")
        assert f'<html lang="{code}" dir="ltr">' in page
        # The switcher names Arabic in Arabic, right-to-left inside a left-to-right page (no hreflang:
        # the Arabic home page is not translated yet, so search engines are not offered it).
        assert '<a href="/ar/" lang="ar" dir="rtl">العربية</a>' in page
    # Text shown in a fallback language inside the Arabic site keeps its own direction.
    nature = read(site / "ar" / "nature" / "index.html")
    assert '<article lang="en" dir="ltr">' in nature and '<title lang="en" dir="ltr">' in nature
    assert '<a href="/sv/" lang="sv" dir="ltr">Svenska</a>' in arabic_home

    # Search indexed the Arabic site's listings after publishing, and answers in Arabic.
    response = client.get("/api/search/housing?kommun=pitea&language=ar")
    assert response.status_code == 200, response.content
    hits = response.json()["hits"]
    assert hits and all(hit["url"].startswith("https://move.pitea.se/ar/housing/") for hit in hits)
    word = next(w for w in re.findall(r"\w{5,}", hits[0]["title"]) if not w.isdigit())
    searched = client.get(f"/api/search/housing?kommun=pitea&language=ar&q={word}").json()
    assert hits[0]["id"] in {hit["id"] for hit in searched["hits"]}


@pytest.mark.django_db
def test_a_language_without_its_catalog_is_named_with_the_file_to_add(monkeypatch, settings, theme_copy):
    add_language(monkeypatch, settings, NORTH_SAMI)

    missing = (
        f"The language se (Davvisámegiella) has no interface catalog: {catalog_path(theme_copy, 'se')} is missing."
    )
    with pytest.raises(SystemCheckError, match=re.escape(missing)):
        call_command("check")
    assert [error.msg for error in checks.languages(None)] == [missing]  # and nothing else is wrong with it


def test_an_unknown_language_is_a_sentence_naming_the_registry_not_a_key_error(sites_copy):
    from cms.theme.i18n import formatters

    with pytest.raises(languages.UnknownLanguage, match=r"'se' is not a language .* cms/languages.py"):
        formatters("se")
    publish_in(sites_copy, "pitea", "se", "Mearragáddi gávpot")
    with pytest.raises(ConfigurationError, match=r"pitea.toml is invalid: languages: unknown language code\(s\) se"):
        load_site(sites_copy / "pitea.toml")


def test_a_language_snowball_cannot_stem_is_searched_as_written_and_known_to_django(monkeypatch, settings):
    from django.conf.locale import LANG_INFO
    from django.utils.translation import get_language_info

    from cms.search.text import terms

    add_language(monkeypatch, settings, NORTH_SAMI)
    monkeypatch.setattr("django.conf.locale.LANG_INFO", {**LANG_INFO, **languages.django_language_info()})

    assert terms("Sámegielat gávpogiin", "se") == ["sámegielat", "gávpogiin"]
    assert terms("Städerna", "sv") == ["städ"]  # a language with a stemmer is stemmed
    assert get_language_info("se")["name_local"] == "Davvisámegiella"
    assert not get_language_info("se")["bidi"] and get_language_info("ar")["bidi"]
    assert languages.fallback_chain("se") == ["se", "sv", "en"]
    assert languages.fallback_chain("de") == ["de", "en", "sv"]


def test_editing_a_language_rebuilds_the_pages_that_show_it(monkeypatch):
    """Its direction or name is printed by the templates from the registry, not from the export: the
    build's record of what it rendered from (the theme hash) must change with it, or a stale site stays up."""
    before = pipeline.theme_hash()
    monkeypatch.setitem(languages.REGISTRY, "fi", dataclasses.replace(languages.REGISTRY["fi"], name="Suomen kieli"))

    assert pipeline.theme_hash() != before
