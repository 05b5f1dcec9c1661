"""What the microsite's build asks: which translations should carry a "the Swedish version has been updated"
notice. Only kommuner whose `sites/<slug>.toml` sets `source_updated_notice = true` show it."""

from cms.base.exceptions import ConfigurationError
from cms.base.site_config import site_config

from .matrix import OUT_OF_DATE, listing_rows, page_rows, translated_languages


def shows_source_updated_notice(kommun):
    """Whether the kommun wants the notice on its microsite at all."""
    try:
        return site_config(kommun.slug).source_updated_notice
    except ConfigurationError:
        return False


def source_updated(kommun):
    """{(object, language code)} of the kommun's translations whose Swedish original changed since, where the
    kommun shows the notice; object is the translation page's id for pages, (app label, model name, pk) for
    listings. One call per kommun and build: the same reading as the admin's translation matrix."""
    if not shows_source_updated_notice(kommun):
        return set()
    languages = translated_languages(kommun)
    found = set()
    for row in [*page_rows(kommun, languages), *listing_rows(kommun, languages)]:
        for code, cell in zip(languages, row.cells, strict=True):
            if cell.state == OUT_OF_DATE:
                found.add((cell.target, code))
    return found
