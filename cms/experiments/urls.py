"""The experiments' public endpoint (part of cms.public_urls)."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/events", api.events, name="experiment-events"),
]
