"""Turn `sites/*.toml` into Wagtail sites, locale trees, collections and editor groups.

Idempotent: running it again changes nothing that is already right, so it can run
on every deploy and before every demo load.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
)

from .models import Kommun
from .translation_copies import copy_for_translation

REGION_EDITORS = "Region editors"
REGION_COLLECTION = "Region"

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
IMAGE_PERMISSIONS = [("wagtailimages", p) for p in ("add_image", "change_image", "choose_image")]
DOCUMENT_PERMISSIONS = [("wagtaildocs", p) for p in ("add_document", "change_document", "choose_document")]
#: What each kommun's editors keep for their own kommun only (scoped in cms.base.permissions).
KOMMUN_MODELS = [
    ("housing", "housinglisting"),
    ("housing", "neighbourhood"),
    ("activities", "activity"),
    ("jobs", "job"),
    ("experiments", "experiment"),
    ("experiments", "usabilitysession"),
]
# What the public sends: editors read, answer and erase it; the public alone adds it.
INBOX_PERMISSIONS = [
    ("activities", "view_activitysubmission"),
    ("activities", "change_activitysubmission"),
    ("activities", "delete_activitysubmission"),
    ("contact", "view_contactrequest"),
    ("contact", "change_contactrequest"),
    ("contact", "delete_contactrequest"),
]
REGION_MODELS = [("region", "sharedcontent"), ("base", "driver")]
#: The imports' report (read-only): a kommun's editors see its runs, everyone the region-wide ones.
REPORT_MODELS = [("imports", "importrun")]


def ensure_locales():
    """Every content language exists as a Wagtail locale (Swedish first, the source)."""
    return [Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def _model_permissions(app_models, actions=("add", "change", "delete", "publish", "view")):
    codenames = [f"{action}_{model}" for _app, model in app_models for action in actions]
    apps = {app for app, _model in app_models}
    return Permission.objects.filter(content_type__app_label__in=apps, codename__in=codenames)


def _inbox_permissions():
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in INBOX_PERMISSIONS
    ]


def _child_collection(name):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def _grant_collection(group, collection):
    """The image and document permissions on `collection` for `group`: what a `get_or_create` per
    permission makes, in the same order, with one query for the permissions and one for what exists."""
    wanted = IMAGE_PERMISSIONS + DOCUMENT_PERMISSIONS
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _codename in wanted},
        codename__in=[codename for _app, codename in wanted],
    ).select_related("content_type")
    by_key = {(permission.content_type.app_label, permission.codename): permission for permission in found}
    granted = set(
        GroupCollectionPermission.objects.filter(group=group, collection=collection).values_list(
            "permission", flat=True
        )
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection=collection, permission=by_key[key])
        for key in wanted
        if by_key[key].pk not in granted
    )


def _grant_pages(group, pages):
    """Every permission of PAGE_PERMISSIONS on each of `pages` for `group`: what a `get_or_create` per
    page and permission makes, in the same order, with one query for what exists and one insert."""
    permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS)
    granted = set(
        GroupPagePermission.objects.filter(group=group, page__in=pages).values_list("page_id", "permission_id")
    )
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission=permission)
        for page in pages
        for permission in permissions
        if (page.pk, permission.pk) not in granted
    )


def _access_admin():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def remove_wagtail_welcome_page():
    """Wagtail's first migration makes a placeholder site; the kommuner replace it."""
    for site in Site.objects.filter(root_page__content_type__app_label="wagtailcore", root_page__slug="home"):
        page = site.root_page
        site.delete()
        if page.get_children_count() == 0:
            page.delete()


def ensure_home_page(config, source_locale):
    from cms.home.models import HomePage

    site = Site.objects.filter(hostname=config.dev_hostname).select_related("root_page").first()
    if site is not None:
        return site, site.root_page.specific
    root = Page.get_first_root_node()
    home = HomePage(title=config.name, slug=config.slug, hero_headline=config.name, locale=source_locale)
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.create(hostname=config.dev_hostname, port=80, site_name=config.name, root_page=home)
    return site, home


def ensure_translation_trees(page, locales):
    """Give `page` a counterpart in every locale: an alias until someone translates it.

    The same rule Wagtail's simple translation applies in the admin, applied here
    to pages created by code, so every language tree has the same shape. `page` is a kommun's
    home: its parent, the root, needs no translation first.
    """
    for locale in locales:
        if locale.pk != page.locale_id and not page.has_translation(locale):
            copy_for_translation(page, locale, alias=True)


def remove_wagtail_editors_group():
    """Wagtail's first migration makes an "Editors" group that may edit every site.

    Here editing rights are per kommun; a stray member of that group would escape
    their kommun, so the group goes while nobody is in it.
    """
    Group.objects.filter(name="Editors", user__isnull=True).delete()


def setup_region():
    group, _created = Group.objects.get_or_create(name=REGION_EDITORS)
    group.permissions.add(
        _access_admin(), *_model_permissions(REGION_MODELS), *_model_permissions(REPORT_MODELS, actions=("view",))
    )
    _grant_collection(group, _child_collection(REGION_COLLECTION))
    return group


def setup_kommun(config, locales):
    source_locale = locales[0]
    site, home = ensure_home_page(config, source_locale)
    if site.site_name != config.name:
        site.site_name = config.name
        site.save(update_fields=["site_name"])
    ensure_translation_trees(home, locales)

    group, _created = Group.objects.get_or_create(name=f"{config.name} editors")
    group.permissions.add(
        _access_admin(),
        *_model_permissions(KOMMUN_MODELS),
        *_model_permissions(REPORT_MODELS, actions=("view",)),
        *_inbox_permissions(),
    )
    collection = _child_collection(config.name)
    _grant_collection(group, collection)

    # A kommun's tree exists once per language; the editors get every copy of it.
    _grant_pages(group, [home, *home.get_translations()])

    kommun, _created = Kommun.objects.update_or_create(
        slug=config.slug,
        defaults={"name": config.name, "site": site, "editors_group": group, "collection": collection},
    )
    return kommun


@transaction.atomic
def sync_kommuner(configs):
    """Create or update everything each kommun in `configs` needs; return the Kommun rows."""
    locales = ensure_locales()
    remove_wagtail_welcome_page()
    remove_wagtail_editors_group()
    setup_region()
    return [setup_kommun(config, locales) for config in configs.values()]
