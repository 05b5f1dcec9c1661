"""A page's translation or alias made by Wagtail's own actions at a tree position reserved first.

Wagtail's `copy_for_translation` adds the copy with treebeard's `add_child`, which looks the parent's last
child up and validates the page again; made by code in numbers (a kommun's home in every language when its
site is set up, the demo's pages), that was most of the work. Here the same actions save the same rows, log
entries and signals, at a position reserved first (as Wagtail's recursive copies save each page).
"""

from django.db.models import F
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.coreutils import find_available_slug
from wagtail.models import Page, TranslatableMixin
from wagtail.signals import copy_for_translation_done


def copy_for_translation(page, locale, alias=False, translated_parent=None):
    """What `page.copy_for_translation(locale, alias=alias)` makes of a live page, written faster.

    Wagtail's action adds the copy with treebeard's `add_child`, which looks the parent's last
    child up and validates the page again (an alias: every field of a page just validated; a copy:
    its title and slug, as `find_available_slug` has just chosen it). Here the position is reserved
    first and the copy or alias saved there by the same Wagtail action, as Wagtail's recursive
    copies save each page: the same rows, log entries and signals. A page under the root (a
    kommun's home) gets its counterpart beside it, its slug suffixed with the language code, as
    Wagtail's action does. `translated_parent` is the parent's translation in `locale` (the root
    for a page under the root), if the caller has looked it up already."""
    if translated_parent is None:
        parent = page.get_parent().specific
        translated_parent = parent if parent.is_root() else parent.get_translation_or_none(locale)
    if translated_parent is None or not page.live:
        return page.copy_for_translation(locale, alias=alias)
    # Wagtail's rule for a page under the root: "home" becomes "home-en" beside it.
    slug = f"{page.slug}-{locale.language_code}" if translated_parent.is_root() else page.slug
    slug = find_available_slug(translated_parent, slug)
    position = _reserve_child_position(translated_parent)
    if alias:
        translated = CreatePageAliasAction(
            page,
            parent=translated_parent,
            update_slug=slug,
            update_locale=locale,
            reset_translation_key=False,
            _mpnode_attrs=position,
        ).execute(skip_permission_checks=True)
    else:

        def process_child_object(original_page, page_copy, child_relation, child_object):
            if isinstance(child_object, TranslatableMixin):
                child_object.locale = locale

        update_attrs = {"locale": locale, "slug": slug}
        action = CopyPageAction(
            page,
            to=translated_parent,
            update_attrs=update_attrs,
            copy_revisions=False,
            keep_live=False,
            reset_translation_key=False,
            process_child_object=process_child_object,
            log_action="wagtail.copy_for_translation",
        )
        action.check(skip_permission_checks=True)
        translated = action._copy_page(page, to=translated_parent, update_attrs=update_attrs, _mpnode_attrs=position)
    copy_for_translation_done.send(sender=CopyPageForTranslationAction, source_obj=page, target_obj=translated)
    return translated


def _reserve_child_position(parent):
    """The (path, depth) treebeard's `add_child` would give `parent`'s next child, counted in its numchild."""
    depth = parent.depth + 1
    last = Page.objects.filter(path__startswith=parent.path, depth=depth).order_by("-path").only("path").first()
    path = last._inc_path() if last is not None else Page._get_path(parent.path, depth, 1)
    Page.objects.filter(path=parent.path).update(numchild=F("numchild") + 1)
    parent.numchild += 1
    return path, depth
