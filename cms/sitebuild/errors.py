"""Build errors: each names the page or record, the field, and where an editor fixes it."""

import errno
from contextlib import contextmanager
from pathlib import Path

from cms.base.exceptions import NorrbottenError


class BuildError(NorrbottenError):
    """A kommun's site could not be built; its previous live site stays."""


class PublishError(NorrbottenError):
    """Publishing failed; the live tree was not touched."""


class OutputError(NorrbottenError):
    """The build cannot write where it must (a full disk, a read-only folder, missing permissions).

    Nothing about the content is wrong and no kommun is to blame, so the build stops (exit 2) and
    `public/` stays as it was."""


#: Why a folder cannot be written to, by errno: the machine's problems, not a kommun's.
OUTPUT_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "it is on a read-only file system",
    errno.EACCES: "the build's user has no permission there",
    errno.EPERM: "the build's user has no permission there",
}


def is_output_problem(exc):
    """True for an OSError that says the machine cannot write, rather than that content is wrong."""
    return isinstance(exc, OSError) and exc.errno in OUTPUT_PROBLEMS


def output_error(exc):
    """The OutputError for an OSError that says the machine cannot write: which folder, and why."""
    written = exc.filename2 or exc.filename  # of a copy or a link, the second name is the one written
    path = Path(written) if written else None
    folder = path if path is None or path.is_dir() else path.parent
    where = f"in {folder}" if folder else "in its output folder"
    return OutputError(
        f"The build could not work {where}: {OUTPUT_PROBLEMS[exc.errno]}. public/ was left as it "
        "was; free space or give the build's user access, then run it again."
    )


@contextmanager
def output_problems():
    """Turn a full disk or a folder the build may not use into an OutputError naming the folder and why."""
    try:
        yield
    except OSError as exc:
        if not is_output_problem(exc):
            raise
        raise output_error(exc) from exc
