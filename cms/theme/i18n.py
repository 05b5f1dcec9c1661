"""Interface strings (gettext catalogs) and locale-aware formatting (Babel).

Catalogs live in `themes/<theme>/translations/<lang>/LC_MESSAGES/messages.po`, are
extracted from the templates with Babel's Jinja2 extractor (see `babel.cfg`) and are
compiled here, in memory, on every build: a .po edit needs no separate step.
"""

import hashlib
import io
import os
import pickle
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

import babel
import jinja2
from babel import Locale as BabelLocale
from babel.dates import format_date, format_datetime, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations
from jinja2 import pass_eval_context
from markupsafe import Markup

from cms import languages
from cms.base.times import STOCKHOLM, parse_local
from cms.jobs import occupations

from . import frame


def catalog_path(theme_dir, language):
    return Path(theme_dir) / "translations" / language / "LC_MESSAGES" / "messages.po"


#: What was compiled or extracted in this process, by (what, its file(s), their modification time).
_made = {}
_catalogs = {}


def _once(key, make, kept_in, name):
    """`make()` once per `key` in this process; with `kept_in`, a folder of the build's cache, once per content of
    the files it is made from across processes too (`name`'s file there keeps the last one, under the digest of
    those files): Babel's extraction of the templates and compiling of the catalogs took 1.3 CPU s of each new
    `build.py` process, most of an edited page's publish."""
    if key in _made:
        return _made[key]
    files = key[1]
    digest = hashlib.sha256(repr([babel.__version__, jinja2.__version__, *map(_read_bytes, files)]).encode()).digest()
    kept = Path(kept_in) / f"{name}.pickle" if kept_in else None
    value = _load(kept, digest)
    if value is None:
        value = make()
        _keep(kept, digest, value)
    _made[key] = value
    return value


def _read_bytes(path):
    with open(path, "rb") as handle:
        return handle.read()


def _load(kept, digest):
    if kept is None:
        return None
    try:
        with open(kept, "rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 - the build's own file, in its own cache folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    return stored[1] if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == digest else None


def _keep(kept, digest, value):
    """Write `value` under `digest` in one rename; a folder that cannot be written leaves the next process to make
    it again, nothing worse."""
    if kept is None:
        return
    temporary = kept.with_name(f".{kept.name}-{os.getpid()}")
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            pickle.dump((digest, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, kept)
    except OSError:
        temporary.unlink(missing_ok=True)


def _compiled(path, kept_in=None):
    """(the catalog's compiled translations, its untranslated message ids, all its message ids)."""
    key = ("catalog", (path,), os.stat(path).st_mtime_ns)
    if key not in _catalogs:  # one Translations per catalog, as the pages' gettext caches are kept per object
        mo, missing, known = _once(key, lambda: _compile(path), kept_in, f"catalog-{Path(path).parent.parent.name}")
        _catalogs[key] = Translations(io.BytesIO(mo)), missing, known
    return _catalogs[key]


def _compile(path):
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    missing = sorted(
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id
        and (message.fuzzy or not (message.string if isinstance(message.string, str) else all(message.string)))
    )
    known = frozenset(message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id)
    return buffer.getvalue(), tuple(missing), known


def _template_messages(templates):
    """Every message id the templates use, extracted as `pybabel extract` does (babel.cfg)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(Path(templates).parent / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    return frozenset(
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            templates, method_map, options_map, keywords=keywords
        )
    )


def template_messages(theme_dir, kept_in=None):
    templates = Path(theme_dir) / "templates"
    files = tuple(sorted(str(path) for path in templates.rglob("*") if path.is_file()))
    files += (str(Path(theme_dir) / "babel.cfg"),)
    stamp = max(os.stat(path).st_mtime_ns for path in files)
    return _once(("messages", files, stamp), lambda: _template_messages(str(templates)), kept_in, "messages")


def translations(theme_dir, language, kept_in=None):
    """(gettext translations, message ids with no translation) for one language.

    The templates are written in English (the usual gettext source), so every other
    language, Swedish included, has a catalog; English needs none. A string is missing
    when its catalog entry is empty or fuzzy, and also when a template uses a string the
    catalog does not have yet (a new string nobody extracted would otherwise go out in
    English without a word). `kept_in`, a folder of the build's cache, keeps the compiled
    catalog and the templates' message ids between processes (`_once`).
    """
    path = catalog_path(theme_dir, language)
    if language == languages.INTERFACE and not path.exists():
        return Translations(), ()
    if not path.exists():
        return Translations(), ("(the whole catalog is missing: " + str(path) + ")",)
    compiled, untranslated, known = _compiled(str(path), kept_in)
    unknown = sorted(template_messages(theme_dir, kept_in) - known)
    return compiled, untranslated + tuple(
        f"{message} (not in the catalog: extract and translate it)" for message in unknown
    )


def _parse(value):
    """A date, or a moment on Stockholm's clock: the export's times carry an offset (UTC from the
    database, or Stockholm's), and a visitor reads the wall clock of the region."""
    if isinstance(value, datetime) or (isinstance(value, str) and "T" in value):
        return parse_local(value)
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def formatters(language, translations=None):
    """Jinja filters bound to one language (and its catalog, for plural forms)."""
    locale = BabelLocale.parse(languages.get(language).babel_locale)
    catalog = translations or Translations()

    def plural_forms(messages):
        """{CLDR plural category: text with "{n}"} for a (singular, plural) message, so a script
        can say "3 homes" in the page's language with Intl.PluralRules and the catalog's own words."""
        singular, plural = messages
        forms = {}
        for n in range(0, 200):
            category = locale.plural_form(n)
            if category not in forms:
                forms[category] = catalog.ngettext(singular, plural, n).replace("%(num)d", "{n}")
        return forms

    @lru_cache(maxsize=4096)  # Babel takes half a millisecond a price
    def price(amount):
        if amount is None:
            return ""
        return format_currency(amount, "SEK", locale=locale, format="#,##0\u00a0¤", currency_digits=False)

    def spoken_language(code):
        return locale.languages.get(code, code)

    page_direction = languages.direction(language)

    @cache  # a handful of codes, asked for a dozen times a page (the language menu, fallbacks)
    def lang_attributes(code):
        """` lang="<code>"`, and ` dir="…"` when that language runs the other way than the page's:
        an English fallback inside an Arabic page stays left-to-right, Arabic in a Swedish one right-to-left."""
        direction = languages.direction(code)
        return Markup(f' lang="{code}"' + (f' dir="{direction}"' if direction != page_direction else ""))

    # Babel's formatting is pure and slow, and a site formats the same prices and dates on many pages.
    remembered = lru_cache(maxsize=4096)
    return {
        "price": price,
        "number": remembered(
            lambda value, digits=None: format_decimal(value, locale=locale) if value is not None else ""
        ),
        "date": remembered(lambda value, form="long": format_date(_parse(value), form, locale=locale) if value else ""),
        "datetime": remembered(
            lambda value, form="medium": (
                format_datetime(_parse(value), form, locale=locale, tzinfo=STOCKHOLM) if value else ""
            )
        ),
        "time": remembered(
            lambda value: format_time(_parse(value), "short", locale=locale, tzinfo=STOCKHOLM) if value else ""
        ),
        "weekday": remembered(lambda value: format_date(_parse(value), "EEEE", locale=locale) if value else ""),
        "spoken_language": spoken_language,
        "direction": languages.direction,
        "lang_attributes": lang_attributes,
        "plural_forms": plural_forms,
        "search_words": search_words,
        # A job ad's occupation group (its Swedish JobTech label) named in the page's language, and its picture.
        "occupation_group": lambda label: occupations.group_name(label, language),
        "occupation_picture": occupations.picture,
        # base.html's frame, rendered once per language and arguments (cms/theme/frame.py).
        "once": frame.once(),
        "current": frame.current,
    }


def search_words(text):
    """A text's distinct lower-cased words, for the static search index's prefix matching."""
    from cms.search.text import words

    return " ".join(dict.fromkeys(words(text)))


def language_name(code):
    """A language's name in itself ("Deutsch"), for the language switcher."""
    return languages.get(code).name


#: Formatted messages kept per language at most: a long-running process (search, the publish worker) must not keep
#: every price and distance it was ever asked for.
KEPT_FORMATTED = 4096


def _key(*parts, variables):
    """A memo key for a message and the values it is formatted with, or None when a value cannot be one (a list).
    Each value's type is part of the key: a Markup and a str of the same text are equal, but only the str is
    escaped when formatted."""
    key = (*parts, *((name, type(value), value) for name, value in variables.items()))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _remember(cache, key, result):
    if key is not None:
        if len(cache) >= KEPT_FORMATTED:
            cache.clear()
        cache[key] = result
    return result


def cached_gettext(translations):
    """Jinja's new-style `gettext`, memoised: a site renders the same few hundred strings
    tens of thousands of times, and Jinja's own wrapper re-translates and re-escapes each one.
    Formatted ones ("%(price)s a month") are kept too, by their values, which repeat from page to page (a price on
    its listing and its card, the distances of a neighbourhood): formatting a Markup escapes each value again.
    It needs only the evaluation context (is the output escaped?), not the template's context,
    which Jinja would copy for a call inside a block that has set a variable."""
    cache = {}

    @pass_eval_context
    def gettext(eval_context, string, **variables):
        autoescape = eval_context.autoescape
        key = (autoescape, string) if not variables else _key(autoescape, string, variables=variables)
        known = cache.get(key)
        if known is not None:
            return known
        result = translations.gettext(string)
        if autoescape:
            result = Markup(result)
        return _remember(cache, key, result % variables)  # like Jinja: always a format string, so "%%" means "%"

    return gettext


def new_ngettext(translations):
    """Jinja's new-style `ngettext` ("%(num)d rooms"), taking the evaluation context only (see `cached_gettext`),
    memoised by its count and values: a page's counts (rooms, photos, minutes) are small numbers that repeat."""
    cache = {}

    @pass_eval_context
    def ngettext(eval_context, singular, plural, num, **variables):
        key = _key(eval_context.autoescape, singular, plural, type(num), num, variables=variables)
        known = cache.get(key)
        if known is not None:
            return known
        variables.setdefault("num", num)
        result = translations.ngettext(singular, plural, num)
        if eval_context.autoescape:
            result = Markup(result)
        return _remember(cache, key, result % variables)

    return ngettext
