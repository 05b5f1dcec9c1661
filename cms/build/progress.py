"""Progress on a terminal, plain lines in CI and logs; the final report in sentences."""
import os
import sys

from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn


class Progress:
    """A bar on an interactive terminal; one plain line per kommun otherwise (CI, cron)."""

    def __init__(self, total=None):
        from cms.base.models import Kommun

        self.total = total or Kommun.objects.count()
        self.interactive = sys.stderr.isatty() and not os.environ.get("CI")
        self.done = 0

    def __enter__(self):
        if self.interactive:
            self.bar = RichProgress(TextColumn("Building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                    TextColumn("{task.description}"), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("", total=self.total)
        return self

    def advance(self, result):
        self.done += 1
        if self.interactive:
            self.bar.update(self.task, advance=1, description=result.name)
        else:
            print(f"[{self.done}/{self.total}] {result.name}: {result.status} "
                  f"({result.rendered} rendered, {result.reused} reused, {result.seconds:.1f} s)", flush=True)

    def __exit__(self, *exc):
        if self.interactive:
            self.bar.stop()
        return False


def print_report(report):
    failed_imports = [run for run in report.imports if run.status == "failed"]
    if failed_imports:
        print(f"{len(failed_imports)} of {len(report.imports)} imports failed (the sites were built without them): "
              f"{', '.join(run.source for run in failed_imports)}.", file=sys.stderr)
    for result in report.results:
        fallbacks = sum(len(items) for items in result.fallbacks.values())
        if fallbacks:
            languages = ", ".join(f"{lang} ({len(items)})" for lang, items in sorted(result.fallbacks.items()))
            print(f"{result.name}: {fallbacks} pages or listings are shown in a fallback language: {languages}.")
    for result in report.failed:
        print(f"{result.name} was NOT updated; it keeps its previous site. Problems:", file=sys.stderr)
        for problem in result.problems[:20]:
            print(f"  - {problem}", file=sys.stderr)
        if len(result.problems) > 20:
            print(f"  ... and {len(result.problems) - 20} more.", file=sys.stderr)
    built = [r for r in report.results if r.status == "built"]
    print(f"{len(report.results)} kommuner: {len(built)} built, "
          f"{sum(r.status == 'unchanged' for r in report.results)} unchanged, {len(report.failed)} failed; "
          f"{report.pages} files in {report.seconds:.1f} s.")
    if report.search_seconds:
        print(f"Search reindexed the rebuilt kommuner in {report.search_seconds:.1f} s.")
    if report.message:
        print(report.message)
    elif report.published:
        print(f"Published: public/ now serves {report.release.name}.")
    elif report.release:
        print(f"Built {report.release.name} (not published; use --publish).")
