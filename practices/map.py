"""The map of practices (Mapa Praktyk): Poland's outline and the cities' points, as SVG drawn
here from vendored Natural Earth data; no tile server, nothing asked of a third party."""

import json
import math
from dataclasses import dataclass
from functools import cache
from html import escape  # Django's own escape is this, behind a lazy-string wrapper
from pathlib import Path

from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

WIDTH = 600
# Poland lies between these, with a margin; one degree of longitude is shorter than one of
# latitude by the cosine of the middle latitude.
WEST, EAST, SOUTH, NORTH = 13.9, 24.35, 48.85, 55.0
X_SCALE = WIDTH / (EAST - WEST)
Y_SCALE = X_SCALE / math.cos(math.radians((SOUTH + NORTH) / 2))
HEIGHT = round((NORTH - SOUTH) * Y_SCALE)


def projected(longitude: float, latitude: float) -> tuple[float, float]:
    return round((longitude - WEST) * X_SCALE, 1), round((NORTH - latitude) * Y_SCALE, 1)


@cache
def poland_path() -> str:
    """The outline as an SVG path, read once from practices/geodata/poland.json."""
    data = json.loads((Path(__file__).parent / "geodata" / "poland.json").read_text())
    parts = []
    for ring in data["rings"]:
        points = [projected(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
    return "".join(parts)


@dataclass
class CityPoint:
    slug: str
    name: str
    voivodeship: str
    practices: int
    x: float
    y: float
    radius: float


def city_points(rows) -> list[CityPoint]:
    """Rows of (slug, name, voivodeship, latitude, longitude, count); cities with no
    coordinates are left off the drawing (the table still lists them)."""
    points = []
    for slug, name, voivodeship, latitude, longitude, count in rows:
        if latitude is None or longitude is None:
            continue
        x, y = projected(float(longitude), float(latitude))
        # Area grows with the number of practices; 8 px at least, so it is easy to hit.
        points.append(
            CityPoint(slug, name, voivodeship, count, x, y, round(8 + 3 * math.sqrt(count - 1), 1))
        )
    return sorted(points, key=lambda point: -point.practices)  # small dots drawn on top


def points_svg(points, link) -> str:
    """The cities' circles as SVG links, drawn here rather than by the template: thousands of
    them, each a keyboard-reachable link with an accessible name. Every text is escaped with
    the standard library's escape (which Django's own calls) and the numbers are numbers:
    format_html on 2,500 points took 33 ms of the map's first visit."""
    wordings = {}  # one plural form per number of practices, not one lookup per city
    parts = []
    for p in points:
        if p.practices not in wordings:
            wordings[p.practices] = ngettext(
                "%(city)s: %(counter)s practice", "%(city)s: %(counter)s practices", p.practices
            )
        aria = wordings[p.practices] % {"city": p.name, "counter": p.practices}
        parts.append(
            f'<a href="{escape(link(p.slug))}" class="practice-map__city" '
            f'aria-label="{escape(aria)}"><circle cx="{float(p.x)}" cy="{float(p.y)}" '
            f'r="{float(p.radius)}"><title>{escape(p.name)} ({int(p.practices)})</title>'
            "</circle></a>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308  # every text escaped above  # nosec B308 B703
