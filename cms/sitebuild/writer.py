"""A Pelican plugin: the writer of a microsite build, on Pelican's `get_writer` signal.

It is Pelican's writer (`pelican.writers.Writer`) with a faster `write_file` for the plain case the
microsite generator (cms.sitebuild.render) uses, one output to one path, and it hands each HTML page
to the site's checks (`MICROSITE_CHECKS`, cms.sitebuild.checks) as it is written, so no written file
is read back. Pelican's writer made each page's folders by `os.makedirs` (a look at its parent, then
the folder), opened the file in text mode to encode the page again, and sent a signal nothing here
listens to: a tenth of a large build went into writing. This one makes each folder once and writes
the bytes in one open. Outputs made in Python (calendars, the sitemap, the JSON indexes) go through
`write_bytes`, and unchanged ones are linked from the live release by `link_unchanged`, so every
file of a kommun's site is written here.
"""

import os
import shutil

from pelican import signals
from pelican.writers import FileOverwriteFailedError, Writer


class CheckedWriter(Writer):
    """Pelican's writer, writing fast and showing each HTML page it writes to the site's checks."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.checks = self.settings["MICROSITE_CHECKS"]
        self.folders = set()  # the folders made so far

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        """Pelican's `write_file`: render `template` with `context` (and `kwargs`) and write it to `name`, which
        may be written once. Relative URLs, pagination and overriding an output are left to Pelican's own."""
        if relative_urls or paginated or override_output:
            return super().write_file(
                name, template, context, relative_urls, paginated, template_name, override_output, url, **kwargs
            )
        if not name:
            return None  # as Pelican's: nothing to write
        # Jinja's render copies its arguments into the page's context anyway: `output_file`, which Pelican's
        # writer gives every template, costs no copy of its own here.
        html = template.render(context, output_file=name, **kwargs)
        if name.endswith(".html"):
            self.checks.add(name, html)
        self.write_bytes(name, html.encode())
        return None

    def write_bytes(self, name, content):
        """Write one output's bytes to `name`, under the site's root, once: a path written twice would hide
        one output behind another, so it is refused as Pelican's writer refuses it."""
        target = os.path.join(self.output_path, name)
        if target in self._written_files:
            raise FileOverwriteFailedError(
                f"The output {name} was laid out twice by routes.py; each path of a site must be written once."
            )
        self._written_files.add(target)
        self._make_folder(target)
        with open(target, "wb") as file:
            file.write(content)

    def link_unchanged(self, previous, name):
        """An unchanged output hard-linked from the live release `previous` (copied where a link cannot be made);
        False when the live release does not have it after all (it is then rendered).

        After an edit nearly every output of the kommun comes here (about 2,000 at full scale): its folder is made
        once, before the link, and the paths are plain strings. Trying the link first and making the folder when
        it failed cost a failed link and an exception per output, and building `Path`s a sixth of the pass."""
        target = os.path.join(self.output_path, name)
        self._make_folder(target)
        source = os.path.join(previous, name)
        try:
            os.link(source, target)
        except FileNotFoundError:
            return False
        except FileExistsError:
            pass
        except OSError:
            if not os.path.isfile(source):
                return False
            shutil.copy2(source, target)
        return True

    def _make_folder(self, target):
        """The folder of `target`, made once: with its parents when they are missing too, and taken as made when it
        is already there (cms.sitebuild.site.Folders may have made it ahead, in a process of its own)."""
        folder = os.path.dirname(target)
        if folder not in self.folders:
            try:
                os.mkdir(folder)
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            except FileExistsError:
                pass
            self.folders.add(folder)


def get_writer(pelican):
    """Pelican's `get_writer` signal: the checking writer for a microsite build (one with its checks set)."""
    return CheckedWriter if "MICROSITE_CHECKS" in pelican.settings else None


def register():
    """Pelican's plugin entry point."""
    signals.get_writer.connect(get_writer)
