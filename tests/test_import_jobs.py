"""Job ads from the JobTech JobSearch API (Arbetsförmedlingen's open job-ads API).

These machines have no internet, so the imports read saved responses in tests/data/jobtech/.
They follow the API's published schema (the JobAd model of JobSearch's OpenAPI document,
https://jobsearch.api.jobtechdev.se): `hits` for a search, a list for a snapshot, and `removed`
on ads in a stream. Only the fields the import reads are filled in.
"""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cms.jobs.jobtech import import_ads, read

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "jobtech"


def imported():
    from cms.jobs.models import Job

    return {job.source_id: job for job in Job.objects.filter(source="jobtech").select_related("kommun")}


def test_a_search_response_imports_only_the_ads_in_norrbotten(capsys):
    call_command("import_jobs", str(DATA / "search.json"))
    jobs = imported()
    assert set(jobs) == {"29010001", "29010002", "29010004"}  # Luleå, Kiruna, Luleå; not Stockholm
    nurse, miner, teacher = jobs["29010001"], jobs["29010002"], jobs["29010004"]
    assert (nurse.kommun.slug, miner.kommun.slug) == ("lulea", "kiruna")
    assert nurse.employer == "Region Norrbotten" and nurse.occupation == "Sjuksköterska, grundutbildad"
    assert (nurse.employment_type, miner.employment_type, teacher.employment_type) == (
        "permanent",
        "seasonal",
        "part-time",
    )
    assert nurse.apply_by == date(2027, 3, 1) and nurse.url == "https://arbetsgivare.example/jobb/29010001"
    assert (nurse.latitude, nurse.longitude) == (65.5848, 22.1567)
    assert nurse.text("sv", "title") == "Sjuksköterska till akutmottagningen" and nurse.live
    assert "3 added" in capsys.readouterr().out


def test_a_second_import_changes_nothing_and_a_stream_updates_and_removes(client):
    call_command("import_jobs", str(DATA / "search.json"))
    before = {pk: job.pk for pk, job in imported().items()}
    report = import_ads(read(DATA / "search.json")[0], snapshot=False, source_name="again")
    assert (report.added, report.updated, report.unchanged) == (0, 0, 3)
    ads, snapshot = read(DATA / "stream.json")
    assert not snapshot
    report = import_ads(ads, snapshot=False, source_name="stream")
    jobs = imported()
    assert {pk: job.pk for pk, job in jobs.items()} == before  # updated in place, never duplicated
    assert jobs["29010001"].text("sv", "title") == "Sjuksköterska till akutmottagningen, natt"
    assert not jobs["29010002"].live and report.unpublished == 1
    listed = {job["id"] for job in client.get("/api/v2/jobs/?kommun=kiruna").json()["results"]}
    assert jobs["29010002"].pk not in listed


def test_expired_ads_are_unpublished():
    call_command("import_jobs", str(DATA / "search.json"))
    report = import_ads(read(DATA / "search.json")[0], snapshot=False, source_name="later", today=date(2027, 3, 2))
    assert report.unpublished == 3 and not any(job.live for job in imported().values())


def test_an_empty_snapshot_unpublishes_nothing(tmp_path):
    call_command("import_jobs", str(DATA / "search.json"))
    empty = tmp_path / "snapshot.json"
    empty.write_text("[]")
    ads, snapshot = read(empty)
    report = import_ads(ads, snapshot=snapshot, source_name=str(empty))
    assert snapshot and report.unpublished == 0
    assert "would unpublish 3 of 3" in report.stopped and not report.rejected
    assert all(job.live for job in imported().values())


def test_a_truncated_snapshot_changes_nothing_at_all(tmp_path):
    call_command("import_jobs", str(DATA / "search.json"))
    data = json.loads((DATA / "search.json").read_text())
    first = data["hits"][0]
    truncated = tmp_path / "snapshot.json"
    truncated.write_text(json.dumps([{**first, "headline": "Changed headline"}]))  # one of three ads, edited
    report = import_ads(read(truncated)[0], snapshot=True, source_name="snapshot.json")
    assert report.stopped and (report.added, report.updated, report.unpublished) == (0, 0, 0)
    assert imported()[str(first["id"])].text("sv", "title") == first["headline"]  # the edit was not applied either


def test_a_bad_ad_is_reported_by_id_and_field_and_the_rest_load(tmp_path):
    data = json.loads((DATA / "search.json").read_text())
    del data["hits"][1]["employer"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    report = import_ads(read(bad)[0], snapshot=False, source_name="bad.json")
    assert report.rejected == ["Ad 29010002 (Gruvtekniker) in bad.json: the employer is missing."]
    assert set(imported()) == {"29010001", "29010004"}


def test_the_command_stops_with_an_error_on_an_empty_snapshot(tmp_path):
    call_command("import_jobs", str(DATA / "search.json"))
    empty = tmp_path / "snapshot.json"
    empty.write_text("[]")
    with pytest.raises(CommandError, match="would unpublish 3 of 3 imported jobs; nothing was changed"):
        call_command("import_jobs", str(empty))
    assert all(job.live for job in imported().values())


def test_hand_made_jobs_are_never_touched(tmp_path):
    from cms.jobs.models import Job

    manual = Job.objects.filter(kommun__slug="pitea").exclude(source="jobtech").first()
    empty = tmp_path / "snapshot.json"
    empty.write_text("[]")
    call_command("import_jobs", str(DATA / "search.json"))
    call_command("import_jobs", str(empty), "--force")
    manual.refresh_from_db()
    assert manual.live


def test_an_unreadable_source_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Could not read job ads from"):
        call_command("import_jobs", str(tmp_path / "missing.json"))
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"ads": []}')
    with pytest.raises(CommandError, match="not a JobTech search, snapshot or stream response"):
        call_command("import_jobs", str(wrong))
