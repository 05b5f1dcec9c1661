from django.conf import settings
from django.db import models
from django.db.models.base import DEFERRED
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """Wagtail's image plus what an accessible, credited static site needs.

    The build refuses an image without alt text (`description`, in Swedish, the source
    language) unless an editor has marked it decorative, and prints the credit under it.
    Alt text is content, so it is written per language too (`ImageAltText`).
    """

    credit = models.CharField(_("credit"), max_length=255, blank=True)
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Tick only if the image adds nothing for a screen reader user; it then needs no alt text."),
    )

    admin_form_fields = Image.admin_form_fields + ("credit", "decorative")
    #: A kommun's images are in its collection; the others (no kommun) are the region's.
    export_fields = (
        *("title", "file", "file_hash", "width", "height", "description", "decorative", "credit"),
        *("focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"),
    )
    export_scope = "collection__kommun"

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __init__(self, *args, **kwargs):
        """Wagtail 8's `AbstractImage.__init__` sets `decorative` to False on every image it makes (for
        its `ImageBlock`, where it is a per-use flag); here it is the stored field, so an image marked
        decorative would load as not decorative. It gets back the value it was made with."""
        super().__init__(*args, **kwargs)
        if "decorative" in kwargs:
            value = kwargs["decorative"]
        elif len(args) > _DECORATIVE_INDEX:
            value = args[_DECORATIVE_INDEX]
        else:
            value = self._meta.get_field("decorative").get_default()
        if value is DEFERRED:
            del self.__dict__["decorative"]  # loaded from the database when read, as Django defers it
        else:
            self.decorative = value

    @property
    def alt_text(self):
        return "" if self.decorative else (self.description or "")

    def alt_texts(self):
        """{language: alt text} for every language it is written in, Swedish (`description`) included.

        A language missing here is not an error: the site shows another language's text and
        marks it with that language, as it does for untranslated pages."""
        if self.decorative:
            return {}
        texts = {row.language_code: row.alt_text for row in self.alt_text_rows.all() if row.alt_text.strip()}
        if (self.description or "").strip():
            texts[settings.LANGUAGE_CODE] = self.description
        return texts

    def alt_text_in(self, languages, texts=None):
        """(alt text, its language) in the first of `languages` (a fallback chain) it is written in;
        ("", None) when it is decorative or written in none of them."""
        texts = self.alt_texts() if texts is None else texts
        code = next((code for code in languages if code in texts), None)
        return texts.get(code, ""), code


#: Where `decorative` is among the values Django passes to `CustomImage(*values)` (`Model.from_db`).
_DECORATIVE_INDEX = [field.attname for field in CustomImage._meta.concrete_fields].index("decorative")


class ImageAltText(models.Model):
    """An image's alt text in one language besides Swedish.

    A German page describes its picture in German: rows rather than a column per
    language, so a language added to the registry needs no migration.
    """

    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="alt_text_rows")
    language_code = models.CharField(_("language"), max_length=8, choices=settings.WAGTAIL_CONTENT_LANGUAGES)
    alt_text = models.CharField(_("alt text"), max_length=255)

    export_fields = ("image", "language_code", "alt_text")
    export_scope = "image__collection__kommun"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["image", "language_code"], name="one_alt_text_per_language")]
        verbose_name = _("alt text")
        verbose_name_plural = _("alt texts")

    def __str__(self):
        return f"{self.language_code}: {self.alt_text}"


class CustomRendition(AbstractRendition):
    """Renditions of CustomImage (required by Wagtail for a custom image model)."""

    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
