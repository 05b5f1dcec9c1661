"""The translation matrix of one kommun: its pages and listings by language, each cell "translated",
"missing" or "out of date" and linking to where an editor fixes it."""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.base.exceptions import ConfigurationError
from cms.base.site_config import SOURCE_LANGUAGE, site_config

from . import listings, pages

TRANSLATED = "translated"
MISSING = "missing"
OUT_OF_DATE = "out_of_date"
STATE_LABELS = {TRANSLATED: _("Translated"), MISSING: _("Missing"), OUT_OF_DATE: _("Out of date")}


@dataclass
class Cell:
    """One object in one language: its state and the admin address where an editor acts on it."""

    state: str
    url: str
    target: object = None  # the translation: a page id, or (app label, model name, pk) of a listing

    @property
    def label(self):
        return STATE_LABELS[self.state]


@dataclass
class Row:
    """One page or listing of the kommun, in Swedish, with a cell per translated language."""

    kind: str
    title: str
    edit_url: str
    cells: list


@dataclass
class Matrix:
    """A kommun's translation matrix, with a count of each state per language for the summary."""

    kommun: object
    languages: list
    rows: list = field(default_factory=list)

    def summary(self):
        """[(language, {state: count})] in the site's order."""
        counts = {code: Counter() for code in self.languages}
        for row in self.rows:
            for code, cell in zip(self.languages, row.cells, strict=True):
                counts[code][cell.state] += 1
        return [(code, counts[code]) for code in self.languages]

    def total(self, state):
        return sum(counts[state] for _code, counts in self.summary())


def translated_languages(kommun):
    """The languages the kommun's site publishes besides Swedish (its `sites/<slug>.toml`)."""
    try:
        codes = site_config(kommun.slug).languages
    except ConfigurationError:
        codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]  # a broken file hides nothing
    return [code for code in codes if code != SOURCE_LANGUAGE]


def page_rows(kommun, languages):
    home = kommun.site.root_page
    sources = list(
        Page.objects.descendant_of(home, inclusive=True)
        .filter(alias_of__isnull=True)
        .only("pk", "title", "translation_key", "live", "last_published_at", "depth", "path")
        .order_by("path")
    )
    found = pages.translations_of(sources, languages)
    for source in sources:
        cells = []
        for code in languages:
            translation = found.get((source.translation_key, code))
            if translation is None:
                cells.append(Cell(MISSING, reverse("simple_translation:submit_page_translation", args=[source.pk])))
            elif translation["alias_of_id"] is not None:
                cells.append(Cell(MISSING, reverse("wagtailadmin_pages:convert_alias", args=[translation["pk"]])))
            else:
                since = pages.latest_of(
                    translation["latest_revision_created_at"],
                    translation["last_published_at"],
                    translation["first_published_at"],
                    translation["checked_at"],
                )
                if pages.source_changed_since(source, since):
                    cells.append(
                        Cell(OUT_OF_DATE, reverse("translations:page", args=[translation["pk"]]), translation["pk"])
                    )
                else:
                    cells.append(Cell(TRANSLATED, reverse("wagtailadmin_pages:edit", args=[translation["pk"]])))
        yield Row(_("Page"), source.title, reverse("wagtailadmin_pages:edit", args=[source.pk]), cells)


def listing_rows(kommun, languages):
    for model, queryset in listings.listings_of(kommun):
        objects = list(queryset)
        baselines = listings.baselines_for(model, [obj.pk for obj in objects])
        edit_name = model.snippet_viewset.get_url_name("edit")
        for obj in objects:
            edit_url = reverse(edit_name, args=[obj.pk])
            source = listings.source_row(obj)
            present = {row.language_code for row in obj.translations.all()}
            cells = []
            for code in languages:
                if code not in present:
                    cells.append(Cell(MISSING, edit_url))
                elif listings.is_out_of_date(baselines.get((obj.pk, code)), source):
                    url = reverse(
                        "translations:listing", args=[model._meta.app_label, model._meta.model_name, obj.pk, code]
                    )
                    cells.append(Cell(OUT_OF_DATE, url, (model._meta.app_label, model._meta.model_name, obj.pk)))
                else:
                    cells.append(Cell(TRANSLATED, edit_url))
            title = (getattr(source, "title", "") if source else "") or str(obj)
            yield Row(model._meta.verbose_name, title, edit_url, cells)


def translation_matrix(kommun):
    """The whole matrix of one kommun (the caller has checked the editor may see it)."""
    languages = translated_languages(kommun)
    return Matrix(kommun, languages, [*page_rows(kommun, languages), *listing_rows(kommun, languages)])
