"""The demo's homes: each shows its outside and its rooms, drawn by the project (cms/base/demo/illustrations_rooms.py)."""

import io

import pytest
from PIL import Image

from cms import languages
from cms.base.demo.illustrations_rooms import ROOMS, SIZE, draw_room
from tests.conftest import DEMO_KOMMUNER


@pytest.mark.django_db
@pytest.mark.parametrize("slug", DEMO_KOMMUNER)
def test_every_demo_home_has_three_to_five_photos_described_in_every_language(kommun, slug):
    from cms.housing.models import HousingListing

    homes = HousingListing.objects.filter(kommun=kommun(slug), source="demo")
    assert homes.count() >= 12
    rooms = set()
    for home in homes:
        images = [block.value for block in home.images]
        assert 3 <= len(images) <= 5, home
        assert "(demo illustration)" in images[0].title and not any(kind in images[0].title for kind, _ in ROOMS)
        rooms.update(image.title for image in images[1:])
        for image in images:
            assert image.collection_id == home.kommun.collection_id  # the kommun's own copy
            alt = {row.language_code for row in image.alt_text_rows.all()} | {"sv"}
            assert image.description and alt >= set(languages.CODES), image.title
    assert len(rooms) >= 4  # kitchens, living rooms and bedrooms, not one picture for all


def test_the_rooms_are_crisp_on_a_2x_screen_small_and_different():
    pictures = {room: draw_room(*room) for room in ROOMS}
    assert len(set(pictures.values())) == len(ROOMS)
    for room, data in pictures.items():
        image = Image.open(io.BytesIO(data))
        assert image.size == SIZE and image.width >= 1440, room  # a gallery photo of 720 px at 2x
        assert len(data) < 80_000, room
        # Anti-aliased: drawn at twice the size and halved, so edges have pixels in between.
        assert len(image.convert("RGB").getcolors(1 << 20)) > 2000, room
