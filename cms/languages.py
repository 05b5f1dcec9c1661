"""The languages the microsites can be published in: one entry each, read by everything else.

Django's and Wagtail's language settings (`cms/settings/base.py`), the validation of
`sites/<slug>.toml`, search (its stemmers, the languages it indexes and accepts), the
theme (Babel formats, language names, `<html lang dir>`) and the build's fallbacks all
read this registry, so a language is declared once.

How to add a language (North Sami, Lule Sami and Meänkieli are the next ones):

1. Add one `Language` to `REGISTRY` below. The next three would read::

       Language("se", "Davvisámegiella", "se_SE", fallbacks=("sv", "en")),  # North Sami
       Language("smj", "Julevsámegiella", "smj_SE", fallbacks=("sv", "en")),  # Lule Sami
       Language("fit", "Meänkieli", "fi_FI", fallbacks=("fi", "sv")),

   `babel_locale` is a locale Babel has data for (`python -c "import babel; babel.Locale.parse('smj_SE')"`);
   Babel has none for Meänkieli, so it borrows Finnish month and day names, the closest it has.
   `fallbacks` are the languages a visitor reads best when a page is not yet translated (a
   Meänkieli reader: Finnish, then Swedish). `stemmer` is a Snowball algorithm name
   (`snowballstemmer.algorithms()`); Snowball has none for the Sami languages or Meänkieli, so
   they leave it None and search matches their words as written, still tolerant of typos and
   prefixes. `direction="rtl"` for Arabic, Persian, Hebrew...
2. Add its interface catalog, `themes/norrbotten/translations/<code>/LC_MESSAGES/messages.po`
   (copy the Swedish one, keep the msgids, translate every msgstr). `manage.py check` names the
   file while it is missing, and the build refuses a site in a language whose catalog lacks strings.
3. `python manage.py makemigrations` (the language fields' choices change; no table changes),
   `python manage.py migrate`, then list the code in the `languages` of the `sites/<slug>.toml`
   files that publish it and run `python manage.py sync_kommuner`: it creates the Wagtail locale
   and each kommun's home page in it. Until editors translate a page, the site shows it in the
   language's first fallback that has it, marked as such.

The search engines need nothing more: both stem words here, with `stemmer`, so Elasticsearch
and OpenSearch index the stemmed terms under a whitespace analyzer, and every language works on
a cluster with no language analyzers installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

#: The language editors write in; every other language is a translation of it.
SOURCE = "sv"
#: The language the theme's templates are written in (gettext's msgids): it needs no catalog.
INTERFACE = "en"


@dataclass(frozen=True)
class Language:
    """Everything the project needs to know to publish, format and search in one language."""

    code: str
    """ISO 639 code: the URL folder (`/sv/`), `<html lang>`, Wagtail's locale and the catalog's folder."""
    name: str
    """The language's name in itself, as the language switcher and the admin show it."""
    babel_locale: str
    """The Babel locale that formats dates, numbers and prices (`sv_SE` writes "8 200 kr")."""
    fallbacks: tuple[str, ...] = (INTERFACE,)
    """Languages whose text stands in for an untranslated page, best first (the source comes last anyway)."""
    direction: Literal["ltr", "rtl"] = "ltr"
    """Text direction, for `<html dir>` and for text in this language inside a page in another."""
    stemmer: str | None = None
    """Snowball algorithm that search stems words with (both engines); None: words are matched as written."""


#: Every language, the source first; the order is the language switcher's and the admin's.
REGISTRY: dict[str, Language] = {
    language.code: language
    for language in (
        Language("sv", "Svenska", "sv_SE", stemmer="swedish"),
        Language("en", "English", "en_GB", stemmer="english"),
        Language("de", "Deutsch", "de_DE", stemmer="german"),
        Language("nl", "Nederlands", "nl_NL", stemmer="dutch"),
        Language("pl", "Polski", "pl_PL", stemmer="polish"),
        Language("fi", "Suomi", "fi_FI", stemmer="finnish"),
    )
}


class UnknownLanguage(LookupError):
    """A language code that is not in the registry: the message says where languages are declared."""

    def __init__(self, code):
        super().__init__(
            f"{code!r} is not a language of this project; the languages are {', '.join(REGISTRY)} "
            "(declared in cms/languages.py)."
        )


def get(code: str) -> Language:
    """The registry's entry for `code`; UnknownLanguage (not a KeyError) when there is none."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise UnknownLanguage(code) from None


class _Codes(Sequence):
    """The registry's codes, read each time they are used: a module that took `CODES` at import
    sees a language registered later (as a test does), instead of a stale copy of the list."""

    def __getitem__(self, index):
        return tuple(REGISTRY)[index]

    def __len__(self):
        return len(REGISTRY)

    def __contains__(self, code):
        return code in REGISTRY

    def __repr__(self):
        return f"CODES{tuple(REGISTRY)!r}"


#: Every language code, source first (a live view of the registry).
CODES: Sequence[str] = _Codes()


def fallback_chain(code: str) -> list[str]:
    """The languages whose text may stand in for `code`, best first: itself, its fallbacks, the source."""
    return list(dict.fromkeys([code, *get(code).fallbacks, SOURCE]))


def direction(code: str) -> str:
    """`ltr` or `rtl`, for `<html dir>`."""
    return get(code).direction


def right_to_left() -> list[str]:
    """The codes of the languages written right to left, for Django's LANGUAGES_BIDI."""
    return [language.code for language in REGISTRY.values() if language.direction == "rtl"]


def django_languages() -> list[tuple[str, str]]:
    """(code, name) pairs, for Django's LANGUAGES and Wagtail's WAGTAIL_CONTENT_LANGUAGES."""
    return [(language.code, language.name) for language in REGISTRY.values()]


def django_language_info() -> dict[str, dict]:
    """Django's LANG_INFO entries for the registry's languages Django does not know (the Sami
    languages, Meänkieli): without one, `get_language_info` (Wagtail's `Locale.language_info` and
    `language_name_local`, which its admin shows) raises a KeyError for that language."""
    from babel import Locale as BabelLocale
    from django.conf.locale import LANG_INFO

    english = BabelLocale.parse("en").languages
    return {
        language.code: {
            "bidi": language.direction == "rtl",
            "code": language.code,
            "name": english.get(language.code, language.name),
            "name_local": language.name,
        }
        for language in REGISTRY.values()
        if language.code not in LANG_INFO
    }
