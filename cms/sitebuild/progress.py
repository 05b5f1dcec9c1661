"""Progress on a terminal, plain lines in CI and logs; the final report in sentences."""

import os
import sys
import time


def interactive():
    """A person watches a terminal (a bar that redraws); otherwise plain lines for CI, cron and logs."""
    return sys.stderr.isatty() and not os.environ.get("CI")


class Steps:
    """The long steps of a run (migrate, the demo load, imports, the build, search), as they go.

    On a terminal each step is a bar with its count, its time and the item at hand (the
    kommun), kept on screen when done; elsewhere each step is one plain line when it ends."""

    def __init__(self, out=None):
        self.interactive = interactive()
        self.out = out or sys.stdout
        self.bar = None

    def __enter__(self):
        if self.interactive:  # rich is imported only for a terminal: a no-change publish from cron stays quick
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(
                TextColumn("{task.fields[title]:<18}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
            )
            self.bar.start()
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False

    def step(self, title, total=None):
        """Begin a step of `total` items (None when unknown); finish it with `Step.done()`."""
        return Step(self, title, total)

    def say(self, line):
        """A line of its own (an import's outcome): above the bars on a terminal."""
        if self.bar is not None:
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.out, flush=True)


class Step:
    """One step of `Steps`: `advance()` per item, `done()` with what it did."""

    def __init__(self, steps, title, total):
        self.steps, self.title, self.total = steps, title, total
        self.count = 0
        self.started = time.monotonic()
        self.task = steps.bar.add_task("", title=title, total=total) if steps.bar is not None else None

    def advance(self, item="", by=1):
        """`by` more items done; `item` names the one at hand (a kommun, a migration)."""
        self.count += by
        if self.task is not None:
            self.steps.bar.update(self.task, advance=by, description=item)

    def done(self, summary):
        """The step is over: its bar shows `summary`, or its one line is printed with its time."""
        seconds = time.monotonic() - self.started
        if self.task is not None:
            self.steps.bar.update(
                self.task, total=self.total or self.count, completed=self.total or self.count, description=summary
            )
        else:
            print(f"{self.title}: {summary} ({seconds:.1f} s).", file=self.steps.out, flush=True)


class Progress:
    """The build's step: a bar on an interactive terminal; one plain line per kommun otherwise (CI, cron)."""

    def __init__(self, total=None, steps=None):
        from cms.base.models import Kommun

        self.total = total or Kommun.objects.count()
        self.interactive = interactive()
        self.done = 0
        self.steps = steps

    def __enter__(self):
        self.own_steps = self.steps is None
        if self.own_steps:
            self.steps = Steps().__enter__()
        self.step = self.steps.step("Building the sites", self.total) if self.interactive else None
        return self

    def advance(self, result):
        self.done += 1
        if self.interactive:
            self.step.advance(result.name)
        else:
            print(
                f"[{self.done}/{self.total}] {result.name}: {result.status} "
                f"({result.rendered} rendered, {result.reused} reused, {result.seconds:.1f} s)",
                flush=True,
            )

    def __exit__(self, *exc):
        if self.step is not None:
            self.step.done(f"{self.done} kommuner")
        if self.own_steps:
            self.steps.__exit__(*exc)
        return False


def print_report(report):
    failed_imports = [run for run in report.imports if run.status == "failed"]
    if failed_imports:
        print(
            f"{len(failed_imports)} of {len(report.imports)} imports failed (the sites were built without them): "
            f"{', '.join(run.source for run in failed_imports)}.",
            file=sys.stderr,
        )
    for result in report.results:
        fallbacks = sum(len(items) for items in result.fallbacks.values())
        if fallbacks:
            languages = ", ".join(f"{lang} ({len(items)})" for lang, items in sorted(result.fallbacks.items()))
            print(f"{result.name}: {fallbacks} pages or listings are shown in a fallback language: {languages}.")
    for result in report.results:
        if result.left_out:
            print(f"{result.name}: {len(result.left_out)} left out of the site until fixed:", file=sys.stderr)
            for item in result.left_out:
                print(f"  - {item['message']}", file=sys.stderr)
    for result in report.failed:
        print(f"{result.name} was NOT updated; it keeps its previous site. Problems:", file=sys.stderr)
        for problem in result.problems[:20]:
            print(f"  - {problem}", file=sys.stderr)
        if len(result.problems) > 20:
            print(f"  ... and {len(result.problems) - 20} more.", file=sys.stderr)
    built = [r for r in report.results if r.status == "built"]
    print(
        f"{len(report.results)} kommuner: {len(built)} built, "
        f"{sum(r.status == 'unchanged' for r in report.results)} unchanged, {len(report.failed)} failed; "
        f"{report.pages} files in {report.seconds:.1f} s."
    )
    if report.search_seconds:
        print(f"Search reindexed the rebuilt kommuner in {report.search_seconds:.1f} s.")
    if report.message:
        print(report.message)
    elif report.published:
        print(f"Published: public/ now serves {report.release.name}.")
    elif report.release:
        print(f"Built {report.release.name} (not published; use --publish).")
