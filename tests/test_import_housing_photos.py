"""A housing feed's photos (`images`: files beside the feed or URLs) become the home's gallery, stored once per
content hash however often feeds name them; a photo that cannot be read rejects its home and names the photo."""

import functools
import http.server
import io
import json
import threading

import pytest
from django.core.management import call_command
from PIL import Image

from cms.base.models import CustomImage
from cms.housing.models import HousingListing

pytestmark = pytest.mark.django_db
SOURCE = "feed:boden:boden"


def jpeg(colour):
    data = io.BytesIO()
    Image.new("RGB", (640, 427), colour).save(data, "JPEG")
    return data.getvalue()


def home(id_, images, address="Kungsgatan 10"):
    return {
        "id": id_, "address": address, "tenure": "rental", "rooms": 3, "living_area_m2": 71, "monthly_rent_sek": 7900,
        "latitude": 65.8251, "longitude": 21.6897, "landlord": "Bodens Bostäder", "description": "Trea i Boden.",
        "images": images,
    }  # fmt: skip


@pytest.fixture
def feed(tmp_path):
    """Boden's feed in the canonical schema, in a folder with its photos."""
    (tmp_path / "kitchen.jpg").write_bytes(jpeg("white"))
    (tmp_path / "view.jpg").write_bytes(jpeg("blue"))
    (tmp_path / "same-view.jpg").write_bytes(jpeg("blue"))  # the same bytes under another name
    (tmp_path / "broken.jpg").write_text("not a picture", encoding="utf-8")

    def write(records):
        path = tmp_path / "boden.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        return str(path)

    return write


def listing(source_id):
    return HousingListing.objects.get(source=SOURCE, source_id=source_id)


def image_ids(home):
    return [block.value.pk for block in home.images]


def test_a_feeds_photos_become_the_homes_gallery_each_stored_once(feed, capsys):
    before = CustomImage.objects.count()
    records = [home("BB-1", ["kitchen.jpg", "view.jpg"]), home("BB-2", "same-view.jpg | kitchen.jpg", "Storgatan 2")]
    call_command("import_housing", "boden", feed(records))

    first, second = listing("BB-1"), listing("BB-2")
    assert first.live and len(image_ids(first)) == 2
    assert image_ids(second) == image_ids(first)[::-1]  # same bytes, same image: never stored twice
    assert CustomImage.objects.count() == before + 2
    photo = CustomImage.objects.get(pk=image_ids(first)[0])
    assert photo.collection.kommun.slug == "boden" and photo.file_hash and photo.width == 640
    assert photo.description == "Foto från bostadsannonsen: Kungsgatan 10"  # alt text, which the build requires
    assert photo.alt_texts()["en"] == "Photo from the housing ad: Kungsgatan 10"

    call_command("import_housing", "boden", feed(records))  # the next night: nothing new
    assert "0 added, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert CustomImage.objects.count() == before + 2

    call_command("import_housing", "boden", feed([records[0], home("BB-2", ["view.jpg"], "Storgatan 2")]))
    assert image_ids(listing("BB-2")) == [image_ids(first)[1]] and CustomImage.objects.count() == before + 2


def test_a_photo_that_cannot_be_read_rejects_its_home_and_names_the_photo(feed, capsys):
    call_command("import_housing", "boden", feed([home("BB-1", ["kitchen.jpg"]), home("BB-2", ["broken.jpg"])]))

    assert not HousingListing.objects.filter(source=SOURCE, source_id="BB-2").exists()
    error = capsys.readouterr().err
    assert "Record 2 of boden.json (id BB-2) was skipped: images: the photo broken.jpg is not a picture" in error
    call_command("import_housing", "boden", feed([home("BB-1", ["missing.jpg"])]))
    assert "images: the photo missing.jpg could not be read" in capsys.readouterr().err
    assert len(image_ids(listing("BB-1"))) == 1  # the home keeps what it had


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_photos_are_read_from_urls_too(feed, tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=tmp_path))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        call_command("import_housing", "boden", feed([home("BB-1", [f"{url}/view.jpg"])]))
    finally:
        server.shutdown()
        server.server_close()
    photo = CustomImage.objects.get(pk=image_ids(listing("BB-1"))[0])
    assert photo.file_hash == CustomImage.objects.filter(file_hash=photo.file_hash).get().file_hash
