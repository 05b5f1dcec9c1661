"""The theme's templates outside a Pelican build: for fragments other parts serve.

The search service returns result cards and renders its no-JavaScript results page
with the very macros the static pages use, in the same language, catalogs and Babel
formats, so a result looks the same wherever it comes from.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from jinja2 import BytecodeCache, Environment, FileSystemLoader

from . import assets, i18n

THEME_DIR = Path(settings.BASE_DIR) / "themes" / "norrbotten"


def autoescape(template_name):
    """HTML and XML are escaped; plain-text templates (mails) are not."""
    return template_name is None or not template_name.endswith(".txt")


class CompiledOnce(BytecodeCache):
    """Each template's compiled code, kept in memory and shared by every language's environment.

    The environments differ only in their catalogs, globals and filters, which compiled code looks
    up when it runs; compiling macros.html for each of six languages took seconds a process (half
    the cost of a demo kommun's search cards). A changed source file has another checksum and is
    compiled again."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        checksum, code = self.compiled.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)


_compiled = CompiledOnce()


@cache
def environment(language):
    env = Environment(
        loader=FileSystemLoader(str(THEME_DIR / "templates")),
        bytecode_cache=_compiled,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=autoescape,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    translations, _missing = i18n.translations(THEME_DIR, language)
    env.install_gettext_translations(translations, newstyle=True)
    gettext = i18n.cached_gettext(translations)
    env.globals.update(
        gettext=gettext,
        _=gettext,
        ngettext=i18n.new_ngettext(translations),
        language=language,
        renditions={},
        asset_url=assets.asset_url,
    )
    env.filters.update(i18n.formatters(language, translations))
    return env


@cache
def _macros(language, template="macros.html"):
    return environment(language).get_template(template).module


def macro(language, name, *args, **kwargs):
    """Call one of macros.html's macros in `language`; returns its HTML (a Markup string)."""
    return template_macro(language, "macros.html", name, *args, **kwargs)


def template_macro(language, template, name, *args, **kwargs):
    """Call a macro of another of the theme's macro files (e.g. forms.html) in `language`."""
    return getattr(_macros(language, template), name)(*args, **kwargs)
