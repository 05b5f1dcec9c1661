"""The build's output on a machine that fails it: a full disk, a read-only folder, bad image files.

A full disk or a folder the build may not use stops the whole build with exit 2 and a
sentence naming the folder and why (exit 1 means a kommun failed), and `public/` stays
exactly as it was. An image file that is corrupt, or changed on disk behind the CMS's back,
is left out of its kommun's site (which still publishes) and listed with the image's title and admin URL. As root (CI) the disk is a real
tmpfs that is filled, and the read-only folder a real read-only mount; where mounting is
not allowed they are simulated, as each test says.
"""

import contextlib
import errno
import importlib.util
import os
import subprocess
from pathlib import Path

import pytest

from cms.base.models import CustomImage
from cms.sitebuild import pipeline
from cms.topics.models import TopicPage

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.django_db, pytest.mark.build_output]


def build_py(*args):
    """build.py's main() in this process (the test database lives here), and its exit code."""
    spec = importlib.util.spec_from_file_location("build_script", ROOT / "build.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script.main([*args, "--jobs", "1", "--no-imports"])


def publish_boden(out):
    return build_py("--publish", "--kommun", "boden", "--output", str(out))


def snapshot(out):
    live = (out / "public").resolve()
    return live, {path.relative_to(live): path.read_bytes() for path in live.rglob("*") if path.is_file()}


def edit_a_page(kommun):
    page = TopicPage.objects.descendant_of(kommun("boden").site.root_page).get(slug="work")
    page.title = "Jobb i Boden, nu"
    page.save_revision().publish()


def mount(*args):
    """Run mount; False where this machine does not let the test mount (not root, or a container)."""
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def own_disk(folder, megabytes=256):
    """`folder` on a tmpfs of its own (True), or as it is (False) where mounting is not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = mount("-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder))
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder):
    """Write to `folder` until its disk says it is full."""
    chunk = b"\0" * (1 << 20)
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as handle:  # closing a full file fails too
        while True:
            handle.write(chunk)
            handle.flush()


def test_a_full_disk_stops_the_build_with_exit_2_naming_the_folder(tmp_path, monkeypatch, kommun, capsys):
    out = tmp_path / "out"
    with own_disk(out) as real:
        assert publish_boden(out) == 0
        live, before = snapshot(out)
        edit_a_page(kommun)
        if real:
            fill(out)
        else:
            # Simulated: cms.sitebuild.pipeline.build_kommun (where Pelican and the renditions write a
            # kommun's files) is replaced by one that meets a full disk, as writing there would.
            def full(slug, release_dir, *args):
                raise OSError(
                    errno.ENOSPC, os.strerror(errno.ENOSPC), str(Path(release_dir) / slug / "sv" / "index.html")
                )

            monkeypatch.setattr(pipeline, "build_kommun", full)
        capsys.readouterr()

        code = publish_boden(out)

        said = capsys.readouterr().err
        assert code == 2, said
        assert "the disk is full" in said and str(out) in said and "Traceback" not in said
        assert snapshot(out) == (live, before)
        assert not list((out / "releases").glob("*.partial"))  # the half-written release is gone


def test_a_read_only_output_folder_stops_the_build_with_exit_2(tmp_path, kommun, capsys):
    out = tmp_path / "out"
    assert publish_boden(out) == 0
    live, before = snapshot(out)
    edit_a_page(kommun)
    if mount("--bind", str(out), str(out)):
        assert mount("-o", "remount,bind,ro", str(out))
        reason = "read-only file system"
    elif os.geteuid() != 0:
        out.chmod(0o555)  # as anyone but root, a folder without write permission
        reason = "no permission"
    else:
        pytest.skip("Root may write anywhere and this machine does not allow a read-only mount.")
    capsys.readouterr()
    try:
        code = publish_boden(out)
    finally:
        if reason == "no permission":
            out.chmod(0o755)
        else:
            subprocess.run(["umount", "-l", str(out)], check=True)

    said = capsys.readouterr().err
    assert code == 2, said
    assert reason in said and str(out) in said and "Traceback" not in said
    assert snapshot(out) == (live, before)


@pytest.fixture
def pitea_hero(kommun):
    """Piteå's home page hero image, its file restored after the test (other tests build it)."""
    home = kommun("pitea").site.root_page.specific
    image = CustomImage.objects.get(pk=home.hero_image_id)
    path = Path(image.file.path)
    original = path.read_bytes()
    yield image, path
    path.write_bytes(original)


def test_a_corrupt_image_is_left_out_of_its_kommun_naming_the_image(tmp_path, pitea_hero):
    image, path = pitea_hero
    path.write_bytes(b"\xff\xd8\xff\xe0 this is not a picture any more" * 40)
    with path.open("rb") as handle:  # corrupt as uploaded: the stored hash matches the file
        from wagtail.utils.file import hash_filelike

        CustomImage.objects.filter(pk=image.pk).update(file_hash=hash_filelike(handle))

    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)

    assert not report.failed and report.published
    [item] = report.results[0].left_out
    assert f'The file of the image "{image.title}" cannot be read as an image' in item["message"]
    assert item["admin_url"].endswith(f"/admin/images/{image.pk}/") and "Traceback" not in item["message"]


def test_an_image_changed_on_disk_behind_the_cms_is_noticed(tmp_path, pitea_hero):
    image, path = pitea_hero
    assert not pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1).failed
    from PIL import Image

    with Image.open(path) as picture:  # a different, perfectly good picture under the same name
        picture.rotate(180).save(path, format=picture.format)

    report = pipeline.run(tmp_path, kommuner=["pitea"], publish=True, jobs=1)

    assert not report.failed and report.published
    [item] = report.results[0].left_out
    assert f'The file of the image "{image.title}" has changed on disk' in item["message"]
    assert item["admin_url"].endswith(f"/admin/images/{image.pk}/")
