"""import_housing: landlords' vacancy feeds (CSV and JSON) as Piteå's and Boden's published homes.

Piteå's demo feed (`content/demo/feeds/pitea-bostader.csv`, PiteBo's own column names and
words) is mapped in `sites/pitea.toml`; Boden configures no feed, so its files are read in
the canonical schema of `cms/imports/FEEDS.md`. The bad rows are in `tests/data/housing/`.
"""

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cms.base.exceptions import ConfigurationError
from cms.base.site_config import load_site, site_configs
from cms.housing.models import HousingListing
from cms.imports.models import ImportRun
from tests.helpers import make_housing

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "housing"
DEMO_FEED = settings.DEMO_CONTENT_DIR / "feeds" / "pitea-bostader.csv"
PITEA = "feed:pitea:pitea-bostader"


def homes(source=PITEA):
    return {
        home.source_id: home for home in HousingListing.objects.filter(source=source).select_related("neighbourhood")
    }


def feed_without(tmp_path, *ids, replace=()):
    """A copy of the demo feed without the rows of `ids`, with (old, new) text replacements."""
    lines = [
        line
        for line in DEMO_FEED.read_text(encoding="utf-8").splitlines(keepends=True)
        if not any(line.startswith(f"{id_};") for id_ in ids)
    ]
    text = "".join(lines)
    for old, new in replace:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "pitea-bostader.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_demo_feed_is_mapped_as_sites_says_and_published(client, capsys):
    call_command("import_housing", "pitea")

    assert "6 added, 0 updated, 0 unchanged, 0 unpublished, 0 rejected" in capsys.readouterr().out
    found = homes()
    assert len(found) == 6 and all(home.live for home in found.values())
    flat, room = found["PB-24001"], found["PB-24005"]
    assert (flat.address, flat.tenure, flat.rooms, flat.living_area_m2, flat.monthly_rent_sek) == (
        "Storgatan 41",
        "rental",
        3,
        76,
        8450,
    )
    assert flat.neighbourhood.slug == "norrmalm"  # "Centrum", through values.neighbourhood
    assert found["PB-24004"].neighbourhood.slug == "ojebyn"  # "Öjebyn", matched by slug
    assert (flat.latitude, flat.longitude, flat.landlord) == (65.3178, 21.4866, "PiteBo")
    assert flat.text("en", "description").startswith("A bright three-room flat")
    assert room.tenure == "room"  # "Studentrum"
    assert client.get(f"/api/v2/housing/{flat.pk}/?lang=en").json()["description"].startswith("A bright")
    run = ImportRun.objects.get()
    assert (run.source, run.kommun.slug, run.kind, run.status, run.added) == (PITEA, "pitea", "housing", "ok", 6)


def test_a_csv_with_two_bad_rows_loads_the_good_rows_and_reports_the_bad_ones(capsys):
    call_command("import_housing", "pitea", str(DATA / "two-bad-rows.csv"))

    output = capsys.readouterr()
    assert set(homes()) == {"PB-9001", "PB-9003", "PB-9005"}
    rejected = output.err.strip().splitlines()
    assert rejected == [
        'Line 5 of two-bad-rows.csv (id PB-9002) was skipped: rooms (column "Rum"): "tre" is not a whole number.',
        'Line 8 of two-bad-rows.csv (id PB-9004) was skipped: monthly_rent_sek (column "Hyra"): '
        "A rental or a room needs its monthly rent.",
    ]
    assert "3 added" in output.out and "2 rejected" in output.out
    assert homes()["PB-9001"].text("sv", "description") == "Trea mitt i stan.\n\nBalkong mot gården."
    run = ImportRun.objects.get()
    assert run.status == "ok" and run.rejected == 2 and run.rejections == rejected


def test_a_second_import_updates_in_place_and_unpublishes_what_the_feed_no_longer_lists(tmp_path, client):
    call_command("import_housing", "pitea")
    before = {source_id: home.pk for source_id, home in homes().items()}
    changed = feed_without(tmp_path, "PB-24006", replace=[(";8 450;", ";8 650;")])

    call_command("import_housing", "pitea", str(changed))

    after = homes()
    assert {source_id: home.pk for source_id, home in after.items()} == before  # never duplicated
    assert after["PB-24001"].monthly_rent_sek == 8650 and after["PB-24001"].live
    gone = after["PB-24006"]
    assert not gone.live  # unpublished, not deleted
    assert client.get(f"/api/v2/housing/{gone.pk}/").status_code == 404
    run = ImportRun.objects.latest("started_at")
    assert (run.added, run.updated, run.unchanged, run.unpublished) == (0, 1, 4, 1)

    revisions = after["PB-24002"].revisions.count()
    call_command("import_housing", "pitea", str(changed))
    run = ImportRun.objects.latest("started_at")
    assert (run.added, run.updated, run.unchanged, run.unpublished) == (0, 0, 5, 0)
    assert homes()["PB-24002"].revisions.count() == revisions  # an unchanged home gets no new revision


def test_imported_homes_are_searchable_at_once_and_unpublished_ones_are_gone(
    tmp_path, client, django_capture_on_commit_callbacks
):
    def found():
        hits = client.get("/api/search/housing?kommun=pitea&language=en&q=Norrfjärdsvägen").json()["hits"]
        return {hit["id"] for hit in hits}

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_housing", "pitea")
    home = homes()["PB-24006"]
    assert home.pk in found()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_housing", "pitea", str(feed_without(tmp_path, "PB-24006")))
    assert home.pk not in found()


def test_an_empty_feed_unpublishes_nothing_unless_forced(tmp_path):
    call_command("import_housing", "pitea")
    empty = tmp_path / "pitea-bostader.csv"
    empty.write_text(DEMO_FEED.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"would unpublish 6 of the 6 published homes .* nothing was changed"):
        call_command("import_housing", "pitea", str(empty))
    assert all(home.live for home in homes().values())
    assert ImportRun.objects.latest("started_at").status == "stopped"

    call_command("import_housing", "pitea", str(empty), "--force")
    assert len(homes()) == 6 and not any(home.live for home in homes().values())


def test_a_truncated_feed_changes_nothing_but_losing_a_few_homes_is_normal(tmp_path):
    call_command("import_housing", "pitea")
    truncated = feed_without(tmp_path, "PB-24003", "PB-24004", "PB-24005", "PB-24006", replace=[(";8 450;", ";9 999;")])
    with pytest.raises(CommandError, match="would unpublish 4 of the 6"):
        call_command("import_housing", "pitea", str(truncated))
    assert homes()["PB-24001"].monthly_rent_sek == 8450 and all(home.live for home in homes().values())

    three_gone = feed_without(tmp_path, "PB-24004", "PB-24005", "PB-24006")  # exactly half: allowed
    call_command("import_housing", "pitea", str(three_gone))
    assert sorted(source_id for source_id, home in homes().items() if home.live) == ["PB-24001", "PB-24002", "PB-24003"]


def test_hand_made_and_other_sources_listings_are_never_touched(tmp_path, kommun):
    pitea = kommun("pitea")
    manual = make_housing(pitea, "Handgjorda gatan 1", source="manual")
    other = make_housing(pitea, "Andra flödet 2", source="feed:pitea:rawi", source_id="PB-24001")
    demo = set(HousingListing.objects.filter(kommun=pitea, source="demo", live=True).values_list("pk", flat=True))
    call_command("import_housing", "pitea")
    empty = tmp_path / "empty.csv"
    empty.write_text(DEMO_FEED.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")

    call_command("import_housing", "pitea", str(empty), "--feed", "pitea-bostader", "--force")

    for listing in (manual, other):
        listing.refresh_from_db()
        assert listing.live and listing.address in ("Handgjorda gatan 1", "Andra flödet 2")
    assert (
        set(HousingListing.objects.filter(kommun=pitea, source="demo", live=True).values_list("pk", flat=True)) == demo
    )
    assert not any(home.live for home in homes().values())


def test_json_in_the_canonical_schema_for_a_kommun_without_a_mapping(capsys):
    call_command("import_housing", "boden", str(DATA / "boden.json"))

    found = homes("feed:boden:boden")
    assert set(found) == {"BB-1", "BB-3"}
    flat, house = found["BB-1"], found["BB-3"]
    assert flat.available_languages() == ["de", "en", "sv"]
    assert flat.text("en", "title") == "Three rooms on Kungsgatan" and flat.neighbourhood.slug == "prastholmen-centrum"
    assert (house.tenure, house.asking_price_sek, house.monthly_rent_sek) == ("house-for-sale", 1950000, None)
    assert capsys.readouterr().err.strip().splitlines() == [
        'Record 2 of boden.json (id BB-2) was skipped: tenure: "co-op" is not a known tenure (ours are rental, '
        "tenant-owned, house-for-sale, room; their words go under values.tenure in the kommun's sites/ file).",
        "Record 3 of boden.json (id BB-4) was skipped: description has no value.",
    ]


@pytest.mark.parametrize(
    "write, error",
    [
        (None, "Could not read missing.csv"),
        (
            lambda path: shutil.copy(DATA / "missing-columns.csv", path),
            "has no column for address ('Adress'), latitude ('Latitud')",
        ),
    ],
)
def test_a_feed_that_cannot_be_read_is_a_clear_error_that_changes_nothing(tmp_path, write, error):
    call_command("import_housing", "pitea")
    before = {source_id: (home.live, home.updated_at) for source_id, home in homes().items()}
    path = tmp_path / "missing.csv"
    if write:
        write(path)

    with pytest.raises(CommandError) as caught:
        call_command("import_housing", "pitea", str(path))

    assert error in str(caught.value) and "nothing was changed" in str(caught.value)
    assert {source_id: (home.live, home.updated_at) for source_id, home in homes().items()} == before
    run = ImportRun.objects.latest("started_at")
    assert run.status == "failed" and error in run.message


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    """A landlord's web server on loopback, serving tests/data/housing/."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(DATA)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_feed_is_read_from_a_url_whose_key_the_report_never_shows(feed_server):
    call_command("import_housing", "boden", f"{feed_server}/boden.json?api_key=s3cret")

    assert set(homes("feed:boden:boden")) == {"BB-1", "BB-3"}
    run = ImportRun.objects.get()
    assert run.location == f"{feed_server}/boden.json"
    assert "s3cret" not in " ".join(run.rejections)
    with pytest.raises(CommandError, match=r"Could not read http://127\.0\.0\.1:\d+/gone\.json: HTTP Error 404"):
        call_command("import_housing", "boden", f"{feed_server}/gone.json?api_key=s3cret")
    assert "s3cret" not in ImportRun.objects.latest("started_at").message


def test_bad_json_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "X-1", "address": ', encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json is not valid JSON"):
        call_command("import_housing", "boden", str(broken))
    with pytest.raises(CommandError, match="is not a list of homes"):
        broken.write_text('{"homes": []}', encoding="utf-8")
        call_command("import_housing", "boden", str(broken))
    assert not HousingListing.objects.filter(source="feed:boden:broken").exists()


@pytest.fixture
def boden_feed(tmp_path, settings):
    """A copy of sites/ in which Boden reads an old spreadsheet export: cp1252, semicolons, its own columns."""
    sites = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, sites)
    export = tmp_path / "export.csv"
    (sites / "boden.toml").write_text(
        (sites / "boden.toml").read_text(encoding="utf-8")
        + f"""
[[housing_feeds]]
name = "bodens-bostader"
format = "csv"
path = "{export}"
delimiter = ";"
encoding = "cp1252"
fields.id = "Nr"
fields.address = "Gatuadress"
fields.description = "Text"
defaults.landlord = "Bodens Bostäder"
defaults.tenure = "rental"
""",
        encoding="utf-8",
    )
    settings.SITES_DIR = sites
    site_configs.cache_clear()
    yield export
    site_configs.cache_clear()


def test_a_feed_in_its_own_encoding_and_delimiter_is_read_as_sites_says(boden_feed):
    header = "Nr;Gatuadress;rooms;living_area_m2;monthly_rent_sek;latitude;longitude;Text\n"
    boden_feed.write_bytes(
        (header + "7;Sävastvägen 4;2;52;6 100;65,804;21,756;Tvåa på Sävast, nära älven.\n").encode("cp1252")
    )

    call_command("import_housing", "boden")

    home = HousingListing.objects.get(source="feed:boden:bodens-bostader", source_id="7")
    assert (home.address, home.landlord, home.tenure, home.monthly_rent_sek) == (
        "Sävastvägen 4",
        "Bodens Bostäder",
        "rental",
        6100,
    )
    assert home.text("sv", "description") == "Tvåa på Sävast, nära älven."


def test_a_feed_in_the_wrong_encoding_is_a_clear_error_that_changes_nothing(tmp_path):
    call_command("import_housing", "pitea")
    latin = tmp_path / "pitea-bostader.csv"
    latin.write_bytes(DEMO_FEED.read_text(encoding="utf-8").encode("cp1252"))  # the feed says UTF-8
    with pytest.raises(CommandError, match=r"pitea-bostader.csv is not written in utf-8-sig .* set encoding"):
        call_command("import_housing", "pitea", str(latin))
    assert all(home.live for home in homes().values()) and len(homes()) == 6


def test_a_feed_mapping_with_a_mistake_is_refused_naming_file_and_key(tmp_path, settings):
    sites = tmp_path / "sites"
    shutil.copytree(settings.SITES_DIR, sites)
    settings.SITES_DIR = sites
    path = sites / "pitea.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('fields.rooms = "Rum"', 'fields.room = "Rum"')
        .replace('"Studentrum" = "room"', '"Studentrum" = "dorm"')
        .replace('delimiter = ";"', 'delimiter = ";;"'),
        encoding="utf-8",
    )

    with pytest.raises(ConfigurationError) as caught:
        load_site(path)

    message = str(caught.value)
    assert "pitea.toml" in message
    assert "housing_feeds.0.fields: unknown field(s) room" in message
    assert "housing_feeds.0.values: tenure 'dorm' is not one of rental" in message
    assert "housing_feeds.0.delimiter" in message
