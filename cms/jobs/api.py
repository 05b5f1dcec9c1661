from cms.base.api import ListingSerializer, PublicListingViewSet, TranslatedField

from .models import Job


class JobSerializer(ListingSerializer):
    title = TranslatedField("title")
    description = TranslatedField("description")

    class Meta:
        model = Job
        fields = [
            "id", "kommun", "title", "description", "employer", "occupation", "employment_type", "apply_by",
            "url", "workplace_address", "latitude", "longitude", "languages_available",
        ]


class JobViewSet(PublicListingViewSet):
    model = Job
    serializer_class = JobSerializer
