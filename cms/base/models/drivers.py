from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from cms.languages import SOURCE

from ..forms import TranslatedForm
from .listings import TranslationRowMixin


class Driver(ClusterableModel):
    """A reason people move: the seed's six "drivers", kept by region editors.

    Pages, stories and activities are tagged with drivers so that "Top picks for
    you" can order content by what a visitor cares about.
    """

    slug = models.SlugField(unique=True, max_length=40)
    name = models.CharField(_("name (Swedish)"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(default=0)

    export_fields = ("slug", "name", "sort_order")
    export_scope = None  # the region's taxonomy, on every site

    base_form_class = TranslatedForm
    translation_required_fields = ("name",)
    panels = [
        FieldPanel("slug"),
        FieldPanel("name"),
        FieldPanel("sort_order"),
        InlinePanel("translations", label=_("Translations")),
    ]

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")

    def __str__(self):
        """The name in the active language: the admin's checkboxes and lists speak the editor's language."""
        return self.label((get_language() or SOURCE).split("-")[0])

    def label(self, language_code):
        for row in self.translations.all():
            if row.language_code == language_code and row.name:
                return row.name
        return self.name


class DriverTranslation(TranslationRowMixin, Orderable):
    """A driver's name and description in one language."""

    driver = ParentalKey(Driver, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)

    panels = [FieldPanel("language_code"), FieldPanel("name"), FieldPanel("description")]
    export_fields = ("driver", "language_code", "name", "sort_order")
    export_scope = None

    class Meta(Orderable.Meta):
        unique_together = [("driver", "language_code")]
