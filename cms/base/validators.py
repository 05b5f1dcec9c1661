"""Field validators shared by every content area."""

from django.conf import settings
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


def home_deletion_error(page):
    """Why `page` may not be deleted, or None: it is a kommun's home page in a language its site lists.

    Each language of `sites/<slug>.toml` is built from that language's home page; without it the build
    refuses the whole kommun (`cms.export.kommun`). Refused where the editor deletes it, with the fix."""
    from wagtail.models import Page

    from .models import Kommun

    if page.depth != 2:
        return None
    source = Page.objects.filter(translation_key=page.translation_key, sites_rooted_here__isnull=False).first()
    kommun = Kommun.objects.filter(site__root_page=source).first() if source is not None else None
    language = page.locale.language_code
    if kommun is None or language not in kommun.config.languages:
        return None
    return _(
        "The %(language)s home page of %(kommun)s cannot be deleted: sites/%(slug)s.toml lists %(language)s, "
        "and the site cannot be built without it. Remove the language from sites/%(slug)s.toml first."
    ) % {
        "language": dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(language, language),
        "kommun": kommun,
        "slug": kommun.slug,
    }
