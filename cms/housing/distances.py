"""How far a home is from its kommun's centre, as its result card says.

The distance is computed from the home's coordinates and the centre the kommun's site file
declares (`[location]` in sites/<slug>.toml), so no editor types it and it is never stale. The
static pages and the search service's cards both ask here, so they say the same.
"""

from cms.search.backends.base import distance_km


def centre_distance_km(latitude, longitude, config):
    """The great-circle distance in km, to a tenth, from (latitude, longitude) to the site's centre; None without
    coordinates."""
    if latitude is None or longitude is None:
        return None
    centre = (config.location.latitude, config.location.longitude)
    return round(distance_km((latitude, longitude), centre), 1)
