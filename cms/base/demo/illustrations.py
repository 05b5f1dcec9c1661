"""Demo illustrations drawn with Pillow: northern scenes in each kommun's own colours.

Generated rather than downloaded so the demo needs no network and carries no licence
questions. Each picture is drawn at twice its size and halved (every edge averaged over
four pixels: anti-aliased, crisp at any rendition), in layered silhouettes: sky, far ridges
(mountains in the fjäll kommuner, low forest hills near the coast), water, spruce forest, and
the scene's subject. The kommun's brand colours paint its houses, boats and sky, and its
slug seeds every shape, so the same kommun and scene always give the same bytes.
"""

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZE = (1600, 900)
SCALE = 2  # drawn at twice the size, then halved
#: Each scene's alt text, per language, is in content/demo/common.toml ([illustrations]).
SCENES = ("aurora", "midnight-sun", "winter", "summer", "town", "home", "flats", "river", "harbour", "school")
SKIES = {
    # scene: (top, horizon) of the sky
    "aurora": ((6, 12, 34), (22, 52, 78)),
    "midnight-sun": ((92, 84, 150), (255, 196, 128)),
    "winter": ((120, 160, 205), (232, 226, 236)),
    "summer": ((70, 135, 210), (196, 226, 246)),
    "town": ((96, 150, 210), (226, 232, 242)),
    "home": ((84, 146, 214), (214, 234, 246)),
    "flats": ((110, 150, 200), (238, 220, 206)),
    "river": ((78, 140, 208), (208, 232, 244)),
    "harbour": ((70, 120, 190), (246, 214, 170)),
    "school": ((98, 156, 216), (222, 238, 248)),
}
SNOWY = {"aurora", "winter"}
FLOWERS = ((214, 86, 160), (250, 226, 90), (245, 245, 240), (170, 120, 210))  # fireweed, buttercup, ...


@dataclass(frozen=True)
class Place:
    """What of a kommun shapes its pictures: its colours and its land (from `sites/`)."""

    primary: tuple = (0, 75, 135)
    accent: tuple = (159, 216, 242)
    relief: float = 0.3  # 0 = flat coast, 1 = high fjäll
    coastal: bool = False

    @classmethod
    def from_config(cls, config):
        """A kommun's place from its site configuration: brand colours, latitude and longitude."""
        lat, lon = config.location.latitude, config.location.longitude
        relief = min(1.0, max(0.1, (22 - lon) / 4 + (lat - 66) / 3))
        return cls(_rgb(config.brand.primary), _rgb(config.brand.accent), relief, lat < 66.0 and lon > 21.0)


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


class Canvas:
    """One picture being drawn at SCALE times its size; coordinates are given at the final size."""

    def __init__(self, scene, place, rng):
        self.scene, self.place, self.rng = scene, place, rng
        self.width, self.height = SIZE
        self.image = Image.new("RGB", (self.width * SCALE, self.height * SCALE))
        self.draw = ImageDraw.Draw(self.image)
        self.horizon = round(self.height * rng.uniform(0.5, 0.58))

    def xy(self, points):
        return [(round(x * SCALE), round(y * SCALE)) for x, y in points]

    def polygon(self, points, fill):
        self.draw.polygon(self.xy(points), fill=fill)

    def ellipse(self, box, fill):
        self.draw.ellipse(self.xy([box[:2], box[2:]]), fill=fill)

    def rect(self, box, fill):
        x0, y0, x1, y1 = box
        self.draw.rectangle(self.xy([(x0, y0), (x1, y1)]), fill=fill)

    def line(self, points, fill, width):
        self.draw.line(self.xy(points), fill=fill, width=round(width * SCALE))

    def sky(self, top, bottom):
        """A vertical gradient down to the horizon, tinted towards the kommun's accent colour."""
        top, bottom = _mix(top, self.place.accent, 0.12), _mix(bottom, self.place.accent, 0.1)
        column = Image.new("RGB", (1, self.height * SCALE))
        span = self.horizon * SCALE
        column.putdata([_mix(top, bottom, min(1.0, (y / span) ** 0.8)) for y in range(self.height * SCALE)])
        self.image.paste(column.resize(self.image.size, Image.NEAREST))

    def stars(self, count):
        for _ in range(count):
            x, y = self.rng.uniform(0, self.width), self.rng.uniform(0, self.horizon * 0.7)
            r = self.rng.choice((0.6, 0.8, 1.1))
            self.ellipse((x - r, y - r, x + r, y + r), (235, 240, 255))

    def aurora(self):
        """Curtains of light: drawn small, blurred and scaled up, then screened onto the sky."""
        small = Image.new("RGB", (self.width // 8, self.height // 8))
        glow = ImageDraw.Draw(small)
        colours = [(60, 230, 140), _mix((80, 220, 200), self.place.accent, 0.4), (150, 90, 210)]
        for band, colour in enumerate(colours[: self.rng.randint(2, 3)]):
            y0 = self.rng.uniform(10, self.horizon / 8 * 0.45)
            phase, wave = self.rng.uniform(0, 6.3), self.rng.uniform(18, 34)
            for x in range(small.width):
                y = y0 + 8 * math.sin(x / wave + phase) + 3 * math.sin(x / 7 + band)
                fade = 0.5 + 0.5 * math.sin(x / 23 + phase * 2)
                glow.line([(x, y), (x, y + 10 + 14 * fade)], fill=_mix((0, 0, 0), colour, 0.35 + 0.65 * fade))
        small = small.filter(ImageFilter.GaussianBlur(2.2))
        self.image = ImageChops.screen(self.image, small.resize(self.image.size, Image.BILINEAR))
        self.draw = ImageDraw.Draw(self.image)

    def sun(self, x, y, radius, colour):
        """A sun with a soft halo fading into the sky behind it."""
        halo = self.image.getpixel((round(x * SCALE), round(y * SCALE)))
        for step in range(6, 0, -1):
            r = radius * (1 + step * 0.35)
            self.ellipse((x - r, y - r, x + r, y + r), _mix(halo, colour, 0.12 * (6 - step)))
        self.ellipse((x - radius, y - radius, x + radius, y + radius), colour)

    def ridge(self, base, height, colour, roughness=1.0, snowcap=None):
        """A line of hills or mountains from seeded waves; peaks above the snow line get a cap."""
        rng = self.rng
        waves = [(rng.uniform(0, 6.3), rng.uniform(90, 260) / roughness, rng.uniform(0.3, 1.0)) for _ in range(3)]
        points = []
        for x in range(-10, self.width + 21, 10):
            lift = sum(a * (0.5 + 0.5 * math.sin(x / w + p)) for p, w, a in waves) / sum(a for _, _, a in waves)
            points.append((x, base - height * lift))
        self.polygon([(-10, self.height), *points, (self.width + 20, self.height)], colour)
        if snowcap and height > 60:
            line = base - height * 0.72
            for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
                if y0 < line and y1 < line:
                    self.polygon([(x0, y0), (x1, y1), (x1, line + 6), (x0, line + 4)], snowcap)
        return points

    def water(self, top, bottom, colour, shine):
        self.rect((0, top, self.width, bottom), colour)
        for _ in range(40):
            y = self.rng.uniform(top + 4, bottom - 2)
            x = self.rng.uniform(0, self.width)
            length = self.rng.uniform(30, 160) * (0.4 + (y - top) / max(bottom - top, 1))
            self.line([(x, y), (x + length, y)], shine, 1.2)

    def spruce(self, x, ground, height, colour, snow=None):
        """A spruce: a trunk and five jagged tiers, narrowing to the top."""
        width = height * 0.32
        points_left, points_right = [], []
        for tier in range(5):
            y_low = ground - height * (0.08 + tier * 0.18)
            half = width * (1 - tier * 0.18) / 2
            points_left += [(x - half, y_low), (x - half * 0.45, y_low - height * 0.12)]
            points_right = [(x + half * 0.45, y_low - height * 0.12), (x + half, y_low), *points_right]
        self.polygon([*points_left, (x, ground - height), *points_right], colour)
        self.rect((x - width * 0.05, ground - height * 0.1, x + width * 0.05, ground), (60, 40, 30))
        if snow:
            for tier in range(5):
                y = ground - height * (0.08 + tier * 0.18)
                half = width * (1 - tier * 0.18) / 2
                self.polygon([(x - half, y), (x - half * 0.6, y - 4), (x + half * 0.6, y - 4), (x + half, y)], snow)

    def forest(self, ground, count, low, high, colour, snow=None, spread=(0, None)):
        start, end = spread[0], spread[1] if spread[1] is not None else self.width
        for _ in range(count):
            x = self.rng.uniform(start, end)
            self.spruce(x, ground + self.rng.uniform(-4, 6), self.rng.uniform(low, high), colour, snow)

    def house(self, x, ground, width, height, wall, roof, lit=(250, 222, 140)):
        """A wooden house: wall, white corner boards, gable roof, lit windows and a door."""
        self.rect((x, ground - height, x + width, ground), wall)
        self.rect((x, ground - height, x + 3, ground), (245, 245, 240))
        self.rect((x + width - 3, ground - height, x + width, ground), (245, 245, 240))
        self.polygon(
            [
                (x - 8, ground - height),
                (x + width / 2, ground - height - height * 0.7),
                (x + width + 8, ground - height),
            ],
            roof,
        )
        window = min(width, height) * 0.22
        for wx in (x + width * 0.2, x + width * 0.62):
            self.rect((wx, ground - height * 0.7, wx + window, ground - height * 0.7 + window), (245, 245, 240))
            self.rect((wx + 2, ground - height * 0.7 + 2, wx + window - 2, ground - height * 0.7 + window - 2), lit)
        self.rect((x + width * 0.44, ground - height * 0.45, x + width * 0.56, ground), _mix(wall, (0, 0, 0), 0.35))

    def block(self, x, ground, width, height, wall, lit):
        """A block of flats with a grid of windows and balconies."""
        self.rect((x, ground - height, x + width, ground), wall)
        self.rect((x - 3, ground - height - 6, x + width + 3, ground - height), _mix(wall, (0, 0, 0), 0.4))
        floors, columns = max(2, int(height // 34)), max(2, int(width // 30))
        for floor in range(floors):
            y = ground - height + 12 + floor * (height - 16) / floors
            for column in range(columns):
                wx = x + 8 + column * (width - 12) / columns
                on = self.rng.random() < 0.55
                self.rect((wx, y, wx + 14, y + 14), lit if on else _mix(wall, (20, 30, 50), 0.55))
            self.rect((x + 4, y + 16, x + width - 4, y + 19), _mix(wall, (255, 255, 255), 0.5))

    def ground(self, top, colour, snowy):
        """The foreground: darker towards the viewer, with snow drifts or summer flowers and rocks."""
        bands = 12
        for band in range(bands):
            y0 = top + (self.height - top) * band / bands
            self.rect((0, y0, self.width, self.height), _mix(colour, (0, 0, 0), 0.018 * band))
        for _ in range(26 if snowy else 60):
            x, y = self.rng.uniform(0, self.width), self.rng.uniform(top + 20, self.height)
            size = 4 + 30 * (y - top) / (self.height - top)
            if snowy:
                self.ellipse((x - size * 3, y - size * 0.4, x + size * 3, y + size * 0.4), (208, 220, 236))
            elif self.rng.random() < 0.8:
                self.ellipse(
                    (x - size * 0.12, y - size * 0.12, x + size * 0.12, y + size * 0.12), self.rng.choice(FLOWERS)
                )
            else:
                self.ellipse((x - size, y - size * 0.55, x + size, y + size * 0.3), (120, 116, 110))

    def finish(self):
        """The picture at its final size, every edge averaged over SCALE x SCALE pixels; JPEG bytes."""
        image = self.image.reduce(SCALE)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=84, optimize=True, progressive=True)
        return buffer.getvalue()


def _landscape(canvas, snowy):
    """Far ridges (mountains inland, low hills at the coast) and the near forest line."""
    place, h = canvas.place, canvas.horizon
    sky_far = _mix(SKIES[canvas.scene][1], (60, 70, 90), 0.45)
    peaks = 60 + 260 * place.relief
    canvas.ridge(h + 10, peaks, sky_far, roughness=0.8 + place.relief, snowcap=(240, 244, 250) if peaks > 150 else None)
    near = (40, 70, 62) if not snowy else (196, 208, 222)
    canvas.ridge(h + 30, 40 + 60 * place.relief, _mix(sky_far, near, 0.6), roughness=1.6)


def draw_scene(scene, seed, place=None):
    """A JPEG illustration of `scene` as bytes, deterministic for the same seed and place."""
    place = place or Place()
    rng = random.Random(f"{scene}:{seed}")
    canvas = Canvas(scene, place, rng)
    snowy = scene in SNOWY
    canvas.sky(*SKIES[scene])
    h, w, bottom = canvas.horizon, canvas.width, canvas.height
    if scene == "aurora":
        canvas.stars(160)
        canvas.aurora()
    elif scene == "midnight-sun":
        canvas.sun(rng.uniform(w * 0.3, w * 0.7), h - 30, 46, (255, 236, 190))
    elif scene in ("summer", "river", "home", "school"):
        canvas.sun(rng.uniform(w * 0.65, w * 0.9), rng.uniform(90, 170), 34, (255, 250, 225))
    _landscape(canvas, snowy)
    dark_green = (22, 54, 42) if not snowy else (30, 56, 52)
    snow = (236, 242, 248) if snowy else None
    ground_colour = (236, 241, 247) if snowy else (70, 126, 72)
    if scene == "river":
        _river(canvas, dark_green)
    elif scene == "harbour":
        _harbour(canvas)
    else:
        lake = h + 40 + rng.uniform(10, 40)
        shore = lake + rng.uniform(70, 110)
        water = (20, 38, 64) if scene == "aurora" else _mix((92, 146, 196), place.primary, 0.25)
        if scene == "winter":
            water = (214, 226, 238)  # frozen
        canvas.water(lake, shore, water, _mix(water, (255, 255, 255), 0.45))
        if scene == "midnight-sun":
            for step in range(18):
                y = lake + 4 + step * (shore - lake - 6) / 18
                half = 40 - step * 1.5
                canvas.line([(w / 2 - half + rng.uniform(-8, 8), y), (w / 2 + half, y)], (255, 214, 150), 2)
        canvas.forest(lake + 2, 70, 26, 60, _mix(dark_green, SKIES[scene][1], 0.3), snow)
        canvas.ground(shore, ground_colour, snowy)
        if scene in ("town", "flats", "school", "home"):
            _buildings(canvas, scene, shore)
        canvas.forest(bottom + 20, 9, 160, 300, dark_green, snow, spread=(-40, w * 0.18))
        canvas.forest(bottom + 20, 9, 160, 300, dark_green, snow, spread=(w * 0.84, w + 40))
    return canvas.finish()


def _buildings(canvas, scene, ground):
    place, rng, w = canvas.place, canvas.rng, canvas.width
    walls = [place.primary, (178, 44, 38), (236, 206, 120), (240, 238, 228), _mix(place.accent, (40, 40, 40), 0.15)]
    lit = (252, 226, 150)
    if scene == "home":
        x = rng.uniform(w * 0.36, w * 0.5)
        canvas.house(x, ground + 120, 260, 150, rng.choice(walls[:3]), (52, 46, 48), lit)
        for post in range(int(x - 140), int(x + 420), 18):
            canvas.rect((post, ground + 100, post + 6, ground + 128), (245, 245, 240))
        canvas.rect((x - 140, ground + 108, x + 420, ground + 112), (245, 245, 240))
    elif scene == "flats":
        x = rng.uniform(w * 0.2, w * 0.28)
        for _ in range(4):
            width, height = rng.uniform(150, 220), rng.uniform(170, 300)
            canvas.block(x, ground + 120, width, height, rng.choice(walls), lit)
            x += width + rng.uniform(20, 50)
    elif scene == "school":
        x = rng.uniform(w * 0.28, w * 0.36)
        canvas.block(x, ground + 110, 560, 130, (196, 92, 60), lit)
        canvas.rect((x + 250, ground + 40, x + 310, ground + 110), place.primary)
        canvas.line([(x + 640, ground + 110), (x + 640, ground - 60)], (230, 230, 230), 3)
        canvas.rect((x + 642, ground - 58, x + 702, ground - 20), place.primary)
        canvas.rect((x + 642, ground - 44, x + 702, ground - 36), place.accent)
        for offset in (0, 60):  # a swing set
            canvas.line([(x - 180 + offset, ground + 110), (x - 150 + offset, ground + 30)], (90, 90, 100), 4)
        canvas.line([(x - 150, ground + 30), (x - 90, ground + 30)], (90, 90, 100), 4)
    else:  # town: a skyline by the water, with a church spire and the kommun's colours
        x = -20
        while x < w:
            width = rng.uniform(70, 130)
            if rng.random() < 0.25:
                canvas.block(x, ground + 60, width, rng.uniform(120, 220), rng.choice(walls), lit)
            else:
                canvas.house(x, ground + 60, width, rng.uniform(60, 100), rng.choice(walls), (52, 46, 48), lit)
            x += width + rng.uniform(14, 40)
        spire = rng.uniform(w * 0.3, w * 0.7)
        canvas.rect((spire - 26, ground - 150, spire + 26, ground + 60), (178, 44, 38))
        canvas.polygon([(spire - 34, ground - 150), (spire, ground - 300), (spire + 34, ground - 150)], (48, 52, 58))


def _river(canvas, dark_green):
    """A river winding from the foreground to the horizon between forested banks, with rapids."""
    rng, w, h, bottom = canvas.rng, canvas.width, canvas.horizon + 34, canvas.height
    water = _mix((70, 120, 160), canvas.place.primary, 0.3)
    centre, left, right = w * rng.uniform(0.4, 0.6), [], []
    steps = 24
    for step in range(steps + 1):
        t = step / steps
        y = h + (bottom + 20 - h) * t**1.6
        half = 12 + 520 * t**1.8
        x = centre + 140 * math.sin(t * 5 + rng.uniform(0, 0.2)) * (0.3 + t)
        left.append((x - half, y))
        right.append((x + half, y))
    canvas.rect((0, h, w, bottom), (64, 118, 70))
    canvas.polygon([*left, *reversed(right)], water)
    for _rapid in range(40):
        t = rng.uniform(0.3, 1.0)
        index = int(t * steps)
        (x0, y0), (x1, _) = left[index], right[index]
        x = rng.uniform(x0, x1)
        canvas.line([(x, y0), (x + rng.uniform(20, 60) * t, y0 + rng.uniform(-3, 3))], (232, 242, 248), 2 + 2 * t)
    canvas.forest(h + 6, 80, 20, 46, _mix(dark_green, SKIES["river"][1], 0.35))
    canvas.forest(bottom + 30, 7, 200, 340, dark_green, spread=(-40, w * 0.16))
    canvas.forest(bottom + 30, 7, 200, 340, dark_green, spread=(w * 0.86, w + 40))


def _harbour(canvas):
    """Open water with a jetty, boats in the kommun's colours and a lighthouse on a skerry."""
    rng, place, w, h, bottom = canvas.rng, canvas.place, canvas.width, canvas.horizon + 36, canvas.height
    water = _mix((40, 90, 140), place.primary, 0.35)
    canvas.water(h, bottom, water, _mix(water, (255, 240, 210), 0.5))
    skerry = rng.uniform(w * 0.6, w * 0.8)
    canvas.polygon(
        [(skerry - 120, h + 40), (skerry - 40, h + 14), (skerry + 60, h + 18), (skerry + 130, h + 40)], (90, 84, 80)
    )
    canvas.polygon(
        [(skerry - 12, h + 20), (skerry - 8, h - 80), (skerry + 8, h - 80), (skerry + 12, h + 20)], (240, 240, 236)
    )
    canvas.rect((skerry - 9, h - 40, skerry + 9, h - 24), (190, 40, 36))
    canvas.rect((skerry - 10, h - 96, skerry + 10, h - 80), (250, 222, 140))
    jetty = bottom - rng.uniform(150, 200)
    canvas.rect((0, jetty, w * 0.45, jetty + 18), (120, 92, 64))
    for post in range(0, int(w * 0.45), 60):
        canvas.rect((post, jetty + 18, post + 8, jetty + 60), (90, 66, 46))
    x = rng.uniform(w * 0.08, w * 0.14)
    for hull in (place.primary, (240, 240, 236), (178, 44, 38)):
        length = rng.uniform(150, 210)
        y = jetty + 40 + rng.uniform(20, 60)
        canvas.polygon([(x, y - 30), (x + length, y - 30), (x + length * 0.88, y), (x + length * 0.1, y)], hull)
        canvas.rect((x + length * 0.3, y - 62, x + length * 0.6, y - 30), (245, 245, 240))
        canvas.line([(x + length * 0.45, y - 62), (x + length * 0.45, y - 170)], (60, 60, 60), 3)
        x += length + rng.uniform(40, 90)
