"""Lighthouse (mobile) on one built microsite's main templates; prints a table.

    npm ci --prefix bench/lighthouse
    .venv/bin/python bench/bench_lighthouse.py [--public public] [--kommun pitea] [--language sv]

Serves the published site from --public (what `python build.py --demo` wrote) on
loopback and runs Lighthouse's default mobile profile (simulated slow 4G, a mid-range
phone) in Debian's chromium: the home, search (housing), listing (activities), detail
(a home for rent), story and guide templates, and the deployment's region front door when the
build wrote one (public/region/; public/index.html before it was a site of its own). All four
categories are scored; "first view KB" is what the page transferred while loading (Lighthouse's
total-byte-weight: images below the fold load lazily and are not in it), against the budget of
150 KB for the home. `--page NAME=PATH` adds a page of the site (a story with a video, a tour);
`--only NAME` audits only the named templates (repeatable).
"""

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(folder):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def first_child(folder):
    return sorted(p.name for p in folder.iterdir() if p.is_dir())[0]


def audit(url, chromium):
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--only-categories=performance,accessibility,best-practices,seo",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": chromium},
        )
        return json.loads(report.read_text())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--public", type=Path, default=ROOT / "public")
    parser.add_argument("--kommun", default="pitea")
    parser.add_argument("--language", default="sv")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--only", action="append", default=[], help="audit only this template (repeatable)")
    parser.add_argument("--page", action="append", default=[], help="NAME=PATH below the language folder")
    args = parser.parse_args()
    site = args.public.resolve() / args.kommun
    if not (site / args.language / "index.html").exists():
        sys.exit(f"No built site at {site / args.language}; run `python build.py --demo` first or pass --public.")
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed; run `npm ci --prefix bench/lighthouse` first.")
    lang = site / args.language
    pages = {
        "home": "",
        "search (housing)": "housing/",
        "listing (activities)": "activities/",
        "detail (a home)": f"housing/{first_child(lang / 'housing')}/",
        "story (with a video)": f"stories/{first_child(lang / 'stories')}/",
        "story (a virtual tour)": "stories/virtual-tour/",
        "guide": "move-guide/",
        "guide phase": f"move-guide/{first_child(lang / 'move-guide')}/",
    }
    pages.update(extra.split("=", 1) for extra in args.page)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/{args.language}/"
    urls = {name: (base + path, f"/{args.language}/{path}") for name, path in pages.items()}
    region = None
    # The region front door is a site of its own in every release (public/region/), once the root's language list.
    front_door = next((d for d in (args.public / "region", args.public) if (d / "index.html").exists()), None)
    if front_door:
        region = serve(front_door.resolve())
        path = f"/{args.language}/" if (front_door / args.language / "index.html").exists() else "/"
        urls["region front door"] = (f"http://127.0.0.1:{region.server_address[1]}{path}", path)
    if args.only:
        urls = {name: url for name, url in urls.items() if name in args.only}
    rows = []
    for name, (url, path) in urls.items():
        report = audit(url, args.chromium)
        scores = {key: round(100 * value["score"]) for key, value in report["categories"].items()}
        audits = report["audits"]
        rows.append(
            (
                name,
                path,
                scores["performance"],
                scores["accessibility"],
                scores["best-practices"],
                scores["seo"],
                f"{audits['total-byte-weight']['numericValue'] / 1024:.0f}",
                audits["largest-contentful-paint"]["displayValue"],
                audits["total-blocking-time"]["displayValue"],
                audits["cumulative-layout-shift"]["displayValue"],
            )
        )
    server.shutdown()
    if region:
        region.shutdown()
    header = (
        "template",
        "path",
        "performance",
        "accessibility",
        "best practices",
        "SEO",
        "first view KB",
        "LCP",
        "TBT",
        "CLS",
    )
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    main()
