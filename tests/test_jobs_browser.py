"""The jobs search page and a job's page in chromium: filters and sorting with the search API, the same with
the API unreachable (the page's static index, on the device), without JavaScript (the search service's page),
and the full ad in the language it was written in."""

import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections

from tests.helpers import make_job
from tests.live_server import serving
from tests.test_forms_browser import shared_connection  # noqa: F401 (a fixture)
from tests.test_region_site import axe_violations

pytestmark = [pytest.mark.django_db, pytest.mark.build_output]
SHOTS = Path(tempfile.gettempdir()) / "norrbotten-shots" / "region"  # to look at after a run


@pytest.fixture
def site(tmp_path, settings, monkeypatch, kommun, django_capture_on_commit_callbacks, shared_connection):  # noqa: F811
    """Piteå built with three jobs that differ in group, hours, languages, date and remoteness, then served."""
    from cms.jobs.models import JobTranslation
    from cms.sitebuild import pipeline, serve

    pitea = kommun("pitea")
    with django_capture_on_commit_callbacks(execute=True):
        make_job(
            pitea,
            "Svetsare till verkstaden",
            occupation_group="Svetsare",
            working_hours="full-time",
            languages=["sv"],
            posted_on=date(2026, 11, 2),
            employer="Probe Verkstad",
        )
        make_job(
            pitea,
            "Undersköterska, natt",
            occupation_group="Undersköterskor",
            working_hours="part-time",
            languages=["sv"],
            posted_on=date(2026, 12, 3),
            employer="Probe Vård",
        )
        english = make_job(
            pitea,
            "Probe backend developer",
            occupation_group="Mjukvaruutvecklare",
            working_hours="full-time",
            languages=["en"],
            remote=True,
            posted_on=date(2026, 11, 25),
            employer="Probe Software",
            salary="Fast lön enligt överenskommelse",
            salary_type="Fast månads- vecko- eller timlön",
        )
        JobTranslation.objects.filter(job=english).update(
            language_code="en",
            description="You build the services behind a wind farm's monitoring.\n\nWe work in English.",
            requirements="Three years of Python or Go.",
            how_to_apply="Send your CV to jobs@probe.example.",
        )
        english.save_revision().publish()
    pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    public = (tmp_path / "public").resolve()
    settings.ROOT_URLCONF = "cms.sitebuild.serve"
    settings.PUBLISHED_SITES_ROOT = public
    monkeypatch.setattr(serve, "PUBLIC", public)
    connection, _run = shared_connection

    class App(WSGIHandler):
        """The service on this test's connection: on PostgreSQL another connection would not see the
        test's jobs (its transaction is never committed)."""

        def __call__(self, environ, start_response):
            connections["default"] = connection
            return super().__call__(environ, start_response)

    with serving(App()) as url:
        yield url, english.pk


def probe_titles(page):
    """The titles of the test's own jobs among the results, in their order."""
    return [t.strip() for t in page.locator("[data-results] .card h2").all_inner_texts() if t.strip() in PROBES]


PROBES = {"Svetsare till verkstaden", "Undersköterska, natt", "Probe backend developer"}


@pytest.mark.parametrize("how", ["api", "static index"])
def test_the_jobs_search_filters_and_sorts(site, browser, how):
    base, _english = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    if how == "static index":
        page.route("**/api/search/**", lambda route: route.abort())
    page.goto(f"{base}/sv/jobs/")
    page.fill("#q", "probe")
    page.select_option("#sort", "newest")
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length === 3")
    assert probe_titles(page) == ["Undersköterska, natt", "Probe backend developer", "Svetsare till verkstaden"]
    page.select_option("#working_hours", "full-time")
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length === 2")
    assert probe_titles(page) == ["Probe backend developer", "Svetsare till verkstaden"]
    page.select_option("#speaks", "en")
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length === 1")
    assert probe_titles(page) == ["Probe backend developer"]
    page.select_option("#speaks", "")
    page.select_option("#working_hours", "")
    page.select_option("#occupation_group", "Undersköterskor")
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length === 1")
    assert probe_titles(page) == ["Undersköterska, natt"]
    page.select_option("#occupation_group", "")
    page.check("#remote")
    page.wait_for_function("document.querySelectorAll('[data-results] .card').length === 1")
    assert probe_titles(page) == ["Probe backend developer"]
    assert "remote=true" in page.url and "sort=newest" in page.url
    assert page.locator(".notice").first.is_visible() == (how == "static index")
    if how == "api":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.uncheck("#remote")
        page.wait_for_function("document.querySelectorAll('[data-results] .card').length === 3")
        page.screenshot(path=str(SHOTS / "jobs-search-1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "jobs-search-390.png"), full_page=True)
        assert axe_violations(page) == []


def test_the_jobs_search_works_without_javascript(site, browser):
    base, _english = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/en/jobs/")
    page.fill("#q", "probe")
    page.select_option("#sort", "newest")
    page.select_option("#working_hours", "full-time")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/search/pitea/en/jobs\?"))
    assert probe_titles(page) == ["Probe backend developer", "Svetsare till verkstaden"]
    assert page.input_value("#working_hours") == "full-time" and page.input_value("#sort") == "newest"
    context.close()


def test_a_job_page_carries_the_full_ad_marked_with_its_language(site, browser):
    base, english = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/de/jobs/{english}/")
    assert page.locator("h1").get_attribute("lang") == "en"
    assert page.locator("p.ad-text[lang=en]").first.inner_text().startswith("You build the services")
    assert page.get_by_role("heading", name="Anforderungen").is_visible()
    assert "Three years of Python or Go." in page.content()
    assert page.get_by_role("heading", name="So bewerben Sie sich").is_visible()
    assert "jobs@probe.example" in page.content()
    assert page.locator(".notice").first.is_visible()  # says the ad is shown in English
    assert "Fast månads- vecko- eller timlön" in page.content()
    assert axe_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "job-page-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "job-page-390.png"), full_page=True)
