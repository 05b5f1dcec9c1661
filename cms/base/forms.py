"""Admin forms shared by every page type and by every model with per-language rows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.images.models import AbstractImage

from .models.listings import translation_row_errors
from .rich_text import RichTextLinksForm
from .validators import validate_image_alt_text


class TranslatedForm(WagtailAdminModelForm):
    """Checks the per-language rows the editor typed: Swedish present, each language once,
    required fields filled. Messages appear at the top of the form."""

    translations_relation = "translations"

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get(self.translations_relation)
        if formset is None or not all(
            form.is_valid() for form in formset.forms if form.has_changed() or form.instance.pk
        ):
            return cleaned  # the rows' own field errors come first
        rows = [
            (form.cleaned_data.get("language_code"), form.cleaned_data)
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for message in translation_row_errors(rows, self._meta.model.translation_required_fields):
            self.add_error(None, ValidationError(message))
        return cleaned


class PageForm(RichTextLinksForm, WagtailAdminPageForm):
    """Every page type's admin form: a web address (slug) taken under the same parent is
    explained on the Content tab, beside the title that made it, with a link to the page that
    has it.

    The admin saves a new page in the background as the editor types (Wagtail's autosave), so
    an editor who leaves and starts again meets the draft of the first try. Wagtail reports
    that only on the slug, on the Promote tab the editor is not looking at."""

    def linking_path(self):
        """The page's own path; a new page's parent's (it links as its future siblings do)."""
        if self.instance.pk:
            return self.instance.path
        return self.parent_page.path if self.parent_page is not None else None

    def clean(self):
        slug = self.cleaned_data.get("slug")  # Wagtail's clash error takes it out of cleaned_data
        cleaned = super().clean()
        self._refuse_images_without_alt_text(cleaned)
        if not slug or self.parent_page is None or "slug" not in self.errors:
            return cleaned
        taken = (
            self.parent_page.get_children()
            .filter(slug=slug)
            .exclude(pk=self.instance.pk)
            .select_related("owner")
            .first()
        )
        if taken is None:
            return cleaned
        message = self._taken_message(taken.specific_deferred)
        title = cleaned.get("title") or ""
        derived = slugify(title, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)) == slug
        self.add_error("title" if derived else "slug", ValidationError(message))
        return cleaned

    def _refuse_images_without_alt_text(self, cleaned):
        """An image field (a hero image) whose image has no alt text, as `ImageChooserBlock` refuses one in a body."""
        for name, value in list(cleaned.items()):
            if isinstance(value, AbstractImage):
                try:
                    validate_image_alt_text(value)
                except ValidationError as error:
                    self.add_error(name, error)

    def _taken_message(self, taken):
        link = ""
        if self.for_user is not None and taken.permissions_for_user(self.for_user).can_edit():
            link = reverse("wagtailadmin_pages:edit", args=[taken.pk])
        mine = taken.owner_id is not None and self.for_user is not None and taken.owner_id == self.for_user.pk
        if not taken.live and taken.first_published_at is None and mine:
            text = _(
                "You already have a draft called “%(title)s” here: the admin saved it as you typed. "
                "Continue that draft, or give this page another title."
            )
        else:
            text = _(
                "A page called “%(title)s” already has this web address here (“%(slug)s”). "
                "Give this page another title, or another web address on the Promote tab."
            )
        text = text % {"title": taken.get_admin_display_title(), "slug": taken.slug}
        if not link:
            return text
        return format_html(
            '{} <a href="{}">{}</a>', text, link, _("Open “%(title)s”") % {"title": taken.get_admin_display_title()}
        )
