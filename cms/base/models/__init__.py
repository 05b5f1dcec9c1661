from .audit_log import KommunLogEntry, kommun_scoped_models
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
    "KommunLogEntry",
    "TranslationRowMixin",
    "kommun_scoped_models",
    "validate_translation_rows",
]
