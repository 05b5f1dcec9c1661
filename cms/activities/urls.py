"""The activity submission endpoint (part of cms.public_urls)."""

from django.urls import path

from .submissions import SubmitActivityView

urlpatterns = [
    path("api/activities/submit", SubmitActivityView.as_view(), name="activity-submit"),
]
