"""Field validators shared by every content area."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .site_config import NORRBOTTEN_LATITUDE, NORRBOTTEN_LONGITUDE


def validate_latitude(value):
    low, high = NORRBOTTEN_LATITUDE
    if value is not None and not low <= value <= high:
        raise ValidationError(
            _("Latitude %(value)s is outside Norrbotten (%(low)s to %(high)s)."),
            params={"value": value, "low": low, "high": high},
            code="outside_norrbotten",
        )


def validate_longitude(value):
    low, high = NORRBOTTEN_LONGITUDE
    if value is not None and not low <= value <= high:
        raise ValidationError(
            _("Longitude %(value)s is outside Norrbotten (%(low)s to %(high)s)."),
            params={"value": value, "low": low, "high": high},
            code="outside_norrbotten",
        )


def validate_image_alt_text(image):
    """An image shown in content needs alt text (Wagtail's `description`) or to be marked decorative.

    The build would leave such an image out of the site (`cms.export.kommun`): a visitor who cannot
    see it would not know it is there. Refused where the editor chooses it, with the way to fix it."""
    if image is not None and not image.decorative and not (image.description or "").strip():
        raise ValidationError(
            _(
                'The image "%(title)s" has no alt text. Write its alt text (or mark it decorative) '
                "in Images, then choose it again."
            ),
            params={"title": image.title},
            code="image_without_alt_text",
        )
