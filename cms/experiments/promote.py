"""Make a variant the page: its changes become a new revision of the page in each language,
published through Wagtail's normal publishing, so they show in the page's history and can
be reverted like any edit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.blocks import StreamValue

from .models import ExperimentStatus
from .models.experiments import HOME_CALLS_TO_ACTION
from .variants import _items


class PromotionError(Exception):
    """The variant could not become the page; the message says which page and why."""


def _stream(field_value, raw):
    return StreamValue(field_value.stream_block, raw, is_lazy=True)


def apply_to_page(page, changes, language):
    """Apply a variant's changes (raw stream data) to a specific page in place. Returns how many
    applied, and notes on what could not be (a home page's built-in buttons are the theme's)."""
    notes, applied = [], 0
    home = page.specific_class._meta.model_name == "homepage"
    calls = {}
    for change in changes:
        kind, value = change["type"], change["value"]
        if value.get("language", language) != language:
            continue
        applied += 1
        if kind == "headline":
            if home:
                page.hero_headline = value["headline"]
            else:
                page.title = value["headline"]
            if value.get("intro"):
                setattr(
                    page, "hero_intro" if home else ("intro" if hasattr(page, "intro") else "summary"), value["intro"]
                )
        elif kind == "image":
            setattr(page, "hero_image_id" if home else "image_id", value["image"])
        elif kind == "sections" and home:
            sections = list(page.sections.raw_data)
            by_kind = {}
            for section in sections:
                by_kind.setdefault(section["type"], []).append(section)
            order = [section for k in dict.fromkeys(_items(value["sections"])) for section in by_kind.get(k, [])]
            page.sections = _stream(page.sections, order)
        elif kind == "body" and not home:
            page.body = _stream(page.body, value["body"])
        elif kind == "call_to_action":
            calls[value["name"]] = value
    if calls and not home:
        body = list(page.body.raw_data)
        for block in body:
            change = calls.get(block["value"].get("name")) if block["type"] == "call_to_action" else None
            if change:
                block["value"] = {**block["value"], "text": change.get("text") or block["value"]["text"]}
                if change.get("page"):
                    block["value"].update(page=change["page"], url="")
                elif change.get("url"):
                    block["value"].update(url=change["url"], page=None)
        page.body = _stream(page.body, body)
    for name in calls:
        if home and name in HOME_CALLS_TO_ACTION:
            notes.append(
                f"The button “{name}” is part of the theme, not of the page; change its text in the theme's "
                f"catalogs ({language}) to keep the variant's wording."
            )
    return applied, notes


@transaction.atomic
def promote(experiment, key, user):
    """Publish variant `key` as the experiment's page in every language it changes; finish the experiment.

    Returns (the pages published, notes). Raises PromotionError naming the page when a
    change does not validate; then nothing is published."""
    variant = experiment.variants.filter(key=key).first()
    if variant is None:
        raise PromotionError(f"The experiment “{experiment.name}” has no variant {key.upper()}.")
    if experiment.page is None:
        raise PromotionError(f"The experiment “{experiment.name}” has no page any more.")
    changes = variant.changes.get_prep_value()
    published, notes = [], []
    source = experiment.page.specific
    for page in [source, *[p.specific for p in source.get_translations()]]:
        if page.alias_of_id:
            continue  # an untranslated alias follows its source page
        language = page.locale.language_code
        if page.has_unpublished_changes:
            raise PromotionError(
                f"The {language} page “{page.title}” has unpublished changes; publish or discard "
                f"them first, so that promoting the variant publishes nothing else."
            )
        applied, page_notes = apply_to_page(page, changes, language)
        notes += page_notes
        if not applied:
            continue
        try:
            revision = page.save_revision(user=user, log_action=True)
        except ValidationError as exc:
            raise PromotionError(
                f"The {language} page “{page.title}” does not accept the variant: {'; '.join(exc.messages)}."
            ) from exc
        revision.publish(user=user)
        published.append(page)
    experiment.status = ExperimentStatus.FINISHED
    experiment.promoted_variant = key
    experiment.save()
    return published, list(dict.fromkeys(notes))
