"""Creating pages and their translations from code, the way an editor would.

Every page is created in Swedish, then given a counterpart in each other language:
a real translation where the demo has text for it, an alias (Wagtail's marker for
"not translated yet") where it has none. That keeps every language tree the same
shape, as Wagtail's simple translation does for pages made in the admin.
"""

from wagtail.actions.convert_alias import ConvertAliasPageAction


def publish(page, clean=True):
    """Save a revision of `page` and publish it; `clean=False` when its save has just validated it."""
    page.save_revision(clean=clean).publish()
    return page


def add_child(parent, page):
    """Create `page` under `parent` and publish it; the save validates it, the revision need not again."""
    parent.add_child(instance=page)
    return publish(page, clean=False)


def child_by_slug(parent, slug):
    child = parent.get_children().filter(slug=slug).first()
    return child.specific if child else None


def translate(source, locales, texts_by_language):
    """Give `source` a counterpart in each locale; `texts_by_language[code]` holds its fields.

    Returns {language_code: page} including the source. Existing real translations
    are left untouched (a second demo load changes nothing).
    """
    pages = {source.locale.language_code: source}
    for locale in locales:
        code = locale.language_code
        if code == source.locale.language_code:
            continue
        fields = texts_by_language.get(code)
        existing = source.get_translation_or_none(locale)
        if existing is not None:
            existing = existing.specific
            if existing.alias_of_id and fields:
                ConvertAliasPageAction(existing, log_action=None).execute(skip_permission_checks=True)
                existing.refresh_from_db()
                existing = existing.specific
                _apply(existing, fields)
                publish(existing)
            pages[code] = existing
            continue
        if fields:
            translated = source.copy_for_translation(locale)
            _apply(translated, fields)
            pages[code] = publish(translated)
        else:
            pages[code] = source.copy_for_translation(locale, alias=True).specific
    return pages


def _apply(page, fields):
    for name, value in fields.items():
        setattr(page, name, value)
