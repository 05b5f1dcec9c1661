from django.urls import path

from .views import ListingOutOfDateView, PageOutOfDateView, TranslationMatrixView

app_name = "translations"
urlpatterns = [
    path("", TranslationMatrixView.as_view(), name="matrix"),
    path("page/<int:page_id>/", PageOutOfDateView.as_view(), name="page"),
    path(
        "listing/<slug:app_label>/<slug:model_name>/<int:pk>/<slug:language_code>/",
        ListingOutOfDateView.as_view(),
        name="listing",
    ),
]
