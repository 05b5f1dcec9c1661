"""Rich text that links only to what the site publishes, refused where the editor types it.

The build leaves out a rich-text link whose target the kommun's site does not publish (a page
not published, another kommun's page, a deleted page or document: `cms.export.richtext`). An
editor publishing such a link hears it at once, on the field, in Wagtail's own validation
message naming the linked page, rather than from the dashboard after the build. A draft may keep
it (Wagtail's deferred validation: the linked page may be published next), as Wagtail lets a draft
leave required fields empty.

Every rich text of the project is checked: the RichTextBlock below stands in for Wagtail's (its
migrations keep Wagtail's path, `DECONSTRUCT_ALIASES`), and `PageForm` and the shared content's
form check their RichTextFields (`rich_text_field_errors`); tests/test_validation_links.py walks
every model to keep it so.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

#: The path of the page being edited (or of its parent, for a new page); "" for region-wide content
#: that every kommun's site shows; None when the record's site is not known (content saved by code).
_linking_from = ContextVar("the page whose rich text is being validated", default=None)

REGION_WIDE = ""


@contextmanager
def linking_from(path):
    """Validate rich-text links as written on the page at `path` (REGION_WIDE: on every kommun's site)."""
    token = _linking_from.set(path)
    try:
        yield
    finally:
        _linking_from.reset(token)


def _home_path(path):
    """The path of the kommun home (of one language) a page's path is under: its ancestor at depth 2."""
    return path[: Page.steplen * 2]


def _same_site(path, other_path):
    homes = Page.objects.filter(path__in={_home_path(path), _home_path(other_path)})
    return len({home.translation_key for home in homes}) == 1


def _page_link_error(page_id, source_path):
    page = Page.objects.filter(pk=page_id).first() if page_id is not None else None
    if page is None:
        return _("A link goes to a page that no longer exists. Remove the link or choose another page.")
    title = page.get_admin_display_title()
    if source_path == REGION_WIDE:
        return _(
            "The link to “%(title)s” cannot be used here: this text is shown on every kommun's site, and that "
            "page is on one kommun's site only. Link to its web address instead."
        ) % {"title": title}
    if source_path and not _same_site(source_path, page.path):
        return _(
            "The link to “%(title)s” goes to a page of another kommun's site, which this site cannot link to. "
            "Link to a page of this site, or to the other site's web address."
        ) % {"title": title}
    ancestors = [page.path[:length] for length in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    if not page.live or PageViewRestriction.objects.filter(page__path__in=ancestors).exists():
        return _(
            "The link to “%(title)s” goes to a page that is not published, so the site would leave the link out. "
            "Publish “%(title)s” first, or remove the link."
        ) % {"title": title}
    return None


def _document_link_error(document_id):
    document = get_document_model().objects.filter(pk=document_id).first() if document_id is not None else None
    if document is None:
        return _("A link goes to a document that no longer exists. Remove the link or choose another document.")
    if not document.file or not document.file.storage.exists(document.file.name):
        return _(
            "The link to the document “%(title)s” cannot be published: its file is missing. "
            "Upload the file again in Documents, or remove the link."
        ) % {"title": document.title}
    return None


def link_errors(html):
    """A sentence for each link of stored rich text (`html`) that the site would leave out."""
    source_path = _linking_from.get()
    errors = []
    for match in FIND_A_TAG.finditer(html or ""):
        attrs = extract_attrs(match.group(1))
        try:
            target = int(attrs.get("id", ""))
        except ValueError:
            target = None
        linktype = attrs.get("linktype")
        href = attrs.get("href", "")
        if linktype is None and href.startswith("/") and not href.startswith("//"):
            error = _(
                "The link to “%(address)s” is an address on the site typed by hand, which the site cannot keep "
                "up to date. Choose the page as an internal link, or give a full web address starting with https://."
            ) % {"address": href}
        elif linktype == "page":
            error = _page_link_error(target, source_path)
        elif linktype == "document":
            error = _document_link_error(target)
        else:
            continue
        if error and error not in errors:
            errors.append(error)
    return errors


def validate_rich_text_links(html):
    """Raise Wagtail's ValidationError naming each link of `html` the site would leave out."""
    errors = link_errors(html)
    if errors:
        raise ValidationError([ValidationError(error, code="link_not_published") for error in errors])


class RichTextLinksForm:
    """A mixin for a Wagtail admin model form: its fields and blocks are validated as written on the
    page `linking_path()` names, and its RichTextFields' links are checked (unless it saves a draft)."""

    def linking_path(self):
        """The path the rich text is shown on (a page's; REGION_WIDE; None: not known)."""
        raise NotImplementedError

    def full_clean(self):
        with linking_from(self.linking_path()):
            super().full_clean()

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation:
            return cleaned
        for name, value in list(cleaned.items()):
            try:
                field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:  # a form field of no model field (a page's comment notifications)
                continue
            if isinstance(field, RichTextField):
                for error in link_errors(value):
                    self.add_error(name, ValidationError(error, code="link_not_published"))
        return cleaned


class RegionWideRichTextForm(RichTextLinksForm, WagtailAdminModelForm):
    """The admin form of content every kommun's site shows (shared region content)."""

    def linking_path(self):
        return REGION_WIDE


class RichTextBlock(blocks.RichTextBlock):
    """Wagtail's `RichTextBlock`, refusing (at publish) a link the site would leave out."""

    def clean(self, value):
        value = super().clean(value)
        if not self.is_deferred_validation:
            validate_rich_text_links(value.source)
        return value


#: The block differs from Wagtail's in the admin only: migrations name Wagtail's.
DECONSTRUCT_ALIASES = {RichTextBlock: "wagtail.blocks.RichTextBlock"}
