"""Image renditions made by the build's workers at the same time, into the cache they share.

Two kommuner with the same photo (a demo illustration, a stock picture) have the same renditions, and the
build encodes them in two worker processes at once. Each must come out with its picture, never with the
other worker's half-written file or "cannot be read as an image" (a fresh demo build once lost four of
Arjeplog's photos that way).
"""

import multiprocessing
import os

from PIL import Image

from cms.sitebuild.images import renditions

#: Photos large enough that encoding one takes long enough for the two workers to overlap.
PHOTOS = 3


def _photo(path):
    """A noisy 2400x1600 photo: noise keeps the encoders busy as a real photo does."""
    Image.frombytes("RGB", (2400, 1600), os.urandom(2400 * 1600 * 3)).save(path, format="JPEG", quality=90)


def _build_site(images, cache_dir, site_dir, start, results):
    """One worker: wait for the other, then make the site's renditions as the build does."""
    left_out, stats = [], {"cached": 0, "encoded": 0}
    start.wait()
    made = renditions(images, cache_dir, site_dir, stats, left_out)
    results.put((site_dir, sorted(made), left_out))


def test_two_workers_encoding_the_same_photos_at_once_both_get_every_picture(tmp_path):
    images = {}
    for number in range(1, PHOTOS + 1):
        path = tmp_path / f"photo-{number}.jpg"
        _photo(path)
        images[number] = {
            "path": str(path),
            "hash": f"{number:040x}",
            "width": 2400,
            "height": 1600,
            "alt": f"Photo {number}",
            "decorative": False,
            "credit": "",
            "title": f"Photo {number}",
            "admin_url": f"/admin/images/{number}/",
        }
    cache_dir = tmp_path / "cache"
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_build_site, args=(images, cache_dir, tmp_path / site, start, results))
        for site in ("arjeplog", "alvsbyn")
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)

    for site_dir, made, left_out in outcomes:
        assert left_out == [], f"{site_dir.name} lost pictures: {left_out}"
        assert made == [str(number) for number in images]
        files = sorted((site_dir / "media" / "images").iterdir())
        assert files, f"{site_dir.name} has no renditions"
        for file in files:
            with Image.open(file) as opened:
                opened.verify()
    assert not [name for name in os.listdir(cache_dir) if name.startswith(".")], "temporary files were left behind"
