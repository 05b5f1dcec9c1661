"""What the build requires of a kommun's translations: a home page in every language its site lists.
Without it the build refuses the whole kommun, so the admin refuses to delete it (a kommun's editors may not
delete their home pages at all; an administrator may, and is stopped), through the real admin."""

import pytest
from wagtail.models import Page
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_admin(admin_client, admin_user):
    """An administrator's session, reading the admin in English whatever the default admin language."""
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    return admin_client


def english_home(kommun):
    return kommun("pitea").site.root_page.get_translations().get(locale__language_code="en")


def test_deleting_a_home_page_the_site_is_built_from_is_refused(english_admin, kommun):
    home = english_home(kommun)
    client = english_admin

    response = client.post(f"/admin/pages/{home.pk}/delete/", follow=True)

    assert Page.objects.filter(pk=home.pk).exists()
    assert (
        "The English home page of Piteå cannot be deleted: sites/pitea.toml lists English" in response.content.decode()
    )


def test_bulk_deletion_refuses_it_too(english_admin, kommun):
    home = english_home(kommun)
    client = english_admin

    response = client.post(f"/admin/bulk/wagtailcore/page/delete/?id={home.pk}", {"next": "/admin/pages/"}, follow=True)

    assert Page.objects.filter(pk=home.pk).exists()
    assert "The English home page of Piteå cannot be deleted" in response.content.decode()
