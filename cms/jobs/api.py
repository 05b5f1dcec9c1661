from cms.base.api import ListingSerializer, PublicListingViewSet, TranslatedField

from .models import Job


class JobSerializer(ListingSerializer):
    title = TranslatedField("title")
    description = TranslatedField("description")
    requirements = TranslatedField("requirements")
    how_to_apply = TranslatedField("how_to_apply")

    class Meta:
        model = Job
        fields = [
            "id",
            "kommun",
            "title",
            "description",
            "employer",
            "occupation",
            "employment_type",
            "occupation_group",
            "working_hours",
            "languages",
            "remote",
            "salary_type",
            "requirements",
            "how_to_apply",
            "apply_by",
            "posted_on",
            "url",
            "ad_url",
            "salary",
            "salary_sek",
            "salary_period",
            "workplace_address",
            "postal_code",
            "town",
            "latitude",
            "longitude",
            "languages_available",
        ]


class JobViewSet(PublicListingViewSet):
    model = Job
    serializer_class = JobSerializer
