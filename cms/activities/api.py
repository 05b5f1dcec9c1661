from rest_framework import serializers

from cms.base.api import ListingSerializer, PublicListingViewSet, TranslatedField, driver_slugs

from .models import Activity, ModerationStatus


class ActivitySerializer(ListingSerializer):
    title = TranslatedField("title")
    description = TranslatedField("description")
    drivers = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "kommun",
            "title",
            "description",
            "category",
            "audience",
            "languages",
            "place",
            "latitude",
            "longitude",
            "start",
            "end",
            "recurrence",
            "until",
            "price_sek",
            "organiser",
            "contact_email",
            "contact_phone",
            "drivers",
            "languages_available",
        ]

    def get_drivers(self, instance):
        return driver_slugs(instance)


class ActivityViewSet(PublicListingViewSet):
    model = Activity
    serializer_class = ActivitySerializer

    def get_queryset(self):
        # Submissions from the public wait for a kommun editor's approval.
        return super().get_queryset().filter(moderation_status=ModerationStatus.APPROVED).prefetch_related("drivers")
