"""What a phone transfers for the first view of a microsite's pages (issue 16's budget: at most 150 KB for the home).

Serves a built site (a folder of `public/`, e.g. after `build.py --demo`) on loopback and opens each page in
Debian's chromium as a 390 px phone (device pixel ratio 2.625, as Lighthouse's mobile run), waiting until the
network is idle without scrolling: what the first screen needs, lazy images below it excluded. Bytes are counted
as a web server sends them: text (HTML, CSS, JavaScript, SVG, JSON) gzipped, images as they are. Prints a table.

    .venv/bin/python bench/bench_first_view.py public/pitea
    .venv/bin/python bench/bench_first_view.py public/jokkmokk --pages /en/ /sv/housing/
"""

import argparse
import functools
import gzip
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
PAGES = ["/en/", "/en/housing/", "/en/activities/", "/en/jobs/"]
TEXT = {".html", ".css", ".js", ".svg", ".json", ".xml"}
BUDGET_KB = 150


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def sent_bytes(root, path):
    """How many bytes a web server with gzip on would send for one file of the site."""
    file = root / path.lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    data = file.read_bytes()
    return len(gzip.compress(data, 9)) if file.suffix in TEXT else len(data)


def first_view(root, pages):
    """[(page, requests, bytes)] for each page's first view on a phone."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for page_path in pages:
                context = browser.new_context(
                    viewport={"width": 390, "height": 844}, device_scale_factor=2.625, is_mobile=True
                )
                page = context.new_page()
                requested = []
                page.on("requestfinished", lambda request, seen=requested: seen.append(urlsplit(request.url).path))
                page.goto(base + page_path, wait_until="networkidle")
                rows.append((page_path, len(requested), sum(sent_bytes(root, path) for path in requested)))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site's folder, e.g. public/pitea")
    parser.add_argument("--pages", nargs="+", default=PAGES, help="paths to open (default: %(default)s)")
    args = parser.parse_args()
    print("| page | requests | KB transferred | budget |")
    print("| --- | ---: | ---: | --- |")
    for page, requests, size in first_view(args.site.resolve(), args.pages):
        within = "within" if size <= BUDGET_KB * 1024 else "OVER"
        print(f"| {page} | {requests} | {size / 1024:.1f} | {within} {BUDGET_KB} KB |")


if __name__ == "__main__":
    main()
