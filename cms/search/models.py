"""The embedded search index: one row per listing and language, in the project's database.

Full-text matching runs on the database's own engine (SQLite FTS5, PostgreSQL's text
search), set up by this app's migration; filters, facets and sorting are plain
columns with indexes. The words and the result card live in a side table: facet
counts read every matching row, and rows a tenth the size read ten times faster.
Elasticsearch, when configured, replaces all of this.
"""

from django.db import models


class SearchDocument(models.Model):
    doc_type = models.CharField(max_length=20)  # housing, activity, job, page
    object_id = models.PositiveIntegerField()
    language = models.CharField(max_length=8)
    kommun = models.CharField(max_length=40)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    date = models.DateTimeField(null=True, help_text="Available from, the start or the application deadline.")
    price = models.PositiveIntegerField(null=True, help_text="Monthly rent, asking price or entry fee, in SEK.")
    # housing
    tenure = models.CharField(max_length=20, blank=True)
    rooms = models.PositiveSmallIntegerField(null=True)
    monthly_rent = models.PositiveIntegerField(null=True)
    asking_price = models.PositiveIntegerField(null=True)
    living_area = models.PositiveIntegerField(null=True)
    school_km = models.FloatField(null=True)
    commute_minutes = models.PositiveSmallIntegerField(null=True)
    # activities
    category = models.CharField(max_length=20, blank=True)
    audiences = models.CharField(max_length=200, blank=True, help_text="|family|kids|: one LIKE per filter value.")
    spoken = models.CharField(max_length=200, blank=True, help_text="|sv|en|")
    end = models.DateTimeField(null=True)
    free = models.BooleanField(null=True)
    # jobs
    occupation = models.CharField(max_length=120, blank=True)
    employment_type = models.CharField(max_length=20, blank=True)
    occupation_group = models.CharField(max_length=120, blank=True)
    working_hours = models.CharField(max_length=10, blank=True)
    job_languages = models.CharField(max_length=200, blank=True, help_text="|sv|en|: the languages the ad requires.")
    remote = models.BooleanField(null=True)
    posted = models.DateTimeField(null=True, help_text="When the job ad was published: sort=newest.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id", "language"], name="one_document_per_language")
        ]
        indexes = [models.Index(fields=["doc_type", "language", "kommun"])]


class SearchText(models.Model):
    """What is matched and what is shown, for one SearchDocument (same id)."""

    document = models.OneToOneField(SearchDocument, primary_key=True, on_delete=models.CASCADE, related_name="text")
    terms = models.TextField(help_text="Stemmed words of the title and text, space-separated.")
    card = models.JSONField(help_text="What a result card shows, as the API returns it.")


class SearchTerm(models.Model):
    """Every indexed term once, by first letter and length: the candidates for typo tolerance."""

    term = models.CharField(max_length=100, unique=True)
    first = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["first", "length"])]


class SearchIndexState(models.Model):
    """One row: a fresh random version at every write to the index, so processes know to reload
    their columns (random rather than counted: a rolled-back write must not reuse a version)."""

    version = models.CharField(max_length=32, default="")
