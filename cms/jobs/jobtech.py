"""Job ads from Arbetsförmedlingen's open JobTech JobSearch API, kept in step with the CMS.

Reads the API's JSON in its three forms: a search response (`{"total": ..., "hits": [ads]}`),
a snapshot (a list of every current ad) and a stream (a list of changed ads, removed ones
marked `"removed": true`). Keeps the ads whose workplace is in one of the 14 kommuner (by
municipality code), creates or updates them as `source="jobtech"` jobs, and unpublishes
ads that were removed or whose application deadline has passed; a snapshot also
unpublishes the kommuner's imported ads it no longer lists. Hand-made jobs are never touched.
"""

import json
import re
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from cms.imports.report import FeedError, ImportReport
from cms.imports.sources import public_name
from cms.search.signals import reindex_once

SOURCE = "jobtech"
#: SCB's municipality codes of Norrbotten's 14 kommuner.
MUNICIPALITIES = {
    "2505": "arvidsjaur",
    "2506": "arjeplog",
    "2510": "jokkmokk",
    "2513": "overkalix",
    "2514": "kalix",
    "2518": "overtornea",
    "2521": "pajala",
    "2523": "gallivare",
    "2560": "alvsbyn",
    "2580": "lulea",
    "2581": "pitea",
    "2582": "boden",
    "2583": "haparanda",
    "2584": "kiruna",
}


@dataclass
class JobTechReport(ImportReport):
    """An import report that also counts the ads it skipped because they are outside Norrbotten."""

    skipped_elsewhere: int = 0

    def outcome(self):
        """The counts with the ads skipped as outside Norrbotten."""
        return f"{self.counts()}, {self.skipped_elsewhere} outside Norrbotten skipped." + (
            f" {self.stopped}" if self.stopped else ""
        )


def import_source(source, *, force=False):
    """Read a saved response or an API URL and import its ads: what `import_jobs` and the nightly run do."""
    ads, snapshot = read(source)
    return import_ads(ads, snapshot=snapshot, source_name=public_name(source), force=force)


def read(source):
    """The ads in a saved response file or at an API URL, and whether they are a full snapshot."""
    try:
        if str(source).startswith(("http://", "https://")):
            request = urllib.request.Request(str(source), headers={"Accept": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as response:
                data = json.load(response)
        else:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FeedError(f"Could not read job ads from {public_name(source)}: {exc}.") from exc
    if isinstance(data, dict) and isinstance(data.get("hits"), list):
        return data["hits"], False
    if isinstance(data, list):
        snapshot = not any(isinstance(ad, dict) and "removed" in ad for ad in data)
        return data, snapshot
    raise FeedError(
        f"{public_name(source)} is not a JobTech search, snapshot or stream response (no 'hits' list, not a list)."
    )


def _label(value):
    return (value or {}).get("label") or "" if isinstance(value, dict) else ""


def _employment_type(ad):
    hours, kind = _label(ad.get("working_hours_type")).casefold(), _label(ad.get("employment_type")).casefold()
    if "deltid" in hours:
        return "part-time"
    if "sommar" in kind or "säsong" in kind:
        return "seasonal"
    if "vanlig" in kind or "tillsvidare" in kind:
        return "permanent"
    return "temporary"


def _working_hours(ad):
    hours = _label(ad.get("working_hours_type")).casefold()
    return "full-time" if "heltid" in hours else "part-time" if "deltid" in hours else ""


#: JobTech's language concepts, by their Swedish labels, as the codes the platform uses for languages.
LANGUAGE_LABELS = {
    "svenska": "sv",
    "engelska": "en",
    "tyska": "de",
    "nederländska": "nl",
    "holländska": "nl",
    "polska": "pl",
    "finska": "fi",
    "meänkieli": "fit",
    "tornedalsfinska": "fit",
    "nordsamiska": "se",
    "lulesamiska": "smj",
    "samiska": "se",
}


def _languages(ad):
    """The codes of the languages the ad requires (`must_have`), in its order; a language the platform has
    no code for is left to the ad's own text."""
    wanted = ((ad.get("must_have") or {}).get("languages")) or []
    codes = [LANGUAGE_LABELS.get(_label(item).casefold()) for item in wanted if isinstance(item, dict)]
    return list(dict.fromkeys(code for code in codes if code))


#: Words that occur in nearly every text of a language and rarely in the others': enough to tell which of the
#: platform's languages an ad is written in (JobTech does not say; most ads are Swedish, some English).
COMMON_WORDS = {
    "sv": {"och", "att", "som", "för", "med", "är", "vi", "du", "på", "har", "av", "det", "till", "en", "ett"},
    "en": {"and", "the", "to", "of", "you", "we", "for", "with", "are", "is", "in", "our", "will", "a", "as"},
    "de": {"und", "die", "der", "sie", "wir", "mit", "für", "ist", "zu", "das", "ein", "eine", "auf", "den"},
    "nl": {"en", "de", "het", "van", "je", "we", "voor", "met", "een", "zijn", "is", "op", "te", "wij"},
    "pl": {"i", "w", "na", "z", "się", "do", "jest", "oraz", "dla", "nie", "to", "od", "po", "jako"},
    "fi": {"ja", "on", "että", "tai", "sinä", "me", "olet", "kanssa", "meillä", "työ", "myös", "ovat", "ei"},
}


def ad_language(text):
    """The language of an ad's text (`sv` when it cannot tell): the one whose common words it uses most."""
    words = re.findall(r"\w+", text.casefold())
    scores = {code: sum(word in common for word in words) for code, common in COMMON_WORDS.items()}
    best = max(scores, key=lambda code: (scores[code], code == "sv"))
    return best if scores[best] else "sv"


def _texts(ad):
    """The ad's own words: headline, description, requirements and how to apply (never filled in for it)."""
    description = ad.get("description") or {}
    details = ad.get("application_details") or {}
    requirements = "\n\n".join(
        part.strip() for part in (description.get("requirements"), description.get("needs")) if part and part.strip()
    )
    apply = [str(details.get(key) or "").strip() for key in ("information", "other")]
    if details.get("email"):
        apply.append(str(details["email"]).strip())
    if details.get("reference"):
        apply.append(f"Ref: {str(details['reference']).strip()}")
    return {
        "title": ad["headline"][:160],
        "description": description.get("text") or ad["headline"],
        "requirements": requirements,
        "how_to_apply": "\n".join(part for part in apply if part),
    }


def _deadline(ad):
    value = ad.get("application_deadline")
    return date.fromisoformat(value[:10]) if value else None


def _posted_on(ad):
    """The day JobTech published the ad (its times are Swedish local time), or None."""
    value = ad.get("publication_date")
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


#: "25 000 kr i månaden", "185 kr/tim", "420 000 SEK per år": an amount and what it is paid per.
AMOUNT = re.compile(r"\d{1,3}(?:[ \u00a0.]\d{3})+|\d+")
SALARY = re.compile(
    r"(" + AMOUNT.pattern + r")\s*(?:kr|kronor|sek)\b\s*(?:/|i|per|om)?\s*"
    r"(?P<period>timmen|timme|tim|h\b|månaden|månad|mån|året|år)",
    re.IGNORECASE,
)
PERIODS = {
    "tim": "HOUR",
    "timme": "HOUR",
    "timmen": "HOUR",
    "h": "HOUR",
    "mån": "MONTH",
    "månad": "MONTH",
    "månaden": "MONTH",
    "år": "YEAR",
    "året": "YEAR",
}


def _salary(ad):
    """(the ad's own words on pay, amount in SEK, what it is paid per): an amount only when the ad
    states exactly one number, with its period; "enligt avtal" and ranges stay words."""
    words = " ".join(str(ad.get("salary_description") or "").split())
    match = SALARY.search(words) if len(AMOUNT.findall(words)) == 1 else None
    if match is None:
        return words[:200], None, ""
    return words[:200], int(re.sub(r"\D", "", match.group(1))), PERIODS[match.group("period").lower()]


def import_ads(ads, *, snapshot, source_name, today=None, max_unpublish_share=0.5, force=False):
    """Create, update and unpublish jobs from JobTech ads; returns a JobTechReport.

    A snapshot that would unpublish more than `max_unpublish_share` of the imported ads
    (an empty or truncated download, most likely) changes nothing unless forced."""
    from cms.base.models import Kommun
    from cms.jobs.models import Job, JobTranslation

    today = today or date.today()
    report = JobTechReport(source=source_name)
    kommuner = {k.slug: k for k in Kommun.objects.all()}
    seen = set()
    with reindex_once(), transaction.atomic():
        for position, ad in enumerate(ads, 1):
            if not isinstance(ad, dict) or not ad.get("id"):
                report.rejected.append(f"Ad {position} in {source_name} has no id; it was skipped.")
                continue
            ad_id = str(ad["id"])
            existing = Job.objects.filter(source=SOURCE, source_id=ad_id).first()
            if ad.get("removed"):
                if existing is not None and existing.live:
                    existing.unpublish()
                    report.unpublished += 1
                continue
            address = ad.get("workplace_address") or {}
            slug = MUNICIPALITIES.get(str(address.get("municipality_code") or ""))
            if slug is None or slug not in kommuner:
                report.skipped_elsewhere += 1
                continue
            problem = next(
                (
                    f"the {name} is missing"
                    for name, value in (
                        ("headline", ad.get("headline")),
                        ("employer", (ad.get("employer") or {}).get("name")),
                        ("occupation", _label(ad.get("occupation"))),
                    )
                    if not value
                ),
                None,
            )
            ad_url = ad.get("webpage_url") or ""
            url = (ad.get("application_details") or {}).get("url") or ad_url
            if problem is None and not url:
                problem = "it has neither an application URL nor a web page"
            if problem:
                report.rejected.append(
                    f"Ad {ad_id} ({ad.get('headline') or 'no headline'}) in {source_name}: {problem}."
                )
                continue
            seen.add(ad_id)
            coordinates = address.get("coordinates") or [None, None]
            salary, salary_sek, salary_period = _salary(ad)
            fields = dict(
                kommun=kommuner[slug],
                employer=ad["employer"]["name"][:160],
                occupation=_label(ad["occupation"])[:120],
                employment_type=_employment_type(ad),
                occupation_group=_label(ad.get("occupation_group"))[:120],
                working_hours=_working_hours(ad),
                languages=_languages(ad),
                remote=bool(ad.get("remote_work")),
                salary_type=_label(ad.get("salary_type"))[:120],
                apply_by=_deadline(ad),
                posted_on=_posted_on(ad),
                url=url[:500],
                ad_url=ad_url[:500],
                salary=salary,
                salary_sek=salary_sek,
                salary_period=salary_period,
                workplace_address=(address.get("street_address") or "")[:200],  # never the town in its place
                postal_code=(address.get("postcode") or "")[:10],
                town=(address.get("city") or address.get("municipality") or "")[:80],
                longitude=coordinates[0],
                latitude=coordinates[1],
            )
            texts = _texts(ad)
            # The ad is kept in the language it was written in, as that language's text (marked so on the page).
            texts["language_code"] = ad_language(" ".join([texts["title"], texts["description"]]))
            expired = fields["apply_by"] is not None and fields["apply_by"] < today
            job = existing or Job(source=SOURCE, source_id=ad_id)
            row = job.translations.order_by("sort_order", "pk").first() if existing else None
            changed = (
                existing is None
                or any(getattr(job, k) != v for k, v in fields.items())
                or row is None
                or any(getattr(row, k) != v for k, v in texts.items())
            )
            if changed:
                for name, value in fields.items():
                    setattr(job, name, value)
                if row is None:
                    job.translations = [JobTranslation(**texts)]
                else:
                    for name, value in texts.items():
                        setattr(row, name, value)
                job.full_clean(exclude=["translations"])
                job.save()
                if row is not None:
                    row.save()
            if expired:
                if job.live:
                    job.unpublish()
                    report.unpublished += 1
                continue
            if changed or not job.live:
                job.save_revision().publish()
            report.added += existing is None
            report.updated += existing is not None and changed
            report.unchanged += existing is not None and not changed
        if snapshot:
            live = Job.objects.filter(source=SOURCE, live=True)
            gone = list(live.exclude(source_id__in=seen))
            published = live.count()
            if gone and not force and len(gone) > max_unpublish_share * published:
                # A truncated download stops the whole run, as a housing feed's does: nothing half-applied.
                transaction.set_rollback(True)
                report.added = report.updated = report.unpublished = 0
                report.stopped = (
                    f"{source_name} would unpublish {len(gone)} of {published} imported jobs; nothing was changed. "
                    f"If the feed is right, run the import again with --force."
                )
                return report
            for job in gone:
                job.unpublish()
                report.unpublished += 1
    return report
