"""The Imports report in the Wagtail admin: a kommun's editors see their own kommun's runs and the
region-wide ones, with every rejected record, and never another kommun's; nobody can change a run.

Runs are made by the real commands (Piteå's feed with two bad rows, Boden's JSON, JobTech's
saved search response), then read through the real admin views with the test client.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime

from cms.imports.models import ImportRun

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


@pytest.fixture
def runs():
    call_command("import_housing", "pitea", str(DATA / "housing" / "two-bad-rows.csv"))
    call_command("import_housing", "boden", str(DATA / "housing" / "boden.json"))
    call_command("import_jobs", str(DATA / "jobtech" / "search.json"))
    return {run.kommun.slug if run.kommun else "region": run for run in ImportRun.objects.select_related("kommun")}


def index(client, query=""):
    response = client.get(reverse("imports:index") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_sees_their_kommuns_runs_and_the_region_wide_ones_only(editor_client, runs):
    client = editor_client("pitea")
    html = index(client)
    assert "feed:pitea:pitea-bostader" in html and "jobtech" in html
    assert "feed:boden:boden" not in html
    assert reverse("imports:inspect", args=[runs["pitea"].pk]) in html
    assert reverse("imports:inspect", args=[runs["boden"].pk]) not in html
    assert "feed:boden:boden" not in index(client, f"?kommun={runs['boden'].kommun_id}")
    assert ">Piteå</" in html and ">Boden</" not in html  # the kommun filter offers only their own

    boden = index(editor_client("boden"))
    assert "feed:boden:boden" in boden and "jobtech" in boden and "feed:pitea:pitea-bostader" not in boden


def test_the_detail_lists_every_rejected_record_and_another_kommuns_run_cannot_be_opened(editor_client, runs):
    client = editor_client("pitea")
    response = client.get(reverse("imports:inspect", args=[runs["pitea"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Line 5 of two-bad-rows.csv (id PB-9002) was skipped: rooms (column &quot;Rum&quot;)" in html
    assert "Line 8 of two-bad-rows.csv (id PB-9004) was skipped: monthly_rent_sek" in html
    with translation.override("en"):  # the editor's admin language
        assert (
            date_format(localtime(runs["pitea"].started_at), "DATETIME_FORMAT") in html
        )  # local time, as in the index

    assert client.get(reverse("imports:inspect", args=[runs["boden"].pk])).status_code == 404
    assert client.get(reverse("imports:inspect", args=[runs["region"].pk])).status_code == 200


def test_the_menu_offers_the_report_and_no_one_can_change_a_run(editor_client, admin_client, runs):
    client = editor_client("pitea")
    assert '"url": "/admin/imports/"' in (client.get(reverse("wagtailadmin_home")).content.decode())
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"imports:{name}", args=[] if name == "add" else [runs["pitea"].pk])
    html = index(admin_client)  # a superuser sees every kommun's runs, and no way to change them either
    assert "feed:boden:boden" in html and "feed:pitea:pitea-bostader" in html and "/admin/imports/new/" not in html


def test_a_user_without_an_editors_group_sees_no_runs(client, django_user_model, runs):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("visitor", password="not-used")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("imports:index"))
    assert response.status_code in (302, 403)
