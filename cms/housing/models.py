from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from cms.base.chooser_widgets import ImageChooserBlock
from cms.base.forms import TranslatedForm
from cms.base.models import Kommun, KommunListing
from cms.base.models.listings import TranslationRowMixin
from cms.base.validators import validate_latitude, validate_longitude

TENURES = [
    ("rental", _("Rental")),
    ("tenant-owned", _("Tenant-owned flat")),
    ("house-for-sale", _("House for sale")),
    ("room", _("Room")),
]
#: Tenures paid by the month, which therefore need a monthly cost.
MONTHLY_TENURES = {"rental", "room"}
#: Tenures bought, which therefore need an asking price.
PRICED_TENURES = {"tenant-owned", "house-for-sale"}


class CoordinatesMixin(models.Model):
    latitude = models.FloatField(_("latitude"), validators=[validate_latitude])
    longitude = models.FloatField(_("longitude"), validators=[validate_longitude])

    class Meta:
        abstract = True


class Neighbourhood(CoordinatesMixin, ClusterableModel):
    """An area of a kommun, with what helps people decide where to live.

    Listings point at their neighbourhood, so the schools, commute, nature and
    services nearby are written once and shown on every listing there.
    """

    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    nearest_school = models.CharField(_("nearest school"), max_length=160, blank=True)
    school_distance_km = models.DecimalField(
        _("distance to school (km)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    commute_minutes_to_centre = models.PositiveSmallIntegerField(_("minutes to the centre"), null=True, blank=True)

    base_form_class = TranslatedForm
    translation_required_fields = ("description",)
    panels = [
        FieldPanel("kommun"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldRowPanel(
            [FieldPanel("nearest_school"), FieldPanel("school_distance_km"), FieldPanel("commute_minutes_to_centre")]
        ),
        InlinePanel("translations", label=_("Descriptions"), min_num=1),
    ]

    class Meta:
        ordering = ["kommun", "name"]
        unique_together = [("kommun", "slug")]
        verbose_name = _("neighbourhood")

    export_fields = ("name", "nearest_school", "school_distance_km", "commute_minutes_to_centre")
    export_scope = "kommun"

    def __str__(self):
        return f"{self.name} ({self.kommun})"


class NeighbourhoodTranslation(TranslationRowMixin, Orderable):
    neighbourhood = ParentalKey(Neighbourhood, on_delete=models.CASCADE, related_name="translations")
    description = models.TextField()
    nature = models.TextField(_("nature nearby"), blank=True)
    services = models.TextField(_("services nearby"), blank=True)

    export_fields = ("neighbourhood", "language_code", "description", "nature", "services", "sort_order")
    export_scope = "neighbourhood__kommun"

    class Meta(Orderable.Meta):
        unique_together = [("neighbourhood", "language_code")]


class HousingListing(CoordinatesMixin, KommunListing):
    """A home to rent or buy, as a migrant searches for it."""

    address = models.CharField(_("address"), max_length=200)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="listings"
    )
    tenure = models.CharField(_("tenure"), max_length=20, choices=TENURES)
    rooms = models.PositiveSmallIntegerField(_("rooms"), validators=[MinValueValidator(1)])
    living_area_m2 = models.PositiveIntegerField(_("living area (m²)"), validators=[MinValueValidator(1)])
    monthly_rent_sek = models.PositiveIntegerField(_("monthly rent or fee (SEK)"), null=True, blank=True)
    asking_price_sek = models.PositiveIntegerField(_("asking price (SEK)"), null=True, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    landlord = models.CharField(_("landlord or source"), max_length=160)
    landlord_url = models.URLField(_("link to the landlord or ad"), blank=True)
    images = StreamField([("image", ImageChooserBlock())], blank=True, use_json_field=True)

    export_fields = (
        *("live", "last_published_at", "address", "neighbourhood", "tenure", "rooms", "living_area_m2"),
        *("monthly_rent_sek", "asking_price_sek", "available_from", "landlord", "landlord_url"),
        *("latitude", "longitude", "images"),
    )

    base_form_class = TranslatedForm
    translation_required_fields = ("description",)
    panels = [
        FieldPanel("kommun"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("neighbourhood"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("tenure"),
                FieldRowPanel([FieldPanel("rooms"), FieldPanel("living_area_m2")]),
                FieldRowPanel([FieldPanel("monthly_rent_sek"), FieldPanel("asking_price_sek")]),
                FieldPanel("available_from"),
            ],
            heading=_("The home"),
        ),
        FieldRowPanel([FieldPanel("landlord"), FieldPanel("landlord_url")]),
        FieldPanel("images"),
        InlinePanel("translations", label=_("Descriptions"), min_num=1),
    ]

    class Meta:
        ordering = ["kommun", "address"]
        verbose_name = _("housing listing")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~models.Q(source_id=""), name="unique_housing_source_id"
            )
        ]

    def __str__(self):
        return f"{self.address}, {self.rooms} rooms ({self.kommun})"

    @property
    def rent_sek(self):
        """The monthly rent of a home rented by the month; None for a home that is bought."""
        return self.monthly_rent_sek if self.tenure in MONTHLY_TENURES else None

    @property
    def fee_sek(self):
        """The monthly fee of a home that is bought (a tenant-owned flat's avgift): never a rent,
        so a rent search leaves it out and the pages label it as a fee."""
        return self.monthly_rent_sek if self.tenure in PRICED_TENURES else None

    def clean(self):
        super().clean()
        errors = {}
        if self.tenure in MONTHLY_TENURES and self.monthly_rent_sek is None:
            errors["monthly_rent_sek"] = _("A rental or a room needs its monthly rent.")
        if self.tenure in PRICED_TENURES and self.asking_price_sek is None:
            errors["asking_price_sek"] = _("A home for sale needs its asking price.")
        if self.neighbourhood_id and self.kommun_id and self.neighbourhood.kommun_id != self.kommun_id:
            errors["neighbourhood"] = _("The neighbourhood belongs to another kommun.")
        if errors:
            raise ValidationError(errors)


class HousingListingTranslation(TranslationRowMixin, Orderable):
    listing = ParentalKey(HousingListing, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(
        max_length=160, blank=True, help_text=_("Optional; the address and rooms are shown otherwise.")
    )
    description = models.TextField()

    export_fields = ("listing", "language_code", "title", "description", "sort_order")
    export_scope = "listing__kommun"

    class Meta(Orderable.Meta):
        unique_together = [("listing", "language_code")]
