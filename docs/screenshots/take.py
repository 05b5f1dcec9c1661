"""Screenshots of every template of a built demo, at a phone's and a desktop's width, for
docs/screenshots/ (before and after a redesign, side by side in docs/screenshots/README.md).

    .venv/bin/python build.py --serve --port 8123 &      # serves public/ and the API
    .venv/bin/python docs/screenshots/take.py --base http://localhost:8123 --out docs/screenshots/after

Each page is found in the built site (public/<kommun>/<language>/), so the same command works
before and after a change of paths; a template the site does not have is left out and named.
The first screen is what a visitor decides on, so each shot is the viewport, not the whole page.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}


def first_child(folder):
    """The first page below a listing folder (a home, a story, an activity), or None."""
    if not folder.is_dir():
        return None
    children = sorted(
        (p for p in folder.iterdir() if (p / "index.html").is_file()),
        key=lambda p: (not p.name.isdigit(), int(p.name) if p.name.isdigit() else 0, p.name),
    )
    return children[0].name if children else None


def pages(public, kommun, language):
    """Template name -> (host, path) for each template the built site has."""
    site = public / kommun / language
    found = {"region front door": ("", "/"), "home page": (kommun, f"/{language}/")}
    for name, folder in (
        ("topic", "culture"),
        ("guide", "move-guide"),
        ("stories", "stories"),
        ("housing search", "housing"),
        ("activities search", "activities"),
        ("jobs", "jobs"),
        ("tours", "tours"),
        ("contact", "contact"),
        ("privacy", "privacy"),
    ):
        if (site / folder / "index.html").is_file():
            found[name] = (kommun, f"/{language}/{folder}/")
        child = first_child(site / folder)
        if child and folder not in ("culture", "contact", "privacy"):
            singular = {
                "move-guide": "guide phase",
                "stories": "story",
                "housing": "a home",
                "activities": "activity",
                "jobs": "job",
                "tours": "tour",
            }[folder]
            found[singular] = (kommun, f"/{language}/{folder}/{child}/")
    found["not found"] = (kommun, f"/{language}/no-such-page/")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://localhost:8123", help="where build.py --serve answers")
    parser.add_argument("--public", type=Path, default=ROOT / "public")
    parser.add_argument("--kommun", default="pitea")
    parser.add_argument("--language", default="sv")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--page", action="append", default=[], help="NAME=HOST:PATH, added to those found")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    found = pages(args.public.resolve(), args.kommun, args.language)
    for extra in args.page:
        name, _, where = extra.partition("=")
        host, _, path = where.partition(":")
        found[name] = (host, path)
    scheme, _, hostport = args.base.partition("://")
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for device, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, locale=args.language)
            page = context.new_page()
            for name, (host, path) in found.items():
                url = f"{scheme}://{host + '.' if host else ''}{hostport}{path}"
                page.goto(url, wait_until="networkidle")
                target = args.out / f"{name.replace(' ', '-')}.{device}.jpg"
                page.screenshot(path=target, type="jpeg", quality=75)
                print(f"{target.relative_to(args.out.parent)}  {url}", file=sys.stderr)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
