from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """Wagtail's image plus what an accessible, credited static site needs.

    The build refuses an image without alt text (`description`) unless an editor
    has marked it decorative, and prints the credit under it.
    """

    credit = models.CharField(_("credit"), max_length=255, blank=True)
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Tick only if the image adds nothing for a screen reader user; it then needs no alt text."),
    )

    admin_form_fields = Image.admin_form_fields + ("credit", "decorative")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def alt_text(self):
        return "" if self.decorative else (self.description or "")


class CustomRendition(AbstractRendition):
    """Renditions of CustomImage (required by Wagtail for a custom image model)."""

    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
