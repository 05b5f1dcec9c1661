"""Jobs worth reading: the full JobTech ad kept in the language it was written in, and the jobs search
(occupation group, employment type, working hours, language requirements, remote, newest first) through
the search API, its no-JavaScript page and the static index."""

import json
from datetime import date

import pytest

from tests.helpers import make_job

pytestmark = pytest.mark.django_db

ENGLISH_AD = {
    "id": "29990001",
    "headline": "Wind turbine technician, English-speaking team",
    "application_deadline": "2099-03-01T23:59:59",
    "employer": {"name": "Markbygden Wind AB"},
    "occupation": {"label": "Vindkraftstekniker"},
    "occupation_group": {"label": "Installations- och serviceelektriker"},
    "employment_type": {"label": "Vanlig anställning"},
    "working_hours_type": {"label": "Heltid"},
    "salary_type": {"label": "Fast månads- vecko- eller timlön"},
    "salary_description": "Enligt överenskommelse",
    "must_have": {"languages": [{"label": "Engelska"}]},
    "remote_work": False,
    "application_details": {
        "url": "https://employer.example/apply/29990001",
        "information": "Send your CV and a short letter in English. We interview continuously.",
        "reference": "MW-17",
    },
    "webpage_url": "https://arbetsformedlingen.se/platsbanken/annonser/29990001",
    "description": {
        "text": "You will service and repair the turbines of one of Europe's largest onshore wind farms.\n\n"
        "We work in a small team and you will have the chance to grow with us.",
        "requirements": "A vocational education in electricity and a driving licence (B).",
    },
    "workplace_address": {"municipality_code": "2581", "city": "Piteå", "coordinates": [21.48, 65.32]},
    "publication_date": "2026-12-01T08:00:00",
}


def test_the_import_keeps_the_whole_ad_in_the_language_it_was_written_in():
    from cms.jobs.jobtech import import_ads
    from cms.jobs.models import Job

    report = import_ads([ENGLISH_AD], snapshot=False, source_name="test")
    assert report.added == 1, report.rejected
    job = Job.objects.get(source="jobtech", source_id="29990001")
    assert job.occupation_group == "Installations- och serviceelektriker"
    assert (job.working_hours, job.languages, job.remote) == ("full-time", ["en"], False)
    assert job.salary_type == "Fast månads- vecko- eller timlön"
    [row] = job.translations.all()
    assert row.language_code == "en"
    assert row.requirements == "A vocational education in electricity and a driving licence (B)."
    assert "Send your CV" in row.how_to_apply and "MW-17" in row.how_to_apply
    # A second import of the same ad changes nothing.
    assert import_ads([ENGLISH_AD], snapshot=False, source_name="test").unchanged == 1


def test_a_swedish_ad_stays_swedish():
    from cms.jobs.jobtech import ad_language

    assert ad_language("Vi söker dig som vill arbeta med oss och har körkort för bil.") == "sv"
    assert ad_language("We are looking for you who want to work with us and have a licence.") == "en"
    assert ad_language("") == "sv"


@pytest.fixture
def jobs(kommun, django_capture_on_commit_callbacks):
    """Four Kalix jobs that differ in one thing each (Kalix has no demo listings, so they are all there is)."""
    kalix = kommun("kalix")
    with django_capture_on_commit_callbacks(execute=True):
        made = {
            "welder": make_job(
                kalix,
                "Svetsare",
                occupation_group="Svetsare",
                working_hours="full-time",
                languages=["sv"],
                posted_on=date(2026, 11, 1),
            ),
            "nurse": make_job(
                kalix,
                "Sjuksköterska",
                occupation_group="Sjuksköterskor",
                working_hours="part-time",
                languages=["sv", "en"],
                posted_on=date(2026, 12, 1),
                employment_type="temporary",
            ),
            "developer": make_job(
                kalix,
                "Developer",
                occupation_group="Mjukvaruutvecklare",
                working_hours="full-time",
                languages=["en"],
                remote=True,
                posted_on=date(2026, 11, 20),
            ),
            "cleaner": make_job(
                kalix,
                "Lokalvårdare",
                occupation_group="Städare",
                working_hours="part-time",
                languages=[],
                posted_on=None,
            ),
        }
    return {name: job.pk for name, job in made.items()}


def found(client, **params):
    response = client.get("/api/search/jobs", {"kommun": "kalix", "language": "en", **params})
    assert response.status_code == 200, response.content
    return response.json()


def ids(body, jobs):
    names = {pk: name for name, pk in jobs.items()}
    return [names[hit["id"]] for hit in body["hits"]]


def test_the_search_api_filters_jobs_by_each_facet(client, jobs):
    assert sorted(ids(found(client), jobs)) == ["cleaner", "developer", "nurse", "welder"]
    assert ids(found(client, occupation_group="Svetsare"), jobs) == ["welder"]
    assert sorted(ids(found(client, working_hours="part-time"), jobs)) == ["cleaner", "nurse"]
    assert ids(found(client, remote="true"), jobs) == ["developer"]
    # "Jobs I can do in English": those that ask for no language but English.
    assert sorted(ids(found(client, speaks="en"), jobs)) == ["cleaner", "developer"]
    assert sorted(ids(found(client, speaks="en,sv"), jobs)) == ["cleaner", "developer", "nurse", "welder"]
    facets = found(client)["facets"]
    assert {b["value"]: b["count"] for b in facets["speaks"]}["en"] == 2
    assert {b["value"]: b["count"] for b in facets["working_hours"]} == {"full-time": 2, "part-time": 2}
    assert {b["value"]: b["count"] for b in facets["occupation_group"]}["Städare"] == 1
    assert facets["remote"] == [{"value": True, "count": 1}]


def test_newest_first_sorts_by_the_day_the_ad_was_published(client, jobs):
    # The cleaner's ad gives no date: it counts from the day it was first published here (today).
    assert ids(found(client, sort="newest"), jobs) == ["cleaner", "nurse", "developer", "welder"]


def test_the_page_without_javascript_filters_and_sorts(client, jobs, published_sites, settings):
    settings.PUBLISHED_SITES_ROOT = published_sites[0] / "public"
    # Kalix is not built in the test session: Piteå's page is the shell, searched for Piteå's own jobs.
    from cms.jobs.models import Job

    pitea = Job.objects.filter(kommun__slug="pitea", live=True).first()
    response = client.get("/search/pitea/en/jobs", {"q": pitea.employer.split()[0], "sort": "newest"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/en/jobs/{pitea.pk}/" in html
    assert 'name="occupation_group"' in html and '<option value="newest" selected>' in html


def test_the_static_index_carries_what_the_device_filters_on(published_sites):
    index = json.loads((published_sites[0] / "public" / "pitea" / "en" / "jobs" / "index.json").read_text())
    assert index["fields"][:8] == [
        "id",
        "occupation_group",
        "employment_type",
        "working_hours",
        "languages",
        "remote",
        "posted",
        "apply_by",
    ]
    assert index["rows"] and all(len(row) == len(index["fields"]) for row in index["rows"])
