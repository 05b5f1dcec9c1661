"""Live job ads as the static sites publish them."""

from django.db.models import Prefetch

from cms.base.times import local
from cms.export.declarations import rows, source_of
from cms.export.listings import ListingExport

from .models import Job, JobTranslation


def public_jobs(kommun):
    fields = [f.name for f in source_of(Job).concrete_fields()]
    return (
        Job.objects.filter(kommun=kommun, live=True)
        .only(*fields)
        .prefetch_related(Prefetch("translations", rows(JobTranslation)))
        .order_by("apply_by", "pk")
    )


def ad_texts(job, context):
    """(the language shown, the ad's texts): the page's language or its fallbacks, as for every listing, else
    the ad in the language it was written in (an ad is rarely translated; its own words beat nothing)."""
    text_language, texts = context.texts(job, ("title", "description"), f"job #{job.pk}")
    rows = {row.language_code: row for row in job.translations.all()}
    if not texts["title"] and rows:
        text_language = next(iter(rows))
    row = rows.get(text_language)
    if row is None:
        return text_language, {**texts, "requirements": "", "how_to_apply": ""}
    return text_language, {
        name: getattr(row, name) for name in ("title", "description", "requirements", "how_to_apply")
    }


def entry(job, context):
    language = context.language
    text_language, texts = ad_texts(job, context)
    posted = job.posted_on or (local(job.first_published_at).date() if job.first_published_at else None)
    return {
        "id": job.pk,
        "url": f"/{language}/jobs/{job.pk}/",
        "text_language": text_language,
        "title": texts["title"],
        "description": texts["description"],
        "employer": job.employer,
        "occupation": job.occupation,
        "employment_type": job.employment_type,
        "occupation_group": job.occupation_group,
        "working_hours": job.working_hours,
        "languages": list(job.languages or []),
        "remote": job.remote,
        "salary_type": job.salary_type,
        "requirements": texts["requirements"],
        "how_to_apply": texts["how_to_apply"],
        "apply_by": job.apply_by.isoformat() if job.apply_by else None,
        "apply_url": job.url,
        "posted_on": posted.isoformat() if posted else None,
        "ad_url": job.ad_url,
        "salary": job.salary,
        "salary_sek": job.salary_sek,
        "salary_period": job.salary_period,
        "workplace_address": job.workplace_address,
        "postal_code": job.postal_code,
        "town": job.town,
        "latitude": job.latitude,
        "longitude": job.longitude,
        "admin_url": context.admin_url(f"snippets/jobs/job/edit/{job.pk}/"),
        "updated": job.last_published_at.isoformat() if job.last_published_at else None,
    }


LISTING = ListingExport("jobs", public_jobs, entry)
