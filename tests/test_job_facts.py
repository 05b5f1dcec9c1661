"""A job ad says what its source says: JobTech's publication date, the ad's own page, where to apply,
the pay and the address, and nothing in their place when the source is silent.

Imported through the real `import_jobs` from a saved JobTech JobSearch response (tests/data/jobtech/pitea.json:
one ad with everything, one with no street, no application URL and pay "enligt avtal"), then built.
"""

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.build_output]

DATA = Path(__file__).parent / "data" / "jobtech" / "pitea.json"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def built(tmp_path):
    from cms.jobs.models import Job
    from cms.sitebuild import pipeline

    call_command("import_jobs", str(DATA))
    jobs = {job.source_id: job for job in Job.objects.filter(source="jobtech", kommun__slug="pitea")}
    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)
    assert not report.failed, [r.problems for r in report.failed]
    return (tmp_path / "public" / "pitea").resolve(), jobs


def posting(site, language, job):
    html = (site / language / "jobs" / str(job.pk) / "index.html").read_text()
    return json.loads(LD_JSON.search(html).group(1)), html


def test_an_ad_carries_its_own_date_page_pay_and_address(built):
    site, jobs = built
    operator = jobs["29020001"]
    data, html = posting(site, "en", operator)
    assert data["datePosted"] == "2026-11-18" and date.today().isoformat() not in json.dumps(data)
    assert data["url"] == "https://arbetsformedlingen.se/platsbanken/annonser/29020001"
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Bruksgatan 12",
        "postalCode": "941 86",
        "addressLocality": "Piteå",
        "addressCountry": "SE",
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "SEK",
        "value": {"@type": "QuantitativeValue", "value": 32000, "unitText": "MONTH"},
    }
    visible = text_of(html)
    assert "Published 18 November 2026" in visible
    assert "Salary 32 000 kr i månaden" in visible and "Workplace Bruksgatan 12, 941 86 Piteå" in visible
    assert '<a class="button" href="https://arbetsgivare.example/jobb/29020001">Apply</a>' in html
    assert '<a href="https://arbetsformedlingen.se/platsbanken/annonser/29020001">Read the original ad</a>' in html
    swedish = text_of(posting(site, "sv", operator)[1])
    assert "Publicerad 18 november 2026" in swedish and "Lön 32 000 kr i månaden" in swedish


def test_what_the_source_does_not_say_is_left_out(built):
    site, jobs = built
    carer = jobs["29020002"]
    data, html = posting(site, "en", carer)
    assert data["datePosted"] == "2026-11-02"
    assert data["url"] == "https://arbetsformedlingen.se/platsbanken/annonser/29020002"
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Piteå",
        "addressCountry": "SE",
    }
    assert "baseSalary" not in data  # "Lön enligt avtal" states no amount
    visible = text_of(html)
    assert "Salary Lön enligt avtal" in visible and "Workplace Piteå" in visible
    assert '<a class="button" href="https://arbetsformedlingen.se/platsbanken/annonser/29020002">Apply</a>' in html


def test_a_job_made_by_hand_is_posted_on_the_day_it_was_first_published_in_stockholm(kommun):
    from cms.export.kommun import export_kommun
    from cms.jobs.models import Job
    from tests.helpers import make_job

    job = make_job(kommun("pitea"), "Elektriker till hamnen")
    # first published at 23:30 UTC on 1 October, which is 01:30 on 2 October in Piteå; published again today
    Job.objects.filter(pk=job.pk).update(first_published_at=datetime(2026, 10, 1, 23, 30, tzinfo=UTC))
    exported = next(j for j in export_kommun(kommun("pitea"))["languages_data"]["sv"]["jobs"] if j["id"] == job.pk)
    assert exported["posted_on"] == "2026-10-02" and exported["workplace_address"] == ""


def test_no_demo_job_claims_to_be_posted_on_the_day_of_the_build(published_sites):
    site = Path(published_sites[0]) / "public" / "pitea"
    pages = list((site / "en" / "jobs").glob("*/index.html"))
    assert len(pages) >= 10
    for page in pages:
        data = json.loads(LD_JSON.search(page.read_text()).group(1))
        assert data["datePosted"] < date.today().isoformat(), page
        assert data["url"] != "https://arbetsformedlingen.se/platsbanken/", page  # not the generic start page
        assert "streetAddress" not in data["jobLocation"]["address"], page  # the demo has no street, not the town
