"""Demo illustrations drawn with Pillow: northern landscapes, one per scene and kommun.

Generated rather than downloaded so the demo needs no network and carries no
licence questions; each scene is seeded by kommun and name, so the same input
always gives the same bytes.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

SCENES = {
    # name: (sky top, sky bottom, ground); their alt text, per language, is in content/demo/common.toml
    "aurora": ((8, 16, 40), (20, 70, 90), (30, 50, 60)),
    "midnight-sun": ((250, 170, 90), (255, 225, 160), (40, 80, 60)),
    "winter": ((150, 185, 215), (225, 235, 245), (235, 240, 245)),
    "summer": ((90, 150, 215), (190, 220, 240), (60, 120, 70)),
    "town": ((110, 160, 210), (210, 230, 245), (90, 95, 100)),
    "home": ((120, 170, 220), (215, 232, 246), (70, 130, 80)),
}
SIZE = (1600, 900)


def _gradient(draw, top, bottom, height, width):
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)


def _hills(draw, rng, base_y, colour, width, peaks):
    points = [(0, SIZE[1])]
    x = 0
    while x <= width:
        points.append((x, base_y - rng.randint(0, peaks)))
        x += rng.randint(80, 220)
    points += [(width, base_y), (width, SIZE[1])]
    draw.polygon(points, fill=colour)


def _trees(draw, rng, y, colour, count, width):
    for _ in range(count):
        x = rng.randint(0, width)
        h = rng.randint(40, 110)
        draw.polygon([(x, y - h), (x - h // 4, y), (x + h // 4, y)], fill=colour)


def _houses(draw, rng, y, count, width):
    palette = [(160, 40, 40), (200, 160, 60), (230, 230, 220), (60, 90, 140)]
    for _ in range(count):
        x = rng.randint(40, width - 120)
        w, h = rng.randint(60, 110), rng.randint(50, 80)
        draw.rectangle([x, y - h, x + w, y], fill=rng.choice(palette))
        draw.polygon([(x - 8, y - h), (x + w // 2, y - h - 40), (x + w + 8, y - h)], fill=(50, 40, 40))
        draw.rectangle([x + w // 3, y - h // 2, x + w // 3 + 16, y - h // 2 + 16], fill=(250, 230, 150))


def draw_scene(scene, seed):
    """A JPEG illustration of `scene` as bytes, deterministic for the same seed."""
    sky_top, sky_bottom, ground = SCENES[scene]
    rng = random.Random(f"{scene}:{seed}")
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.52, 0.62))
    _gradient(draw, sky_top, sky_bottom, horizon, width)
    if scene == "aurora":
        glow = Image.new("RGB", SIZE, (0, 0, 0))
        gdraw = ImageDraw.Draw(glow)
        for band in range(3):
            y0 = rng.randint(80, horizon // 2)
            for x in range(0, width, 6):
                y = y0 + int(60 * math.sin((x + band * 300) / (180 + band * 40)))
                gdraw.line(
                    [(x, y), (x, y + rng.randint(90, 200))], fill=(40, 200 - band * 30, 120 + band * 40), width=6
                )
        image = Image.blend(image, glow.filter(ImageFilter.GaussianBlur(14)), 0.45)
        draw = ImageDraw.Draw(image)
    if scene == "midnight-sun":
        r = 70
        cx, cy = rng.randint(300, width - 300), horizon - 40
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 240, 200))
    far = tuple(max(0, c - 40) for c in sky_bottom)
    _hills(draw, rng, horizon, far, width, 160)
    _hills(draw, rng, horizon + 40, ground, width, 60)
    lake_top = horizon + rng.randint(70, 130)
    water = tuple(min(255, int(c * 0.8)) for c in sky_bottom)
    draw.rectangle([0, lake_top, width, lake_top + rng.randint(60, 120)], fill=water)
    tree_colour = (20, 60, 40) if scene != "winter" else (40, 70, 60)
    _trees(draw, rng, lake_top, tree_colour, 60, width)
    if scene in ("town", "home"):
        _houses(draw, rng, lake_top + 160, 6 if scene == "town" else 1, width)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()
