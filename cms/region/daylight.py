"""Hours of daylight at a latitude on a given day, from solar geometry (no table of typed-in numbers).

The day is from sunrise to sunset as almanacs count them: the sun's upper edge on the horizon,
with the standard allowance for refraction, i.e. the sun's centre at -0.833°. North of the
Arctic Circle the answer is 0 h at midwinter (polar night) and 24 h at midsummer (midnight sun).
"""

import math
from datetime import date

#: The sun's centre at sunrise and sunset: refraction (34') plus the sun's radius (16').
SUNRISE_ALTITUDE = -0.833
#: The tilt of the Earth's axis, the sun's declination at the solstices.
OBLIQUITY = 23.44


def declination(day: date) -> float:
    """The sun's declination in degrees on `day`, from the day of the year (accurate to a few tenths of a degree)."""
    n = day.timetuple().tm_yday
    return -OBLIQUITY * math.cos(math.radians(360 / 365 * (n + 10)))


def daylight_hours(latitude: float, day: date) -> float:
    """Hours from sunrise to sunset at `latitude` (degrees north) on `day`: 0 in polar night, 24 under the midnight sun."""
    phi, delta, h0 = (math.radians(x) for x in (latitude, declination(day), SUNRISE_ALTITUDE))
    cos_hour_angle = (math.sin(h0) - math.sin(phi) * math.sin(delta)) / (math.cos(phi) * math.cos(delta))
    if cos_hour_angle >= 1:
        return 0.0
    if cos_hour_angle <= -1:
        return 24.0
    return 2 * math.degrees(math.acos(cos_hour_angle)) / 15


def midwinter(year: int) -> date:
    """The northern winter solstice's day (close enough for day length: it moves by a day at most)."""
    return date(year, 12, 21)


def midsummer(year: int) -> date:
    """The northern summer solstice's day."""
    return date(year, 6, 21)
