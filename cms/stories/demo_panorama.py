"""A 360° equirectangular landscape drawn with Pillow, for the demo's virtual tours.

An equirectangular image maps longitude to x and latitude to y: twice as wide as high, the horizon across its
middle, and its left and right edges the same meridian. The ridges are sums of sines with whole periods
across the width, so the view joins up without a seam when the visitor turns all the way round.
"""

import io
import math
import random

from PIL import Image, ImageDraw

#: 4096 px wide, the size the build serves a panorama's viewer (cms/sitebuild/images.py): crisp on a desktop.
WIDTH, HEIGHT = 4096, 2048
S = WIDTH // 2048  # the drawing's lengths are written for a 2048 px panorama
HORIZON = HEIGHT // 2


def _ridge(rng, amplitude, base):
    """y of a ridge at every x: a sum of sines whose periods divide the width (seamless)."""
    waves = [(k, rng.uniform(0, 2 * math.pi), amplitude / k**0.7) for k in (2, 3, 5, 7, 11)]
    return [
        base - sum(a * (1 + math.sin(2 * math.pi * k * x / WIDTH + phase)) / 2 for k, phase, a in waves)
        for x in range(0, WIDTH + 8 * S, 8 * S)
    ]


def _vertical_gradient(top, bottom, height):
    column = Image.new("RGB", (1, 2))
    column.putpixel((0, 0), top)
    column.putpixel((0, 1), bottom)
    return column.resize((WIDTH, height), Image.Resampling.BILINEAR)


def draw_panorama(seed):
    """A JPEG of a northern landscape all the way round (lake, forest, fells, a few houses), as bytes;
    the same seed always gives the same bytes."""
    rng = random.Random(f"panorama:{seed}")
    image = Image.new("RGB", (WIDTH, HEIGHT))
    image.paste(_vertical_gradient((70, 125, 190), (205, 226, 242), HORIZON), (0, 0))
    image.paste(_vertical_gradient((70, 110, 70), (38, 58, 40), HEIGHT - HORIZON), (0, HORIZON))
    draw = ImageDraw.Draw(image)
    for _ in range(7):
        x, y = rng.randint(0, WIDTH), rng.randint(HORIZON // 3, HORIZON - 120 * S)
        for part in range(4):
            dx, r = (part * 38 - 60) * S, rng.randint(22, 40) * S
            for shift in (0, WIDTH):  # drawn twice, so a cloud across the seam is whole on both sides
                draw.ellipse([x + dx - r - shift, y - r // 2, x + dx + r - shift, y + r // 2], fill=(244, 247, 250))
    far = _ridge(rng, 90 * S, HORIZON)
    near = _ridge(rng, 40 * S, HORIZON + 6 * S)
    xs = list(range(0, WIDTH + 8 * S, 8 * S))
    draw.polygon([(0, HORIZON + 20 * S), *zip(xs, far, strict=True), (WIDTH, HORIZON + 20 * S)], fill=(112, 134, 156))
    snow = [(x, y + 14 * S) for x, y in zip(xs, far, strict=True)]
    draw.line(list(zip(xs, far, strict=True)), fill=(236, 240, 244), width=5 * S)
    draw.line(snow, fill=(128, 148, 168), width=3 * S)
    draw.polygon([(0, HORIZON + 30 * S), *zip(xs, near, strict=True), (WIDTH, HORIZON + 30 * S)], fill=(52, 92, 62))
    lake_start = rng.randint(0, WIDTH // 2)
    lake_end = lake_start + WIDTH // 3
    # the lake's far shore follows the horizon; its near shore comes closest (lowest) in front of the viewer
    near_shore = [
        (x, HORIZON + 14 * S + 260 * S * math.sin(math.pi * (x - lake_start) / (lake_end - lake_start)) ** 0.6)
        for x in range(lake_end, lake_start - 1, -8 * S)
    ]
    draw.polygon([(lake_start, HORIZON + 14 * S), (lake_end, HORIZON + 14 * S), *near_shore], fill=(96, 150, 190))
    draw.line([(lake_start, HORIZON + 40 * S), (lake_end, HORIZON + 40 * S)], fill=(170, 205, 228), width=3 * S)
    for _ in range(260):
        x = rng.randint(0, WIDTH)
        if lake_start - 10 * S < x < lake_end + 10 * S:
            continue
        h = rng.randint(16, 46) * S
        base = HORIZON + (10 + rng.randint(0, 30)) * S
        draw.polygon([(x, base - h), (x - h // 4, base), (x + h // 4, base)], fill=(24, 62, 42))
    for _ in range(4):
        x = rng.randint(lake_end + 40 * S, lake_start + WIDTH - 120 * S) % WIDTH
        base = HORIZON + 48 * S
        draw.rectangle([x, base - 26 * S, x + 44 * S, base], fill=(165, 42, 42))
        draw.polygon(
            [(x - 6 * S, base - 26 * S), (x + 22 * S, base - 44 * S), (x + 50 * S, base - 26 * S)], fill=(60, 44, 40)
        )
        draw.rectangle([x + 16 * S, base - 18 * S, x + 26 * S, base - 8 * S], fill=(250, 228, 150))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80, optimize=True)
    return buffer.getvalue()
