"""Job ads' occupation groups in the page's language, and the picture each job card carries (cms/jobs/occupations.py)."""

import re
import tomllib
from pathlib import Path

import pytest

from cms.jobs.occupations import GROUPS, PICTURES
from cms.theme import macro, template_macro

ROOT = Path(__file__).resolve().parents[1]
SITE_LANGUAGES = ("sv", "en", "de", "nl", "pl", "fi")


def demo_jobs():
    """Every demo job ad, hand-written and generator template, as the files have them."""
    for path in sorted((ROOT / "content" / "demo" / "kommuner").glob("*.toml")):
        yield from ((path.name, job) for job in tomllib.loads(path.read_text(encoding="utf-8"))["jobs"])
    generated = tomllib.loads((ROOT / "content" / "demo" / "generated.toml").read_text(encoding="utf-8"))
    yield from (("generated.toml", job) for job in generated["jobs"])


def test_every_demo_job_has_an_occupation_group_named_in_all_six_languages():
    jobs = list(demo_jobs())
    assert len(jobs) >= 150
    unknown = [
        (file, job.get("slug") or job.get("key")) for file, job in jobs if job.get("occupation_group") not in GROUPS
    ]
    assert unknown == []
    for label, group in GROUPS.items():
        assert sorted(group.names) == sorted(SITE_LANGUAGES), label
        assert all(name.strip() for name in group.names.values()), label
        others = [group.names[code] for code in SITE_LANGUAGES if code != "sv"]
        assert label not in others, f"{label} is not translated"
    assert len({job["occupation_group"] for _file, job in jobs}) >= 20  # a real spread, not one group for all


def job(number, group, posted="2026-11-01"):
    return {
        "id": number,
        "url": f"/pl/jobs/{number}/",
        "title": f"Ogłoszenie {number}",
        "text_language": "pl",
        "employer": "Probe AB",
        "employment_type": "permanent",
        "apply_by": None,
        "occupation_group": group,
        "posted_on": posted,
    }


def test_a_job_card_names_its_group_in_the_pages_language_with_a_picture_of_it():
    html = str(macro("pl", "job_card", job(1, "Installations- och serviceelektriker")))
    assert "Elektrycy instalatorzy i serwisanci" in html and "serviceelektriker" not in html
    picture = re.search(r'<img src="/theme/img/occupations/([a-z]+)\.[0-9a-f]+\.svg"([^>]*)>', html)
    assert picture and picture.group(1) == "electric"
    assert ' alt=""' in picture.group(2) and 'loading="lazy"' in picture.group(2)  # decorative: the text names it
    swedish = str(macro("sv", "job_card", job(2, "Installations- och serviceelektriker")))
    assert "Installations- och serviceelektriker" in swedish and "lang=" not in swedish.split("</h3>")[1]


def test_a_group_the_table_does_not_know_is_shown_in_swedish_and_marked_so():
    html = str(macro("en", "job_card", job(1, "Svetsare")))
    assert '<span lang="sv">Svetsare</span>' in html
    assert "/theme/img/occupations/work." in html


def test_every_picture_is_the_projects_own_small_svg():
    folder = ROOT / "themes" / "norrbotten" / "static" / "img" / "occupations"
    assert sorted(path.stem for path in folder.glob("*.svg")) == PICTURES
    for path in folder.glob("*.svg"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<svg") and "href" not in text and len(text.encode()) < 2500, path.name


def test_jobs_for_your_profession_names_the_groups_in_the_pages_language_newest_jobs_first():
    jobs = [job(1, "Svetsare", "2026-11-01"), job(2, "Städare", "2026-12-01"), job(3, "Städare", "2026-11-15")]
    jobs.append(job(4, "Städare", "2026-10-01"))
    html = str(template_macro("pl", "jobs_macros.html", "profession_picker", jobs, 2))
    groups = [re.sub(r"<[^>]+>", "", g) for g in re.findall(r"<summary>(.*?) <span class=\"small\">", html)]
    assert groups == ["Sprzątacze", "Svetsare"]  # by the name the visitor reads
    cleaners = html.split("</summary>")[1].split("</details>")[0]
    assert re.findall(r"Ogłoszenie \d", cleaners) == [
        "Ogłoszenie 2",
        "Ogłoszenie 3",
    ]  # the editor's limit, newest first
    assert "occupation_group=St%C3%A4dare&amp;sort=newest" in cleaners


@pytest.mark.django_db
def test_the_demo_jobs_search_offers_the_groups_in_the_pages_language(published_sites):
    pitea = Path(published_sites[0]) / "public" / "pitea"
    polish = (pitea / "pl" / "jobs" / "index.html").read_text(encoding="utf-8")
    select = polish.split('<select id="occupation_group"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select)
    assert len(options) >= 5
    for value, text in options:
        assert text == GROUPS[value].names["pl"]
    assert polish.count('class="crop-card job-picture"') >= 10
    for page in (pitea / "sv" / "jobs").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        meta = html.split('<p class="meta">', 1)[1].split("</p>", 1)[0]
        assert not re.search(r"\b(Nurse|Electrician|Teacher|Carpenter|Assistant nurse)\b", meta), page
        break


@pytest.mark.django_db
def test_jobs_for_your_profession_is_a_section_of_the_demo_home_page(published_sites):
    pitea = Path(published_sites[0]) / "public" / "pitea"
    html = (pitea / "en" / "index.html").read_text(encoding="utf-8")
    section = html.split('class="section section-jobs_for_profession"', 1)[1].split("</section>", 1)[0]
    assert ">Jobs for your profession</h2>" in section
    groups = re.findall(r"<summary>(.*?) <span", section)
    assert len(groups) >= 5 and all(name in {g.names["en"] for g in GROUPS.values()} for name in groups)
    teaser = html.split('class="section section-jobs"', 1)[1].split("</section>", 1)[0]
    assert "<details" not in teaser  # the picker is a section of its own, where the editors place it
