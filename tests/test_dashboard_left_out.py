"""The dashboard's "Last builds of the site" panel names what each build left out of the site, with the
link where the editor fixes it, in the editor's admin language; through the real admin and a real build."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile

from cms.publishing.models import Build
from cms.publishing.worker import build_pending
from cms.topics.models import TopicPage
from tests.test_publishing import queue  # noqa: F401 (the fixture: an empty queue, publishing into tmp_path)

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("queue")
def test_the_builds_panel_lists_what_the_build_left_out_in_swedish_with_the_fix_it_link(
    editor_client, kommun, django_capture_on_commit_callbacks
):
    pages = TopicPage.objects.descendant_of(kommun("pitea").site.root_page).filter(locale__language_code="sv")
    page, target = pages.live()[:2]
    with django_capture_on_commit_callbacks(execute=True):  # the publish queues Piteå's build when it commits
        page.body = [("paragraph", RichText(f'<p>Läs <a linktype="page" id="{target.pk}">om kulturen</a>.</p>'))]
        page.save_revision().publish()
        target.unpublish()  # after the link was published: the admin could not refuse it
    client = editor_client("pitea")
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="editor-pitea"))
    profile.preferred_language = "sv"
    profile.save()

    assert build_pending() == {"pitea": "live"}

    [build] = Build.objects.filter(kommun=kommun("pitea"))
    assert [item["params"]["target"] for item in build.left_out] == [target.title]
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Utelämnat från webbplatsen tills det rättas:" in dashboard
    sentence = f"En länk i &quot;{page.title}&quot; till sidan &quot;{target.title}&quot; togs bort (texten finns kvar)"
    assert sentence in dashboard
    assert f'/admin/pages/{page.pk}/edit/">Rätta det här</a>' in dashboard
