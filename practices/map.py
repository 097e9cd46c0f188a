"""The map of practices (Mapa Praktyk): Poland's outline, its voivodeships' borders and the
cities' points, as SVG drawn here from vendored Natural Earth data; no tile server, nothing
asked of a third party."""

import json
import math
import re
from collections.abc import Mapping
from functools import cache
from html import escape  # Django's own escape is this, behind a lazy-string wrapper
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import quote

from django.db import connection
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from empirie.cache import cached

WIDTH = 600
# Poland lies between these, with a margin; one degree of longitude is shorter than one of
# latitude by the cosine of the middle latitude.
WEST, EAST, SOUTH, NORTH = 13.9, 24.35, 48.85, 55.0
X_SCALE = WIDTH / (EAST - WEST)
Y_SCALE = X_SCALE / math.cos(math.radians((SOUTH + NORTH) / 2))
HEIGHT = round((NORTH - SOUTH) * Y_SCALE)


def projected(longitude: float, latitude: float) -> tuple[float, float]:
    return round((longitude - WEST) * X_SCALE, 1), round((NORTH - latitude) * Y_SCALE, 1)


GEODATA = Path(__file__).parent / "geodata"


@cache
def poland_path() -> str:
    """The outline as an SVG path, read once from practices/geodata/poland.json."""
    rings = json.loads((GEODATA / "poland.json").read_text())["rings"]
    return "".join(_path_through(ring) + "Z" for ring in rings)


@cache
def voivodeship_borders_path() -> str:
    """The borders between voivodeships as one SVG path of open lines, read once from
    practices/geodata/voivodeships.json (the country's outline is drawn apart)."""
    lines = json.loads((GEODATA / "voivodeships.json").read_text())["lines"]
    return "".join(_path_through(line) for line in lines)


def _path_through(points) -> str:
    projected_points = [projected(lon, lat) for lon, lat in points]
    # Neighbours that fall on the same tenth of a pixel add bytes and nothing to see.
    kept = [p for i, p in enumerate(projected_points) if i == 0 or p != projected_points[i - 1]]
    return "M" + "L".join(f"{x},{y}" for x, y in kept)


class CityPlace(NamedTuple):
    """A city as the map names and places it, with its texts escaped once for the drawing."""

    slug: str
    name: str
    voivodeship: str
    order: int  # by name, in the database's order
    x: float | None  # None: no coordinates, so listed in the table but not drawn
    y: float | None
    slug_in_link: str  # quoted for a URL and escaped for HTML
    name_escaped: str


def city_places() -> Mapping[int, CityPlace]:
    """Every city by id; read and projected once until a city changes, not at each map.
    Read-only: the process's one copy serves every request. Kept in the process only: read
    and projected in 8 ms, where pickling it for the shared cache took 2 and a copy from it
    would take 3 to unpickle."""
    return MappingProxyType(
        cached(
            "portal",
            "map-places",
            _read_city_places,
            in_process=True,
            read_only=True,
            process_only=True,
        )
    )


def _read_city_places():
    from cities.models import City  # the cities app's models load after this module

    # As floats from the database, read as plain rows: 5,000 Decimals made and converted, and
    # Django's converters on every value, cost more than the query.
    rows = (
        City.objects.order_by("sort_key", "pk")
        .annotate(lat=Cast("latitude", FloatField()), lon=Cast("longitude", FloatField()))
        .values_list("pk", "slug", "name", "voivodeship", "lat", "lon")
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # the ORM's own SQL
        rows = cursor.fetchall()
    places = {}
    for order, (pk, slug, name, voivodeship, latitude, longitude) in enumerate(rows):
        x, y = (None, None)
        if latitude is not None and longitude is not None:
            x, y = projected(longitude, latitude)
        link = slug if PLAIN_SLUG.fullmatch(slug) else escape(quote(slug))
        name_escaped = escape(name) if HTML_SPECIAL.search(name) else name
        places[pk] = CityPlace(slug, name, voivodeship, order, x, y, link, name_escaped)
    return places


# Slugs and names rarely hold a character that a link or HTML would change.
PLAIN_SLUG = re.compile(r"[A-Za-z0-9_.~-]+")
HTML_SPECIAL = re.compile(r"[&<>\"']")


class CityPoint(NamedTuple):
    place: CityPlace
    practices: int
    radius: float

    @property
    def name(self):
        return self.place.name

    @property
    def x(self):
        return self.place.x

    @property
    def y(self):
        return self.place.y


def city_points(rows) -> list[CityPoint]:
    """Rows of (CityPlace, number of practices), the most first; cities with no coordinates
    are left off the drawing (the table still lists them)."""
    radii = {}
    points = []
    for place, count in rows:
        if place.x is None:
            continue
        if count not in radii:
            # Area grows with the number of practices; 8 px at least, so it is easy to hit.
            radii[count] = round(8 + 3 * math.sqrt(count - 1), 1)
        points.append(CityPoint(place, count, radii[count]))
    return points  # the most first, so small dots are drawn on top


def points_svg(points, link_base) -> str:
    """The cities' circles as SVG links, drawn here rather than by the template: thousands of
    them, each a keyboard-reachable link named by its title. Every text is escaped with
    the standard library's escape (which Django's own calls; it escapes character by
    character, so escaped parts joined are the escaped whole) and the numbers are numbers:
    format_html on 2,500 points took 33 ms of the map's first visit."""
    wordings = {}  # one plural form per number of practices, not one lookup per city
    href = escape(link_base)
    parts = []
    for place, practices, radius in points:
        if practices not in wordings:
            wordings[practices] = escape(
                ngettext(
                    "%(city)s: %(counter)s practice", "%(city)s: %(counter)s practices", practices
                )
            )
        name = wordings[practices] % {"city": place.name_escaped, "counter": int(practices)}
        # The link's <title> is its accessible name and its tooltip (SVG-AAM): said once.
        parts.append(
            f'<a href="{href}{place.slug_in_link}"><title>{name}</title><circle '
            f'cx="{float(place.x)}" cy="{float(place.y)}" r="{float(radius)}"/></a>'
        )
    return mark_safe("\n".join(parts))  # noqa: S308  # every text escaped above  # nosec B308 B703
