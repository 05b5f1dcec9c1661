from .drivers import Driver, DriverTranslation
from .images import CustomImage, CustomRendition, ImageAltText
from .kommun import Kommun
from .listings import KommunListing, TranslationRowMixin, validate_translation_rows

__all__ = [
    "CustomImage",
    "CustomRendition",
    "Driver",
    "ImageAltText",
    "DriverTranslation",
    "Kommun",
    "KommunListing",
    "TranslationRowMixin",
    "validate_translation_rows",
]
