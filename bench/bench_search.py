"""The search benchmark: the embedded backend and Elasticsearch (or OpenSearch) side by side under load,
and the static fallback beside Pagefind.

    apt-get install wrk; .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/bench_search.py [--workdir /tmp/norrbotten-search] [--public public]
        [--engines embedded,elasticsearch,opensearch]

1. Fills its own SQLite database under --workdir with 50,000 homes and 50,000 activities
   across the 14 kommuner, each indexed in the six site languages (600,000 documents),
   through the embedded backend's own rebuild; for Elasticsearch or OpenSearch, the same documents go
   to a node started from Maven Central by tests/search_server.py, through its backend's rebuild.
2. Serves the search API alone (cms.public_urls, as cms.settings.public_api does) with
   gunicorn on loopback and drives it with wrk at 1, 8 and 32 concurrent clients, with a
   fixed mix of the searches microsites make (see `searches`).
3. On a built microsite (--public, what `python build.py --demo` wrote), compares the
   static fallback of the housing search page with Pagefind indexing the same pages with
   the same filters: bytes downloaded for a search (gzip, as a web server sends them) and
   the time in chromium from the visitor's choice to the results.
"""

import argparse
import gzip
import heapq
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import wrk  # noqa: E402

LANGUAGES = ("sv", "en", "de", "nl", "pl", "fi")
WORDS = {
    "sv": "ljus trea nära skolan balkong mot älven renoverat kök tyst gård nära skogen skidspår bastu förråd hiss",
    "en": "bright flat near the school balcony facing the river renovated kitchen quiet yard near the forest ski track sauna",
    "de": "helle wohnung nahe der schule balkon zum fluss renovierte küche ruhiger hof nahe dem wald loipe sauna",
    "nl": "lichte woning bij de school balkon aan de rivier gerenoveerde keuken rustige tuin bij het bos langlaufroute sauna",
    "pl": "jasne mieszkanie blisko szkoły balkon nad rzeką odnowiona kuchnia cichy dziedziniec blisko lasu trasa narciarska",
    "fi": "valoisa asunto lähellä koulua parveke joelle remontoitu keittiö rauhallinen piha lähellä metsää latu sauna",
}
ACTIVITY_WORDS = {
    "sv": "språkcafé skidåkning konsert fika vandring familjedag bibliotek kör innebandy hantverk",
    "en": "language café skiing concert coffee hike family day library choir floorball crafts",
}


def housing_documents(rng, kommuner, count):
    tenures = ["rental"] * 6 + ["tenant-owned"] * 2 + ["house-for-sale", "room"]
    for number in range(count):  # kommun by kommun, as cms.search.documents.all_documents yields them
        slug, (lat, lon) = kommuner[number * len(kommuner) // count]
        tenure = rng.choice(tenures)
        rooms = 1 if tenure == "room" else rng.randint(1, 6)
        area = rooms * 22 + rng.randint(5, 25)
        rent = (3000 + area * 80 + rng.randint(-500, 500)) // 50 * 50 if tenure in ("rental", "room") else None
        price = (
            (rooms * 300_000 + rng.randint(0, 900_000)) // 5000 * 5000
            if tenure in ("tenant-owned", "house-for-sale")
            else None
        )
        available = datetime(2026, 12, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 240))
        latitude, longitude = lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.08, 0.08)
        school_km = round(rng.uniform(0.2, 6), 1)
        street = f"Gata{number % 400}"
        for language in LANGUAGES:
            words = WORDS[language].split()
            text = f"{rooms} {' '.join(rng.sample(words, 8))} {street} {tenure}"
            title = f"{rooms} rum, {street}" if language == "sv" else f"{rooms}-room home, {street}"
            card = {
                "type": "housing",
                "id": number,
                "kommun": slug,
                "language": language,
                "title": title,
                "summary": text[:200],
                "path": f"/{language}/housing/{number}/",
                "tenure": tenure,
                "rooms": rooms,
                "monthly_rent_sek": rent,
                "asking_price_sek": price,
                "living_area_m2": area,
                "latitude": latitude,
                "longitude": longitude,
                "html": f'<article class="card listing"><h2><a href="/{language}/housing/{number}/">{title}</a></h2>'
                f'<p class="meta">{tenure} · {rooms} · {area} m²</p><p class="price">{rent or price}</p></article>',
            }
            yield {
                "doc_type": "housing",
                "object_id": number,
                "language": language,
                "kommun": slug,
                "title": title,
                "latitude": latitude,
                "longitude": longitude,
                "text": text,
                "card": card,
                "tenure": tenure,
                "rooms": rooms,
                "monthly_rent": rent,
                "asking_price": price,
                "living_area": area,
                "price": rent if rent is not None else price,
                "date": available,
                "school_km": school_km,
                "commute_minutes": rng.randint(3, 40),
            }


def activity_documents(rng, kommuner, count):
    from cms.activities.forms import AUDIENCE_CHOICES
    from cms.activities.models import CATEGORIES

    categories = [code for code, _ in CATEGORIES]
    audiences = [code for code, _ in AUDIENCE_CHOICES]
    for number in range(count):
        slug, (lat, lon) = kommuner[number * len(kommuner) // count]
        start = datetime(2026, 12, 1, 8, tzinfo=UTC) + timedelta(hours=rng.randint(0, 24 * 300))
        price = rng.choice([0, 0, 0, 50, 100, 150])
        category, audience = rng.choice(categories), rng.sample(audiences, 2)
        spoken = rng.sample(["sv", "en", "fi", "fit", "se", "ar"], 2)
        for language in LANGUAGES:
            words = ACTIVITY_WORDS.get(language, ACTIVITY_WORDS["en"]).split()
            title = " ".join(rng.sample(words, 3)).capitalize()
            card = {
                "type": "activity",
                "id": 1_000_000 + number,
                "kommun": slug,
                "language": language,
                "title": title,
                "path": f"/{language}/activities/{number}/",
                "start": start.isoformat(),
                "price_sek": price,
                "html": f'<article class="card activity"><h2><a href="/{language}/activities/{number}/">{title}</a></h2></article>',
            }
            yield {
                "doc_type": "activity",
                "object_id": 1_000_000 + number,
                "language": language,
                "kommun": slug,
                "title": title,
                "latitude": lat,
                "longitude": lon,
                "text": title + " " + " ".join(rng.sample(words, 5)),
                "card": card,
                "category": category,
                "audiences": "|" + "|".join(audience) + "|",
                "spoken": "|" + "|".join(spoken) + "|",
                "date": start,
                "end": start + timedelta(hours=2),
                "price": price,
                "free": price == 0,
            }


def fill_index(count, report, backend=None):
    """Seconds to index the documents into `backend` (the embedded one by default; 0 if already there)."""
    from django.core.management import call_command

    from cms.base.site_config import load_all_sites
    from cms.search import text
    from cms.search.backends.embedded import EmbeddedBackend
    from cms.search.models import SearchDocument

    call_command("migrate", verbosity=0)
    expected = 2 * count * len(LANGUAGES)
    if backend is None and SearchDocument.objects.count() == expected:
        return 0.0
    configs = load_all_sites()
    kommuner = [(slug, (c.location.latitude, c.location.longitude)) for slug, c in sorted(configs.items())]
    rng = random.Random(1)

    def documents():
        homes, activities = housing_documents(rng, kommuner, count), activity_documents(rng, kommuner, count)
        for i, document in enumerate(_by_kommun(homes, activities)):
            document["terms"] = " ".join(text.terms(document["text"], document["language"]))
            if i % 100_000 == 0:
                report(f"  {i:,} documents")
            yield document

    started = time.perf_counter()
    (backend or EmbeddedBackend()).rebuild(documents())
    return time.perf_counter() - started


def memory_mb(process_group):
    """Resident memory of a process group (a search server and its children), in MB."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == process_group:  # pgrp
            total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # rss in pages
    return total / 1e6


def _by_kommun(homes, activities):
    """Both streams merged kommun by kommun (each is already in kommun order)."""
    return heapq.merge(homes, activities, key=lambda document: document["kommun"])


def searches(slugs, n=2000):
    """The mix of searches the benchmark sends: mostly one kommun's site, some region-wide."""
    rng = random.Random(2)
    paths = []
    for _ in range(n):
        language = rng.choice(["sv", "sv", "en", "de", "fi"])
        roll = rng.random()
        params = {"language": language}
        if roll < 0.6:
            params["kommun"] = rng.choice(slugs)
            endpoint = "housing"
            if rng.random() < 0.6:
                params["tenure"] = rng.choice(["rental", "tenant-owned", "house-for-sale", "room"])
            if rng.random() < 0.5:
                params["rooms_min"] = rng.randint(1, 4)
            if rng.random() < 0.4:
                params["rent_max"] = rng.choice([6000, 8000, 9000, 12000])
            if rng.random() < 0.3:
                params["q"] = rng.choice(WORDS[language].split())[: rng.randint(3, 8)]
            if rng.random() < 0.2:
                params["sort"] = rng.choice(["price", "-price", "date"])
        elif roll < 0.9:
            params["kommun"] = rng.choice(slugs)
            endpoint = "activities"
            if rng.random() < 0.5:
                params["date_from"] = "2027-01-01"
                params["date_to"] = "2027-02-28"
            if rng.random() < 0.4:
                params["free"] = "true"
            if rng.random() < 0.3:
                params["q"] = rng.choice(ACTIVITY_WORDS.get(language, ACTIVITY_WORDS["en"]).split())
        else:
            endpoint = "housing"
            params.update(tenure="rental", rooms_min=rng.randint(2, 4))
            if rng.random() < 0.5:
                params["q"] = rng.choice(WORDS[language].split())
        paths.append(f"/api/search/{endpoint}?" + urllib.parse.urlencode(params))
    return paths


WRK_SCRIPT = """
local paths = {%s}
local counter = math.random(1, #paths)
request = function()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
"""


def load_test(database, workdir, seconds, distinct, report, environment=None):
    from cms.base.site_config import load_all_sites

    paths = searches(sorted(load_all_sites()), distinct)
    script = workdir / "searches.lua"
    script.write_text(WRK_SCRIPT % (", ".join(json.dumps(p) for p in paths)) + wrk.REPORT, encoding="utf-8")
    port = 8765
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.search_settings",
        "DATABASE_URL": database,
        **(environment or {}),
    }
    workers = 2 * (os.cpu_count() or 2) + 1
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "python:cms.search.gunicorn_conf",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "cms.wsgi",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(600):  # each worker loads its search columns before it answers
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{paths[0]}", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        for path in paths[:200]:  # warm every worker's caches a little
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10).read()
        return wrk.sweep(script, f"http://127.0.0.1:{port}", seconds, report), workers
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


# --- the static fallback beside Pagefind ----------------------------------------------------
def _serve(folder):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def pagefind_copy(site, language, workdir):
    """The built site with Pagefind's markers on the homes' pages: their main text, and the same
    filters the fallback offers (tenure and rooms), taken from the site's own index."""
    target = workdir / "pagefind-site"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(site, target)
    index = json.loads((site / language / "housing" / "index.json").read_text(encoding="utf-8"))
    for row in index["rows"]:
        home = dict(zip(index["fields"], row))
        page = target / language / "housing" / str(home["id"]) / "index.html"
        html = page.read_text(encoding="utf-8")
        filters = (
            f'<span hidden data-pagefind-filter="tenure">{home["tenure"]}</span>'
            f'<span hidden data-pagefind-filter="rooms">{home["rooms"]}</span>'
        )
        html = html.replace(
            '<main id="main" tabindex="-1">', '<main id="main" tabindex="-1" data-pagefind-body>' + filters, 1
        )
        page.write_text(html, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(target), "--quiet"], check=True)
    return target


def browser_compare(site, language, chromium, workdir):
    from playwright.sync_api import sync_playwright

    pagefind_site = pagefind_copy(site, language, workdir)
    ours, theirs = _serve(site), _serve(pagefind_site)
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        # Ours: the search API is unreachable, so the page searches its static index.
        page = browser.new_page()
        fetched = []
        page.route("**/api/search/**", lambda route: route.abort())
        page.on(
            "response",
            lambda r: fetched.append(r) if "/api/" not in r.url and r.request.resource_type == "fetch" else None,
        )
        page.goto(f"http://127.0.0.1:{ours.server_address[1]}/{language}/housing/")
        results["ours"] = [_our_search(page, "rental", "3"), _our_search(page, "tenant-owned", "2")]
        results["ours_bytes"] = sum(len(gzip.compress(r.body())) for r in fetched)
        results["ours_files"] = len(fetched)
        results["ours_hits"] = page.locator("[data-results] .card").count()
        # Pagefind, on the same page, with the same filters.
        page = browser.new_page()
        fetched = []
        page.on("response", lambda r: fetched.append(r) if "/pagefind/" in r.url else None)
        page.goto(f"http://127.0.0.1:{theirs.server_address[1]}/{language}/housing/")
        results["pagefind"] = [
            _pagefind_search(page, "rental", ["3", "4", "5", "6"]),
            _pagefind_search(page, "tenant-owned", ["2", "3", "4", "5", "6"]),
        ]
        results["pagefind_bytes"] = sum(len(gzip.compress(r.body())) for r in fetched)
        results["pagefind_files"] = len(fetched)
        browser.close()
    ours.shutdown()
    theirs.shutdown()
    return results


def _our_search(page, tenure, rooms):
    return page.evaluate(
        """async ([tenure, rooms]) => {
        const form = document.querySelector("[data-search]"), count = document.querySelector("[data-count]");
        const before = count.textContent, started = performance.now();
        const changed = new Promise(resolve => new MutationObserver((m, o) => { o.disconnect(); resolve(); })
            .observe(count, {childList: true, characterData: true, subtree: true}));
        form.tenure.value = tenure; form.rooms_min.value = rooms;
        form.rooms_min.dispatchEvent(new Event("change", {bubbles: true}));
        await changed;
        return {ms: performance.now() - started, hits: document.querySelectorAll("[data-results] .card").length};
    }""",
        [tenure, rooms],
    )


def _pagefind_search(page, tenure, rooms):
    return page.evaluate(
        """async ([tenure, rooms]) => {
        const started = performance.now();
        window.pf = window.pf || await import("/pagefind/pagefind.js");
        const search = await window.pf.search(null, {filters: {tenure: tenure, rooms: {any: rooms}}});
        const shown = await Promise.all(search.results.slice(0, 20).map(r => r.data()));
        return {ms: performance.now() - started, hits: search.results.length, loaded: shown.length};
    }""",
        [tenure, rooms],
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/norrbotten-search"))
    parser.add_argument("--count", type=int, default=50_000, help="homes, and activities, across the region")
    parser.add_argument("--seconds", type=int, default=15, help="each wrk run")
    parser.add_argument(
        "--distinct",
        type=int,
        default=20_000,
        help="different searches in the mix (more than a run sends, so no answer is served from a cache)",
    )
    parser.add_argument("--public", type=Path, default=ROOT / "public")
    parser.add_argument("--kommun", default="pitea")
    parser.add_argument("--language", default="sv")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument(
        "--engines",
        default="embedded,elasticsearch",
        help="comma-separated, run in this order (embedded, elasticsearch, opensearch)",
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    database = f"sqlite:///{args.workdir / 'search.sqlite3'}"
    os.environ.update(DATABASE_URL=database, DJANGO_SETTINGS_MODULE="bench.search_settings")
    import django

    django.setup()

    def report(line):
        print(line, file=sys.stderr, flush=True)

    runs = [run_engine(engine, args, database, report) for engine in args.engines.split(",")]
    site = args.public.resolve() / args.kommun
    compare = (
        browser_compare(site, args.language, args.chromium, Path(tempfile.mkdtemp(dir=args.workdir)))
        if (site / args.language / "housing" / "index.json").exists()
        else None
    )

    documents = 2 * args.count * len(LANGUAGES)
    print(
        f"{args.count:,} homes + {args.count:,} activities, {documents:,} documents in {len(LANGUAGES)} languages; "
        f"the search service under gunicorn, {runs[0]['workers']} workers, 2 cores, loopback; "
        f"a mix of {args.distinct:,} different searches"
    )
    print(
        f"{'engine':<14}  {'indexing s':>10}  {'server MB':>9}  {'clients':>7}  {'p50 ms':>7}  {'p95 ms':>7}  "
        f"{'p99 ms':>7}  {'requests/s':>10}  errors"
    )
    for run in runs:
        indexing = f"{run['indexing']:.0f}" if run["indexing"] else "(kept)"
        memory = f"{run['memory']:.0f}" if run["memory"] else "-"
        for clients, r in run["load"]:
            print(
                f"{run['engine']:<14}  {indexing:>10}  {memory:>9}  {clients:>7}  {r['p50']:7.1f}  {r['p95']:7.1f}  "
                f"{r['p99']:7.1f}  {r['requests'] / r['seconds']:10.0f}  {r['errors']}"
            )
    if compare is None:
        print(f"(no built site at {site}: run `python build.py --demo` for the static fallback comparison)")
        return
    print()
    print(
        f"Housing search on {args.kommun}/{args.language}, API unreachable: static fallback vs Pagefind {_pagefind_version()}"
    )
    print(f"{'':<24}{'bytes (gzip)':>13}  {'files':>5}  {'1st search ms':>13}  {'2nd search ms':>13}")
    for name, key in (("static fallback (ours)", "ours"), ("Pagefind", "pagefind")):
        first, second = compare[key]
        print(
            f"{name:<24}{compare[key + '_bytes']:>13,}  {compare[key + '_files']:>5}  {first['ms']:>13.1f}  {second['ms']:>13.1f}"
        )


def run_engine(engine, args, database, report):
    """Index the documents into one engine and load-test the search service on it."""
    if engine == "embedded":
        report("Embedded: filling the index ...")
        indexing = fill_index(args.count, report)
        report("Embedded: load test ...")
        load, workers = load_test(database, args.workdir, args.seconds, args.distinct, report)
        return {"engine": engine, "indexing": indexing, "memory": None, "load": load, "workers": workers}
    from django.conf import settings

    from cms.search.backends import server_backend_class
    from tests.search_server import Node

    node = Node(engine)
    product = node.server.product
    report(f"{product}: starting a node ...")
    with node:
        settings.SEARCH_SERVER = engine
        settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD = node.server.username, node.password
        report(f"{product}: filling the index ...")
        indexing = fill_index(args.count, report, server_backend_class()(node.url))
        report(f"{product}: load test ...")
        load, workers = load_test(database, args.workdir, args.seconds, args.distinct, report, node.environment)
        return {
            "engine": engine,
            "indexing": indexing,
            "memory": memory_mb(node.process.pid),
            "load": load,
            "workers": workers,
        }


def _pagefind_version():
    out = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True).stdout
    return out.strip().split()[-1] if out.strip() else ""


if __name__ == "__main__":
    main()
