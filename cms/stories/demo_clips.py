"""Draw the demo's short video clips with Pillow and encode them with ffmpeg (WebM, VP9).

The clips are committed under content/demo/stories/clips/ (a few tens of kilobytes each), so loading the
demo needs neither ffmpeg nor the time to encode; this module is how they were made. To make them again
(Debian: `apt-get install ffmpeg`):

    .venv/bin/python -m cms.stories.demo_clips content/demo/stories/clips
"""

import math
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = (640, 360)
FPS = 12
SECONDS = 6


def _sky(top, bottom, horizon):
    column = Image.new("RGB", (1, 2))
    column.putpixel((0, 0), top)
    column.putpixel((0, 1), bottom)
    return column.resize((SIZE[0], horizon), Image.Resampling.BILINEAR)


def _landscape(frame, rng_seed, horizon, hills, ground, water):
    draw = ImageDraw.Draw(frame)
    rng = random.Random(rng_seed)
    width, height = SIZE
    ridge = [(0, height)] + [(x, horizon - rng.randint(10, 70)) for x in range(0, width + 80, 80)] + [(width, height)]
    draw.polygon(ridge, fill=hills)
    draw.rectangle([0, horizon + 10, width, height], fill=ground)
    draw.rectangle([0, horizon + 40, width, horizon + 80], fill=water)
    for _ in range(24):
        x, h = rng.randint(0, width), rng.randint(18, 44)
        draw.polygon([(x, horizon + 40 - h), (x - h // 4, horizon + 40), (x + h // 4, horizon + 40)], fill=(20, 55, 40))
    return draw


def aurora(t):
    """Northern lights waving over a frozen lake."""
    horizon = 230
    frame = Image.new("RGB", SIZE)
    frame.paste(_sky((6, 12, 34), (18, 54, 80), horizon))
    draw = ImageDraw.Draw(frame)
    for band in range(3):
        for x in range(0, SIZE[0], 4):
            y = 60 + band * 30 + 25 * math.sin(x / (70 + band * 20) + t * (1.2 + band * 0.4))
            draw.line([(x, y), (x, y + 50 + 20 * math.sin(x / 40 + t))], fill=(40, 190 - band * 40, 110 + band * 50))
    _landscape(frame, "aurora", horizon, (22, 40, 52), (220, 230, 240), (150, 175, 200))
    return frame


def snowfall(t):
    """Snow falling over red houses by a river."""
    horizon = 210
    frame = Image.new("RGB", SIZE)
    frame.paste(_sky((150, 180, 210), (225, 233, 242), horizon))
    draw = _landscape(frame, "snow", horizon, (190, 200, 212), (240, 244, 248), (170, 190, 205))
    for x in (90, 250, 430):
        draw.rectangle([x, horizon - 10, x + 70, horizon + 38], fill=(165, 40, 40))
        draw.polygon([(x - 8, horizon - 10), (x + 35, horizon - 40), (x + 78, horizon - 10)], fill=(245, 245, 250))
        draw.rectangle([x + 26, horizon + 6, x + 42, horizon + 22], fill=(250, 225, 140))
    rng = random.Random("flakes")
    for _ in range(160):
        x0, y0, speed = rng.uniform(0, SIZE[0]), rng.uniform(0, SIZE[1]), rng.uniform(30, 70)
        x = (x0 + 12 * math.sin(t + y0)) % SIZE[0]
        y = (y0 + speed * t) % SIZE[1]
        r = 1.5 if speed < 50 else 2.5
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255))
    return frame


def midnight_sun(t):
    """The midnight sun sliding low along the horizon over a still lake."""
    horizon = 220
    frame = Image.new("RGB", SIZE)
    frame.paste(_sky((245, 160, 90), (255, 222, 160), horizon))
    draw = ImageDraw.Draw(frame)
    cx, cy, r = 140 + 60 * t, horizon - 110 + 8 * math.sin(t / 2), 34
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 244, 205))
    _landscape(frame, "sun", horizon, (70, 90, 80), (45, 85, 60), (240, 190, 130))
    draw.ellipse([cx - r, horizon + 52, cx + r, horizon + 68], fill=(255, 236, 190))  # its reflection
    return frame


CLIPS = {"aurora": aurora, "snowfall": snowfall, "midnight-sun": midnight_sun}


def encode(draw_frame, target):
    """Every frame of one clip, drawn and piped into ffmpeg as PNG files in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        for number in range(FPS * SECONDS):
            draw_frame(number / FPS).save(Path(folder) / f"{number:04d}.png")
        subprocess.run(
            ["ffmpeg", "-y", "-loglevel", "error", "-framerate", str(FPS), "-i", f"{folder}/%04d.png"]
            + ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "50", "-row-mt", "1", "-pix_fmt", "yuv420p", str(target)],
            check=True,
        )


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, draw_frame in CLIPS.items():
        encode(draw_frame, out / f"{name}.webm")
        print(f"{out / name}.webm: {(out / f'{name}.webm').stat().st_size} bytes")
