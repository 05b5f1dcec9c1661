"""Demo photos of a home's rooms, drawn with Pillow: a kitchen, a living room and a bedroom, two of each.

A home on a housing site is chosen by its rooms, so each demo home shows its outside (the kommun's
`home` or `flats` scene) and two to four rooms. The rooms are flat, front-on interiors (a back wall, a
wooden floor, a window onto the birches, the room's furniture), drawn at twice their size and halved
like the landscapes, so they stay crisp on a 2x screen; flat colour keeps the JPEGs small. They do not
depend on the kommun, so each is drawn once per load and its bytes shared by every kommun's own copy
(each kommun's images stay in its own collection).
"""

import io
import random
from functools import cache

from PIL import Image, ImageDraw

SIZE = (1500, 1000)
SCALE = 2
#: The rooms a demo home may show: (kind, variant).
ROOMS = tuple((kind, variant) for kind in ("kitchen", "living-room", "bedroom") for variant in (1, 2))
#: Each kind of room's alt text, per language ("Illustration: ..." like the landscapes').
ALT_TEXTS = {
    "kitchen": {
        "sv": "Illustration: ett ljust kök med vita skåp, matbord och ett fönster mot björkarna",
        "en": "Illustration: a bright kitchen with white cupboards, a dining table and a window onto the birches",
        "de": "Illustration: eine helle Küche mit weißen Schränken, Esstisch und einem Fenster zu den Birken",
        "nl": "Illustratie: een lichte keuken met witte kastjes, een eettafel en een raam met uitzicht op de berken",
        "pl": "Ilustracja: jasna kuchnia z białymi szafkami, stołem i oknem z widokiem na brzozy",
        "fi": "Piirros: valoisa keittiö, jossa valkoiset kaapit, ruokapöytä ja ikkuna koivikkoon",
    },
    "living-room": {
        "sv": "Illustration: ett vardagsrum med soffa, bokhylla, matta och ett stort fönster",
        "en": "Illustration: a living room with a sofa, a bookcase, a rug and a large window",
        "de": "Illustration: ein Wohnzimmer mit Sofa, Bücherregal, Teppich und einem großen Fenster",
        "nl": "Illustratie: een woonkamer met een bank, een boekenkast, een vloerkleed en een groot raam",
        "pl": "Ilustracja: salon z sofą, regałem na książki, dywanem i dużym oknem",
        "fi": "Piirros: olohuone, jossa sohva, kirjahylly, matto ja suuri ikkuna",
    },
    "bedroom": {
        "sv": "Illustration: ett sovrum med dubbelsäng, nattduksbord med lampa och ett fönster",
        "en": "Illustration: a bedroom with a double bed, a bedside table with a lamp and a window",
        "de": "Illustration: ein Schlafzimmer mit Doppelbett, Nachttisch mit Lampe und einem Fenster",
        "nl": "Illustratie: een slaapkamer met een tweepersoonsbed, een nachtkastje met lamp en een raam",
        "pl": "Ilustracja: sypialnia z podwójnym łóżkiem, stolikiem nocnym z lampką i oknem",
        "fi": "Piirros: makuuhuone, jossa parisänky, yöpöytä, lamppu ja ikkuna",
    },
}
WALLS = ((238, 232, 220), (214, 228, 222), (232, 222, 212), (222, 228, 238))
FABRICS = ((58, 96, 140), (176, 72, 64), (96, 128, 92), (214, 170, 70), (120, 100, 150))


class Room:
    """One room being drawn at SCALE times its size; coordinates at the final size."""

    def __init__(self, rng):
        self.rng = rng
        self.width, self.height = SIZE
        self.image = Image.new("RGB", (self.width * SCALE, self.height * SCALE), rng.choice(WALLS))
        self.draw = ImageDraw.Draw(self.image)
        self.floor = round(self.height * 0.72)

    def rect(self, box, fill, radius=0):
        box = [round(v * SCALE) for v in box]
        if radius:
            self.draw.rounded_rectangle(box, radius=round(radius * SCALE), fill=fill)
        else:
            self.draw.rectangle(box, fill=fill)

    def ellipse(self, box, fill):
        self.draw.ellipse([round(v * SCALE) for v in box], fill=fill)

    def polygon(self, points, fill):
        self.draw.polygon([(round(x * SCALE), round(y * SCALE)) for x, y in points], fill=fill)

    def wooden_floor(self):
        """Light pine boards, each a slightly different shade, and a skirting board."""
        for number, x in enumerate(range(0, self.width, 90)):
            shade = 196 + (number * 37 % 5) * 6
            self.rect((x, self.floor, x + 90, self.height), (shade, shade - 40, shade - 92))
            self.rect((x + 88, self.floor, x + 90, self.height), (150, 112, 72))
        self.rect((0, self.floor - 14, self.width, self.floor), (250, 248, 242))

    def window(self, x, y, width, height):
        """A white-framed window onto a summer sky and birches."""
        self.rect((x - 12, y - 12, x + width + 12, y + height + 12), (250, 250, 246))
        self.rect((x, y, x + width, y + height), (178, 214, 240))
        self.rect((x, y + height * 0.7, x + width, y + height), (110, 160, 96))
        for _ in range(5):
            trunk = x + self.rng.uniform(0.1, 0.9) * width
            self.ellipse((trunk - 60, y + height * 0.25, trunk + 60, y + height * 0.8), (96, 150, 84))
            self.rect((trunk - 5, y + height * 0.55, trunk + 5, y + height), (240, 240, 236))
        self.rect((x + width / 2 - 6, y, x + width / 2 + 6, y + height), (250, 250, 246))
        self.rect((x, y + height * 0.45 - 6, x + width, y + height * 0.45 + 6), (250, 250, 246))

    def plant(self, x, ground):
        self.rect((x - 34, ground - 70, x + 34, ground), (196, 112, 76), radius=8)
        for dx, dy in ((-40, -150), (0, -190), (40, -150), (-20, -110), (24, -120)):
            self.ellipse((x + dx - 34, ground + dy - 30, x + dx + 34, ground + dy + 30), (70, 130, 80))

    def finish(self):
        image = self.image.reduce(SCALE)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80, optimize=True, progressive=True)
        return buffer.getvalue()


def _kitchen(room):
    rng, floor, w = room.rng, room.floor, room.width
    room.window(w * 0.6, 150, 360, 300)
    counter = floor - 40
    room.rect((60, counter - 300, w * 0.55, counter), (250, 250, 246))  # base cupboards
    room.rect((40, counter - 320, w * 0.55 + 20, counter - 296), rng.choice(((90, 90, 96), (184, 150, 110))))
    for x in range(60, int(w * 0.55), 130):
        room.rect((x + 8, counter - 280, x + 122, counter - 10), (240, 240, 234))
        room.rect((x + 56, counter - 250, x + 74, counter - 244), (140, 140, 146))
    for x in range(60, int(w * 0.55), 130):  # wall cupboards
        room.rect((x + 8, 110, x + 122, 330), (244, 244, 238))
    room.rect((250, counter - 420, 420, counter - 330), (60, 60, 66), radius=10)  # hood
    room.rect((270, counter - 330, 400, counter - 322), (200, 200, 206))
    room.ellipse((560, counter - 380, 640, counter - 322), rng.choice(FABRICS))  # kettle
    table = rng.uniform(w * 0.62, w * 0.7)
    room.rect((table, floor + 40, table + 380, floor + 62), (150, 104, 64))
    for leg in (table + 20, table + 350):
        room.rect((leg, floor + 62, leg + 14, floor + 230), (120, 82, 50))
    for chair in (table - 70, table + 410):
        room.rect((chair, floor - 60, chair + 26, floor + 230), (120, 82, 50))
        room.rect((chair - 20, floor + 100, chair + 90, floor + 118), (120, 82, 50))
    room.ellipse((table + 150, floor - 10, table + 230, floor + 40), (250, 250, 246))  # bowl
    for x in range(3):
        room.ellipse((table + 162 + x * 20, floor - 24, table + 190 + x * 20, floor + 4), (214, 70, 60))


def _living_room(room):
    rng, floor, w = room.rng, room.floor, room.width
    room.window(w * 0.08, 140, 440, 360)
    fabric = rng.choice(FABRICS)
    sofa = w * 0.42
    room.rect((sofa, floor - 250, sofa + 620, floor - 90), fabric, radius=30)
    room.rect((sofa - 40, floor - 170, sofa + 660, floor + 30), fabric, radius=30)
    room.rect((sofa + 20, floor - 150, sofa + 600, floor - 90), tuple(min(255, c + 30) for c in fabric), radius=20)
    for x in (sofa, sofa + 620):
        room.rect((x - 10, floor + 30, x + 10, floor + 70), (80, 60, 40))
    for x, colour in ((sofa + 60, rng.choice(FABRICS)), (sofa + 470, rng.choice(FABRICS))):
        room.rect((x, floor - 210, x + 110, floor - 110), colour, radius=16)
    room.ellipse((w * 0.3, floor + 120, w * 0.95, floor + 260), rng.choice(((214, 196, 160), (180, 190, 210))))
    room.rect((w * 0.5, floor + 90, w * 0.78, floor + 110), (150, 104, 64))  # coffee table
    room.rect((w * 0.52, floor + 110, w * 0.53, floor + 200), (120, 82, 50))
    room.rect((w * 0.75, floor + 110, w * 0.76, floor + 200), (120, 82, 50))
    shelf = w * 0.86
    room.rect((shelf, 120, shelf + 170, floor), (150, 104, 64))
    for number, y in enumerate(range(150, floor - 60, 110)):
        room.rect((shelf + 10, y + 90, shelf + 160, y + 100), (120, 82, 50))
        x = shelf + 16
        while x < shelf + 150:
            width = rng.uniform(14, 26)
            room.rect((x, y + 90 - rng.uniform(50, 80), x + width, y + 90), FABRICS[(number + int(x)) % len(FABRICS)])
            x += width + 3
    room.plant(w * 0.36, floor + 20)
    room.rect((sofa + 150, 190, sofa + 470, 400), (250, 250, 246))  # a print on the wall
    room.rect((sofa + 166, 206, sofa + 454, 384), rng.choice(((120, 170, 210), (230, 180, 120))))
    room.polygon(
        [(sofa + 166, 384), (sofa + 280, 260), (sofa + 360, 330), (sofa + 454, 250), (sofa + 454, 384)], (60, 100, 80)
    )


def _bedroom(room):
    rng, floor, w = room.rng, room.floor, room.width
    room.window(w * 0.66, 150, 320, 320)
    bed = w * 0.18
    linen = rng.choice(((244, 244, 240), (226, 232, 240)))
    room.rect((bed, floor - 330, bed + 660, floor - 40), (150, 104, 64), radius=18)  # headboard
    room.rect((bed - 10, floor - 90, bed + 670, floor + 170), linen, radius=20)
    room.rect((bed - 10, floor - 10, bed + 670, floor + 170), rng.choice(FABRICS), radius=20)  # duvet
    for x in (bed + 40, bed + 350):
        room.rect((x, floor - 170, x + 270, floor - 70), (250, 250, 246), radius=30)
    for x in (bed - 200, bed + 720):
        room.rect((x, floor - 60, x + 150, floor + 120), (150, 104, 64))
        room.rect((x + 60, floor - 190, x + 90, floor - 60), (90, 90, 96))
        room.polygon(
            [(x + 30, floor - 190), (x + 120, floor - 190), (x + 100, floor - 260), (x + 50, floor - 260)],
            (250, 226, 150),
        )
    room.rect((bed + 200, 150, bed + 460, 330), (250, 250, 246))
    room.rect((bed + 214, 164, bed + 446, 316), rng.choice(((180, 200, 226), (240, 210, 170))))
    room.plant(w * 0.93, floor + 40)


DRAWERS = {"kitchen": _kitchen, "living-room": _living_room, "bedroom": _bedroom}


@cache
def draw_room(kind, variant):
    """A JPEG of one of the ROOMS as bytes: the same bytes for the same room, drawn once per process."""
    room = Room(random.Random(f"{kind}:{variant}"))
    room.wooden_floor()
    DRAWERS[kind](room)
    return room.finish()


def home_photos(outside, rooms, seed):
    """The pictures of one demo home, in a gallery's order: its outside scene first, then two to four rooms.

    `outside` is the landscape scene of its kind of home; `rooms` its number of rooms (a room to let shows a
    bedroom and the shared kitchen). Each is a key of the kommun's images: a scene name or a (kind, variant)."""
    rng = random.Random(seed)
    kinds = ["kitchen", "bedroom"] if rooms <= 1 else ["kitchen", "living-room", "bedroom"]
    if rooms >= 3:
        kinds.append("bedroom")
    variants = [rng.choice((1, 2)) for _ in kinds]
    if len(kinds) == 4:
        variants[3] = 3 - variants[2]  # a second bedroom is not the first one again
    return [outside, *zip(kinds, variants, strict=True)]
