"""When a queued build is due: a storm of publishes becomes a few builds, and one edit is still live within seconds.

A kommun's publishes join the one build of it that waits (`Build`, one queued per kommun). That
build waits for a quiet moment, measured from its latest publish, but never past a cap measured
from its first:

- calm (no build of the kommun was running when it was queued): quiet `quiet`, cap `first_wait`.
  An editor's single publish, and the first publishes of a storm, are built within `first_wait`
  seconds, so they are live within the floor (5 s at the demo's size: a build there takes about one).
- storm (queued while the kommun's previous build was still running, so publishes come faster than
  builds): quiet `storm_quiet`, cap `storm_wait`. The rest of the storm gathers into a build each
  `storm_wait` seconds at most, and one more `storm_quiet` seconds after its last publish, instead of
  one build per build's duration.

An editor who publishes, sees it live and publishes again is never in a storm: each publish is built
at once. The times are `PUBLISH_COALESCE` in the settings ({name: seconds}); the tests that run the
worker's task in their own process set them to nothing.
"""

from dataclasses import dataclass, fields
from datetime import timedelta

from django.conf import settings

from .models import Build, Outcome


@dataclass(frozen=True)
class Timing:
    """How long a queued build waits, in seconds (see the module's docstring)."""

    quiet: float = 0.5
    first_wait: float = 1.5
    storm_quiet: float = 5.0
    storm_wait: float = 30.0


def timing():
    """The timing in force: the defaults above, with `PUBLISH_COALESCE`'s values over them."""
    chosen = getattr(settings, "PUBLISH_COALESCE", {})
    unknown = set(chosen) - {field.name for field in fields(Timing)}
    if unknown:
        from cms.base.exceptions import ConfigurationError

        known = ", ".join(field.name for field in fields(Timing))
        raise ConfigurationError(f"PUBLISH_COALESCE names {', '.join(sorted(unknown))}; it knows {known}.")
    return Timing(**chosen)


def due_at(build, times=None):
    """When the queued `build` is to be built."""
    times = times or timing()
    quiet, cap = (times.storm_quiet, times.storm_wait) if build.storm else (times.quiet, times.first_wait)
    latest = build.last_publish_at or build.queued_at
    return min(latest + timedelta(seconds=quiet), build.queued_at + timedelta(seconds=cap))


def in_storm(kommun_id):
    """Whether a build queued for the kommun now comes during a storm: one of its builds is still running."""
    return Build.objects.filter(kommun_id=kommun_id, outcome=Outcome.BUILDING).exists()


def wake_for_waiting():
    """Run the publish task again when the first of the builds that still wait is due (they were not yet)."""
    from .queue import publish_pending

    times = timing()
    waiting = [due_at(build, times) for build in Build.objects.filter(outcome=Outcome.QUEUED)]
    if waiting:
        publish_pending.using(run_after=min(waiting)).enqueue()
