"""The demo's translations and aliases are what Wagtail's `copy_for_translation` makes.

`cms.base.translation_copies.copy_for_translation` saves them at a tree position it reserved, instead of
through treebeard's `add_child`; an editor must find the same pages, revisions and history, and the
tree must stay sound."""

import pytest
from wagtail.models import Locale, Page, PageLogEntry

from cms.base.translation_copies import copy_for_translation
from cms.stories.models import StoryIndexPage, StoryPage
from tests.demo_dump import Canon

pytestmark = pytest.mark.django_db
#: Where a page is and which it is, not what it holds: these differ between any two pages.
PLACE = {"id", "page_ptr_id", "path", "url_path", "slug", "translation_key", "alias_of_id"}
PLACE |= {"latest_revision_id", "live_revision_id"}
WHEN = {"latest_revision_created_at", "first_published_at", "last_published_at"}
#: The same in a revision's content, which names foreign keys by their field.
REVISION_PLACE = {"pk", "path", "url_path", "slug", "translation_key", "alias_of", "latest_revision", "live_revision"}


def what_an_editor_sees(page):
    """The page as stored, its revisions' content and its history, without ids or clock fields."""
    page = Page.objects.get(pk=page.pk).specific
    canon = Canon()
    stored = {
        f.attname: canon.value(f.value_from_object(page))
        for f in page._meta.concrete_fields
        if f.attname not in PLACE | WHEN
    }
    revisions = [
        {k: canon.json(v) for k, v in r.content.items() if k not in REVISION_PLACE | WHEN}
        for r in page.revisions.order_by("pk")
    ]
    history = sorted(PageLogEntry.objects.filter(page=page).values_list("action", "content_changed"))
    return stored, revisions, history


@pytest.mark.parametrize("alias", [False, True], ids=["translation", "alias"])
def test_a_demo_translation_is_what_wagtails_copy_for_translation_makes(kommun, alias):
    home = kommun("boden").site.root_page
    index = StoryIndexPage.objects.child_of(home).get()
    story = StoryPage.objects.child_of(index).live().first()
    by_wagtail, by_demo = (
        story.copy(to=index, update_attrs={"slug": f"{story.slug}-{name}"}, keep_live=True) for name in ("a", "b")
    )
    locale = Locale.objects.get(language_code="de" if alias else "en")
    made_by_wagtail = by_wagtail.copy_for_translation(locale, alias=alias)
    made_by_demo = copy_for_translation(by_demo, locale, alias=alias)

    assert made_by_demo.get_parent().pk == made_by_wagtail.get_parent().pk == index.get_translation(locale).pk
    assert made_by_demo.translation_key == by_demo.translation_key and made_by_demo.locale == locale
    assert made_by_demo.alias_of_id == (by_demo.pk if alias else None)
    assert what_an_editor_sees(made_by_demo) == what_an_editor_sees(made_by_wagtail)
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_demo_alias_of_a_kommuns_home_is_what_wagtails_copy_for_translation_makes(kommun):
    home = kommun("boden").site.root_page.specific
    by_wagtail, by_demo = (
        home.copy(to=home.get_parent(), update_attrs={"slug": f"{home.slug}-{name}"}, keep_live=True)
        for name in ("a", "b")
    )
    locale = Locale.objects.get(language_code="de")
    made_by_wagtail = by_wagtail.copy_for_translation(locale, alias=True)
    made_by_demo = copy_for_translation(by_demo, locale, alias=True)

    assert made_by_demo.get_parent().is_root() and made_by_wagtail.get_parent().is_root()
    assert made_by_demo.slug == f"{by_demo.slug}-de"
    assert made_by_demo.translation_key == by_demo.translation_key and made_by_demo.locale == locale
    assert made_by_demo.alias_of_id == by_demo.pk
    assert what_an_editor_sees(made_by_demo) == what_an_editor_sees(made_by_wagtail)
    assert Page.find_problems() == ([], [], [], [], [])
