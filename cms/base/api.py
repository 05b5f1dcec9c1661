"""The shared machinery of the read-only listing endpoints (housing, activities, jobs)."""

from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from cms import languages

from .models import Kommun


def requested_language(request):
    language = request.query_params.get("lang", languages.SOURCE)
    if language not in languages.CODES:
        raise ValidationError({"lang": f"Unknown language {language!r}; use one of {', '.join(languages.CODES)}."})
    return language


class TranslatedField(serializers.Field):
    """A field read from the listing's translation rows in the requested language."""

    def __init__(self, field_name, **kwargs):
        self.translated_field = field_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return instance.text(self.context["language"], self.translated_field)


class ListingSerializer(serializers.ModelSerializer):
    kommun = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    languages_available = serializers.SerializerMethodField()

    def get_languages_available(self, instance):
        return instance.available_languages()


def driver_slugs(instance):
    return [driver.slug for driver in instance.drivers.all()]


class PublicListingViewSet(viewsets.ReadOnlyModelViewSet):
    """Live listings only, filterable by kommun (`?kommun=pitea,boden`) and language.

    The public API never shows drafts or unpublished listings: `get_queryset`
    starts from `live=True` and subclasses only narrow it further.
    """

    lookup_field = "pk"

    def get_queryset(self):
        queryset = self.model.objects.filter(live=True).select_related("kommun").prefetch_related("translations")
        kommun = self.request.query_params.get("kommun")
        if kommun:
            slugs = [slug.strip() for slug in kommun.split(",") if slug.strip()]
            known = set(Kommun.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            unknown = sorted(set(slugs) - known)
            if unknown:
                raise ValidationError({"kommun": f"Unknown kommun {', '.join(unknown)}."})
            queryset = queryset.filter(kommun__slug__in=slugs)
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["language"] = requested_language(self.request)
        return context
