from rest_framework import serializers

from cms.base.api import ListingSerializer, PublicListingViewSet, TranslatedField
from cms.languages import SOURCE

from .models import HousingListing, Neighbourhood


class NeighbourhoodSerializer(serializers.ModelSerializer):
    description = serializers.SerializerMethodField()
    nature = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()

    class Meta:
        model = Neighbourhood
        fields = [
            "slug",
            "name",
            "latitude",
            "longitude",
            "nearest_school",
            "school_distance_km",
            "commute_minutes_to_centre",
            "description",
            "nature",
            "services",
        ]

    def _text(self, instance, field):
        rows = {row.language_code: row for row in instance.translations.all()}
        row = rows.get(self.context["language"]) or rows.get(SOURCE)
        return getattr(row, field, "") if row else ""

    def get_description(self, instance):
        return self._text(instance, "description")

    def get_nature(self, instance):
        return self._text(instance, "nature")

    def get_services(self, instance):
        return self._text(instance, "services")


class HousingListingSerializer(ListingSerializer):
    title = TranslatedField("title")
    description = TranslatedField("description")
    neighbourhood = NeighbourhoodSerializer(read_only=True)

    class Meta:
        model = HousingListing
        fields = [
            "id",
            "kommun",
            "title",
            "description",
            "address",
            "neighbourhood",
            "latitude",
            "longitude",
            "tenure",
            "rooms",
            "living_area_m2",
            "monthly_rent_sek",
            "asking_price_sek",
            "available_from",
            "landlord",
            "landlord_url",
            "languages_available",
        ]


class HousingListingViewSet(PublicListingViewSet):
    model = HousingListing
    serializer_class = HousingListingSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("neighbourhood").prefetch_related("neighbourhood__translations")
