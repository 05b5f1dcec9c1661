"""The microsite's "The Swedish version of this page has been updated since this translation." notice.

Only kommuner whose `sites/<slug>.toml` sets `source_updated_notice = true` show it. What a
visitor sees follows published state alone, and the translator's "checked, still right" marks:

- a page translation carries it while its Swedish original was last published after the
  translation was last published or checked (a draft saved of either changes nothing);
- a listing's translation carries it while the listing's live Swedish text differs from the
  Swedish text the translation was saved (published) or checked against (`ListingTranslationBaseline`).

Everything read here is declared to the export (`PageTranslationCheck`, `ListingTranslationBaseline`
and the pages' `last_published_at`, cms.export.declarations), so the build's stamp moves with the
publish or the check that puts the notice on or takes it off, and the publish queue rebuilds the
kommun then. The admin's translation matrix (cms.translations.matrix) answers the translator's
question instead, for whom a saved draft counts.
"""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType

from cms.base.exceptions import ConfigurationError
from cms.base.site_config import site_config
from cms.export.declarations import rows
from cms.languages import SOURCE

from .listings import row_text, source_row
from .models import ListingTranslationBaseline, PageTranslationCheck
from .pages import latest_of

#: The key of an exported page or listing that carries the notice: the URL of its Swedish version.
KEY = "source_updated"


def shows_source_updated_notice(kommun):
    """Whether the kommun wants the notice on its microsite at all."""
    try:
        return site_config(kommun.slug).source_updated_notice
    except ConfigurationError:
        return False


def mark_source_updated(kommun, data, listing_records):
    """Give each exported translation whose Swedish original changed since `KEY`: its Swedish version's URL.

    `data` is the kommun's export (cms.export.kommun); `listing_records` {listing key: the records
    exported}, whose translation rows are already read."""
    languages = data["languages_data"]
    if SOURCE not in languages or not shows_source_updated_notice(kommun):
        return
    translated = [code for code in languages if code != SOURCE]
    _mark_pages(languages, translated)
    for key, records in listing_records.items():
        _mark_listings(languages, translated, key, records)


def _mark_pages(languages, translated):
    swedish = {entry["key"]: entry for entry in languages[SOURCE]["pages"]}
    translations = [
        entry
        for code in translated
        for entry in languages[code]["pages"]
        if entry["text_language"] == code and entry["key"] in swedish
    ]
    checked = dict(
        rows(PageTranslationCheck)
        .filter(page_id__in=[entry["id"] for entry in translations])
        .values_list("page_id", "checked_at")
    )
    for entry in translations:
        source = swedish[entry["key"]]
        since = latest_of(_time(entry["last_published"]), checked.get(entry["id"]))
        published = _time(source["last_published"])
        if since is not None and published is not None and published > since:
            entry[KEY] = source["url"]


def _mark_listings(languages, translated, key, records):
    if not records:
        return
    model = type(records[0])
    content_type = ContentType.objects.get_for_model(model)
    baselines = {
        (object_id, code): text
        for object_id, code, text in rows(ListingTranslationBaseline)
        .filter(content_type=content_type, object_id__in=[record.pk for record in records])
        .values_list("object_id", "language_code", "source_text")
    }
    swedish = {entry["id"]: entry for entry in languages[SOURCE][key]}
    now = {record.pk: row_text(row) for record in records if (row := source_row(record)) is not None}
    for code in translated:
        for entry in languages[code][key]:
            then = baselines.get((entry["id"], code))
            if entry["text_language"] != code or then is None or entry["id"] not in now:
                continue
            if then != now[entry["id"]] and entry["id"] in swedish:
                entry[KEY] = swedish[entry["id"]]["url"]


def _time(value):
    """An exported time (ISO 8601 with its offset) as a datetime; None stays None."""
    return datetime.fromisoformat(value) if value else None
