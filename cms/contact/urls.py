"""The contact form's endpoint (part of cms.public_urls)."""

from django.urls import path

from .views import ContactView

urlpatterns = [
    path("api/contact", ContactView.as_view(), name="contact"),
]
