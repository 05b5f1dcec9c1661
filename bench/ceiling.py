"""The raw ceiling the build is measured against: its pages rendered by plain Jinja2 and written, nothing else.

Every kommun is exported first (not timed, nor are its image renditions); then, in as many
worker processes as the build uses, every output routes.py lays out is rendered with a plain
`jinja2.Environment` (Jinja's own getattr and gettext, no Pelican) or written by the same
Python producers the build uses, and written to disk with `open().write`. No fingerprints,
no checks, no manifest: what is left of a build once all its bookkeeping is gone.
"""

import multiprocessing
import resource
import time
from pathlib import Path

EXPORTS = {}  # slug -> export, filled before the workers fork so they share it


def export_all(slugs, output, cache):
    """Export every kommun and make its renditions into `output/<slug>` (the ceiling does not time this)."""
    from cms.base.models import Kommun
    from cms.export.kommun import export_kommun
    from cms.sitebuild import images

    for slug in slugs:
        export = export_kommun(Kommun.objects.select_related("site__root_page").get(slug=slug))
        site_dir = Path(output) / slug
        site_dir.mkdir(parents=True, exist_ok=True)
        export["renditions"] = images.renditions(export["images"], cache, site_dir, {"encoded": 0, "cached": 0}, [])
        EXPORTS[slug] = export


def _environment(site, output):
    from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader

    from cms.base import csp
    from cms.theme import THEME_DIR, assets, autoescape

    env = Environment(
        loader=FileSystemLoader(str(THEME_DIR / "templates")),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=autoescape,
        # Templates are loaded afresh for each language (see _install): compiled once, as the build's are.
        bytecode_cache=FileSystemBytecodeCache(str(_folder(Path(output).parent / "ceiling-jinja"))),
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    brand = site["config"]["brand"]
    env.globals.update(
        inline_css=csp.site_stylesheet(brand["primary"], brand["accent"]),
        experiment_css=csp.experiment_stylesheet(),
        experiment_picker=csp.experiment_picker(),
        renditions=site["renditions"],
        asset_url=assets.asset_url,
    )
    return env


def _folder(path):
    path.mkdir(parents=True, exist_ok=True)
    return path


def _install(env, language):
    from cms.sitebuild.serialised import Cards
    from cms.theme import THEME_DIR, i18n

    translations, _missing = i18n.translations(THEME_DIR, language)
    env.install_gettext_translations(translations, newstyle=True)
    env.globals["language"] = language  # the macro files, imported without a page's context, read it
    env.filters.update(i18n.formatters(language, translations))
    env.cache.clear()  # the imported macro modules are kept with the language they were made in
    cards = Cards(env.get_template("macros.html").module)
    env.globals["cards"] = cards
    return cards


def render_site(slug, output):
    """Render and write one kommun's every output; returns (HTML pages, files)."""
    from cms.sitebuild.render import PRODUCERS
    from cms.sitebuild.routes import language_links, root_outputs, site_outputs

    site = EXPORTS[slug]
    env = _environment(site, output)
    root = Path(output) / slug
    html = files = 0

    def write(outputs, cards):
        nonlocal html, files
        for item in outputs:
            producer = PRODUCERS.get(item.template)
            text = producer(item.context, cards) if producer else env.get_template(item.template).render(item.context)
            path = root / item.path
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(text if isinstance(text, bytes) else text.encode())
            files += 1
            html += item.path.endswith(".html")

    entries, not_found_in = [], {}
    for language in site["languages"]:
        cards = _install(env, language)
        macros = env.get_template("macros.html").module
        home = language_links(site, {language: f"/{language}/"})
        heading = "h1" if language == site["languages"][0] else "h2"
        not_found_in[language] = macros.not_found(site["config"]["name"], home, heading)
        outputs = site_outputs(site, language)
        write(outputs, cards)
        entries += [
            {"url": o.context["page_url"], "alternates": o.context["alternates"]}
            for o in outputs
            if o.html
            and not o.path.endswith("404.html")
            and o.context.get("canonical_url", o.context["page_url"]) == o.context["page_url"]
        ]
    write(root_outputs(site, entries, not_found_in), _install(env, site["languages"][0]))
    return html, files


def cpu_seconds():
    """CPU seconds of this process and of its children that have ended (workers count once waited for)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed_in_workers(function, arguments, jobs):
    """`function` over `arguments` in `jobs` forked workers, each returning (HTML pages, files): (seconds, CPU
    seconds, HTML pages, files)."""
    started, cpu_started = time.perf_counter(), cpu_seconds()
    pool = multiprocessing.get_context("fork").Pool(jobs)
    counts = pool.starmap(function, arguments, chunksize=1)
    pool.close()
    pool.join()  # the workers' CPU time counts once they are waited for
    seconds = time.perf_counter() - started
    return seconds, cpu_seconds() - cpu_started, sum(c[0] for c in counts), sum(c[1] for c in counts)


def render_all(output, jobs):
    """Render every exported kommun in `jobs` forked workers: (seconds, CPU seconds, HTML pages, files)."""
    return _timed_in_workers(render_site, [(slug, str(output)) for slug in EXPORTS], jobs)


FILES = {}  # top folder -> [(relative path, bytes)], read before the workers fork so they share it


def read_tree(source):
    """Every file of `source` (a release), read into memory by its top folder (a kommun's site); links left out."""
    source = Path(source)
    FILES.clear()
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(source)
            FILES.setdefault(relative.parts[0], []).append((relative, path.read_bytes()))
    return sum(len(files) for files in FILES.values())


def _write_files(top, output):
    html = 0
    for relative, data in FILES[top]:
        path = Path(output) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
        html += relative.suffix == ".html"
    return html, len(FILES[top])


def write_all(output, jobs):
    """Write what `read_tree` read into `output`, nothing rendered, in `jobs` forked workers, as `render_all` does:
    the file system's part of a build, on its own. (seconds, CPU seconds, HTML pages, files)."""
    # The largest sites first, so the two workers end together.
    tops = sorted(FILES, key=lambda top: -sum(len(data) for _path, data in FILES[top]))
    return _timed_in_workers(_write_files, [(top, str(output)) for top in tops], jobs)
