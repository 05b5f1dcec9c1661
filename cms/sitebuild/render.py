"""A Pelican plugin that renders one kommun's microsite from its export.

Pelican's own readers expect files; our content is already structured data, so the
plugin adds a generator that takes the export straight from the settings
(`MICROSITE`) and renders it through the theme with Pelican's Jinja environment and
writer: cms.sitebuild.writer's `CheckedWriter`, which refuses to write one path twice and
hands each HTML page to the site's checks as it is written. Pages whose inputs have not
changed since the live release are linked from it instead of rendered again.
"""

import gc
import hashlib
import json
from contextlib import contextmanager
from pathlib import Path
from types import BuiltinMethodType

from jinja2 import Environment, Template
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg
from markupsafe import Markup, escape
from markupsafe import _escape_inner as escape_text  # escape's own inner function (C when built): str in, str out
from pelican import signals
from pelican.generators import Generator

from cms.base import csp
from cms.theme import assets, i18n

from . import calendar, serialised
from .routes import language_links, root_outputs, site_outputs

#: Outputs written by Python rather than a template, by the kind routes.py gives them: (context, cards) -> text.
PRODUCERS = {
    calendar.KIND: lambda context, cards: calendar.ics_bytes(**context),
    "sitemap": serialised.sitemap,
    "housing index": serialised.housing_index,
    "activities index": serialised.activities_index,
    "jobs index": serialised.jobs_index,
}


#: `json.dumps(value, sort_keys=True, default=str)` with one encoder made once: `json.dumps` makes a new encoder for
#: each call given options, and a kommun's outputs ask for a few thousand small values (their language links).
ENCODE = json.JSONEncoder(sort_keys=True, default=str).encode


class Fingerprints:
    """A digest of everything one output is rendered from: its template and its context.

    Most of a context (the site, the menus, the home page, the lists) is the same object
    in every page of a language, so each top-level value is serialised once per object,
    not once per page: the digests were a tenth of a large build's time. Scalars (URLs,
    the language) are taken as they are.
    """

    def __init__(self, theme_hash):
        self.theme_hash = theme_hash
        self.by_object = {}  # id -> (value, digest); the value is kept so its id stays unique

    def _digest(self, value):
        if value is None or type(value) in (str, int, bool):  # a URL, a language: itself, not a serialisation
            return repr(value)
        known = self.by_object.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        digest = hashlib.sha256(ENCODE(value).encode()).hexdigest()
        if isinstance(value, (dict, list)):
            self.by_object[id(value)] = (value, digest)
        return digest

    def __call__(self, output):
        parts = [self.theme_hash, output.template]
        parts += [f"{key}={self._digest(output.context[key])}" for key in sorted(output.context)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


DICT_ATTRIBUTES = frozenset(dir(dict))


def dict_keys_first(environment):
    """Jinja's `environment.getattr` with a shortcut for plain dicts, which the whole export is made of.

    Jinja looks `page.title` up as an attribute first, and for a dict that raises and catches an
    AttributeError before the key is tried: an eighth of a large build's rendering time. A plain dict
    has no attributes beyond dict's own, so asking for the key at once gives the same answer.
    """

    def getattr(obj, attribute):
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return environment.undefined(obj=obj, name=attribute)
        return Environment.getattr(environment, obj, attribute)

    return getattr


class BuildContext(Context):
    """Jinja's template context, with a shortcut for the calls a page makes most: macros and Python's own
    methods (`alternates.items()`, `page_url.startswith(...)`), which cannot ask for the context, and the
    catalog's `_`/`ngettext`, which ask for the evaluation context only.

    Jinja's `Context.call` asks every callable whether it wants the context, the evaluation context or the
    environment first, by looking at the callable and at its `__call__`: for the macros and methods that was a
    twentieth of a build's rendering, and the thirty-odd translated strings of a page (its frame, its labels)
    another tenth."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature: keyword arguments named self)
        plain = type(__obj) in PLAIN_CALLABLES
        if not plain and getattr(__obj, "jinja_pass_arg", None) is not _PassArg.eval_context:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        if not plain:
            args = (__self.eval_ctx, *args)  # as Jinja's call does for pass_eval_context
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja's
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


#: Callables that cannot carry Jinja's pass_context marks: Python's built-in methods (no attributes can be set
#: on them) and the templates' macros.
PLAIN_CALLABLES = frozenset({BuiltinMethodType, Macro})


def escape_unless_markup(value):
    """markupsafe's `escape` for a template's output, without the copies: text already marked safe is given back
    as it is, not copied into a new Markup of the same text (every translated string, every macro's HTML and the
    inline stylesheet, most of a page's bytes, went through such a copy: an eighth of a build's rendering), and
    plain text comes back escaped as a plain string, not wrapped in a Markup (a tenth of the templates' time, a
    hundred and fifty values a page). The compiled templates call `escape` only on what they output, which is
    joined into the page's text at once, so nothing asks the result whether it is safe."""
    kind = type(value)
    if kind is Markup:
        return value
    if kind is str:
        return escape_text(value)
    if kind is int:  # a count, a size, a year: digits, nothing to escape (markupsafe would make a Markup of them)
        return str(value)
    return escape(value)


class BuildTemplate(Template):
    """The theme's templates as the build compiles them: their output escaped by `escape_unless_markup`."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        # The compiled template's functions find `escape` (imported from Jinja's runtime) among their globals.
        template.root_render_func.__globals__["escape"] = escape_unless_markup
        return template

    def _get_default_module(self, ctx=None):
        """Jinja's, with its comparison of globals made by sets: on each `{% import %}` (three or four a page) Jinja
        asks whether the importing page has globals this template lacks, as `set - ChainMap.keys()`, which Python
        runs key by key through the ChainMap's own `__contains__` (a twentieth of a large build's rendering). The
        same question, with the template's keys taken into a set once per call."""
        if ctx is not None and ctx.globals_keys.difference(set(self.globals)):
            return super()._get_default_module(ctx)  # new globals: Jinja makes a module of its own for them
        if self._module is None:
            self._module = self.make_module()
        return self._module


class MicrositeGenerator(Generator):
    """Writes every page, feed and calendar of one kommun, in every language it publishes."""

    def generate_context(self):
        self.site = self.settings["MICROSITE"]
        self.result = self.settings["MICROSITE_RESULT"]

    def generate_output(self, writer):
        previous = self.settings.get("MICROSITE_PREVIOUS") or {}
        previous_root = Path(previous["root"]) if previous.get("root") else None
        previous_prints = previous.get("fingerprints", {})
        # Pages name their images by id; the renditions (files, sizes, alt text per language) are in every page's inputs.
        renditions_hash = hashlib.sha256(json.dumps(self.site["renditions"], sort_keys=True).encode()).hexdigest()
        fingerprint = Fingerprints(self.settings["MICROSITE_THEME_HASH"] + renditions_hash)
        prints, html_urls, stats, not_found_in = {}, [], {"rendered": 0, "reused": 0}, {}
        self.writer = writer  # cms.sitebuild.writer's: it hands each page to the checks as it writes it
        brand = self.site["config"]["brand"]
        theme_dir = self.settings["THEME_STATIC_DIR"]
        written = assets.write_assets(Path(self.output_path) / theme_dir, previous_root and previous_root / theme_dir)
        self.env.globals.update(
            inline_css=csp.site_stylesheet(brand["primary"], brand["accent"]),
            experiment_css=csp.experiment_stylesheet(),
            experiment_picker=csp.experiment_picker(),
            renditions=self.site["renditions"],
            asset_url=assets.written_asset_url(written),  # the theme's scripts by hashed name, cached for a year
        )
        self.env.auto_reload = False  # no template changes during a build: no look at its file per page
        self.env.getattr = dict_keys_first(self.env)
        self.env.context_class = BuildContext
        self.env.template_class = BuildTemplate
        self.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}  # UTF-8 pages: no \u00e5
        for language in self.site["languages"]:
            translations, missing = i18n.translations(self.theme, language)
            self.result["missing_strings"][language] = list(missing)
            self._install(translations, language)
            not_found_in[language] = self._not_found(language)
            outputs = site_outputs(self.site, language)
            self._write(outputs, fingerprint, previous_root, previous_prints, prints, stats)
            html_urls += [o.context for o in outputs if o.html and not o.path.endswith("404.html")]
        source = self.site["languages"][0]
        translations, _missing = i18n.translations(self.theme, source)
        self._install(translations, source)
        # The sitemap lists canonical URLs only: a fallback version points search engines at its real-language one.
        entries = [
            {"url": c["page_url"], "alternates": c["alternates"]}
            for c in html_urls
            if c.get("canonical_url", c["page_url"]) == c["page_url"]
        ]
        self._write(
            root_outputs(self.site, entries, not_found_in),
            fingerprint,
            previous_root,
            previous_prints,
            prints,
            stats,
        )
        self.result.update(fingerprints=prints, **stats)

    def _not_found(self, language):
        """The 404 text in `language` (its translations installed), linking that language's home page: the site
        root's 404 page answers a folder that is no language of the site in all of the site's languages."""
        home = language_links(self.site, {language: f"/{language}/"})
        return self.env.get_template("macros.html").module.not_found(
            self.site["config"]["name"], home, "h1" if language == self.site["languages"][0] else "h2"
        )

    def _install(self, translations, language):
        """Make `language` the environment's: its catalog, its Babel formats, and `language` itself, which the
        macro files read as a global since they are imported without the page's context."""
        self.env.install_gettext_translations(translations, newstyle=True)
        gettext = i18n.cached_gettext(translations)
        self.env.globals.update(gettext=gettext, _=gettext, ngettext=i18n.new_ngettext(translations), language=language)
        self.env.filters.update(i18n.formatters(language, translations))
        # Jinja keeps a template, and the module an import makes of it, with the globals and filters it was loaded
        # with: the templates are loaded again (from the bytecode cache) for each language.
        self.env.cache.clear()
        self.cards = serialised.Cards(self.env.get_template("macros.html").module)
        self.env.globals["cards"] = self.cards

    def _write(self, outputs, fingerprint, previous_root, previous_prints, prints, stats):
        previous = str(previous_root) if previous_root else None
        for output in outputs:
            mark = fingerprint(output)
            prints[output.path] = mark
            if (
                previous is not None
                and previous_prints.get(output.path) == mark
                and self.writer.link_unchanged(previous, output.path)
            ):
                stats["reused"] += 1
                continue
            producer = PRODUCERS.get(output.template)
            if producer is not None:
                produced = producer(output.context, self.cards)
                self.writer.write_bytes(output.path, produced if isinstance(produced, bytes) else produced.encode())
            else:
                # The templates read their output's context only; Pelican's own (every setting, the whole export)
                # would be copied into every page's context twice over.
                self.writer.write_file(output.path, self.env.get_template(output.template), output.context)
            stats["rendered"] += 1


@contextmanager
def shared_with_workers():
    """Around the forking of the build's worker processes: what every kommun's render needs once (the
    catalogs compiled, the message ids the templates use extracted) is made here, in the parent, and
    everything made so far is kept out of the garbage collector's sight while the workers run. They then
    share these pages with the parent instead of each making its own, or copying the parent's when a
    collection touches them: much of a build's peak memory was the same objects three times over."""
    from cms import languages
    from cms.theme import THEME_DIR

    for code in languages.REGISTRY:
        i18n.translations(THEME_DIR, code)
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()  # a long-running process (the publishing worker) collects them again


def get_generators(pelican):
    return MicrositeGenerator if "MICROSITE" in pelican.settings else None


def register():
    signals.get_generators.connect(get_generators)
