from wagtail import hooks

from .builds import BuildsPanel
from .panels import PANELS


@hooks.register("construct_homepage_panels")
def add_work_panels(request, panels):
    """The editor's work first: what waits for moderation, answers, erasure, experiments, imports, translation;
    then the kommun's last builds (cms.publishing)."""
    panels.extend(panel(request) for panel in [*PANELS, BuildsPanel])
