"""What a build did: each kommun's result and the run's report, which build.py prints."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class KommunResult:
    """What building one kommun's site gave: its status, its problems, and what the next build reuses."""

    slug: str
    name: str
    status: str = "built"  # built | unchanged | failed
    problems: list = field(default_factory=list)
    fallbacks: dict = field(default_factory=dict)
    left_out: list = field(default_factory=list)  # what the site leaves out and why (ContentProblem.as_data)
    export_hash: str = ""
    fingerprints: dict = field(default_factory=dict)
    exported: int = 0  # pages (in each language) exported anew
    export_reused: int = 0  # pages (in each language) whose export was kept from the last build (cms.export.page_cache)
    rendered: int = 0
    reused: int = 0
    images: dict = field(default_factory=lambda: {"encoded": 0, "cached": 0})
    seconds: float = 0.0


@dataclass
class BuildReport:
    """What a run did, for `build.py`'s report: each kommun's result, the release, and how long it took."""

    release: Path = None
    published: bool = False
    results: list = field(default_factory=list)
    seconds: float = 0.0
    search_seconds: float = 0.0  # reindexing the rebuilt kommuner for search, after they went live
    message: str = ""
    imports: list = field(default_factory=list)  # the ImportRun of each source imported before the build

    @property
    def failed(self):
        return [r for r in self.results if r.status == "failed"]

    @property
    def pages(self):
        return sum(r.rendered + r.reused for r in self.results if r.status != "failed")
