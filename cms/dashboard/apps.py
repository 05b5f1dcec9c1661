from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Panels on the Wagtail admin's home page showing what needs the editor, for the editor's kommun only."""

    name = "cms.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
