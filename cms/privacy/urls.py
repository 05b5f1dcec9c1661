"""The erasure link's URL (part of cms.public_urls)."""

from django.urls import path

from .views import ErasureView

urlpatterns = [
    path("privacy/<slug:slug>/<slug:language>/<str:token>", ErasureView.as_view(), name="privacy-erase"),
]
