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
