"""The portal's charts, drawn on the server as SVG: line, bar, stacked bar and a map of Poland
by voivodeship. Written once here (the geometry) and in figures/markup.py (the markup, as
strings in one go: a template include per bar was most of a page's time); every statistics
page draws through them.

Each chart is a `Chart`: a title, the axes' names, the categories (quarters, voivodeships,
networks) and one or more series of numbers. The same object gives the SVG's geometry, the
table shown beside it and the CSV download, so the three cannot disagree: `cells()` is the one
place a number becomes text.

Readable without colour: the series differ in lightness (a ramp of the portal's blue from
dark to light, each step well apart in greyscale) and, beside that, by a pattern (bars: solid,
hatched, dotted, cross-hatched) or a marker and a dash (lines: circle, square, triangle,
diamond); every shape has a dark outline (WCAG 1.4.11's 3:1 against the white page), and the
values are written on the bars and at the lines' ends. No inline style, no script: the
portal's Content-Security-Policy allows neither, and presentation attributes need neither.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cities.choices import Voivodeship
from practices.map import HEIGHT as MAP_HEIGHT
from practices.map import WIDTH as MAP_WIDTH
from practices.map import poland_path, projected, voivodeship_borders_path

from . import markup

LINE, BAR, STACKED, MAP, TABLE = "line", "bar", "stacked", "map", "table"  # TABLE: no drawing

# Dark to light: the lightness steps are far apart, so a greyscale print tells them apart.
FILLS = ("#0b3d6b", "#4f81b8", "#a6c4e4", "#ffffff")
PATTERNS = ("solid", "hatch", "dots", "cross")
DASHES = ("", "6 3", "2 3", "9 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")
INK = "#1a1a1a"

WIDTH = 680
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 64, 170, 24, 64  # margins of the plot area
LINE_HEIGHT = 320
BAR_ROW = 26  # a horizontal bar's row
BAR_LABELS = 280  # room for the categories' names left of horizontal bars

# Where each voivodeship's figure sits on the map: near its geographic centre (degrees).
VOIVODESHIP_CENTRES = {
    Voivodeship.DOLNOSLASKIE: (16.40, 51.05),
    Voivodeship.KUJAWSKO_POMORSKIE: (18.45, 53.05),
    Voivodeship.LUBELSKIE: (22.90, 51.20),
    Voivodeship.LUBUSKIE: (15.35, 52.20),
    Voivodeship.LODZKIE: (19.40, 51.60),
    Voivodeship.MALOPOLSKIE: (20.30, 49.85),
    Voivodeship.MAZOWIECKIE: (21.10, 52.40),
    Voivodeship.OPOLSKIE: (17.90, 50.65),
    Voivodeship.PODKARPACKIE: (22.20, 49.95),
    Voivodeship.PODLASKIE: (22.90, 53.30),
    Voivodeship.POMORSKIE: (17.95, 54.20),
    Voivodeship.SLASKIE: (19.00, 50.30),
    Voivodeship.SWIETOKRZYSKIE: (20.75, 50.80),
    Voivodeship.WARMINSKO_MAZURSKIE: (20.80, 53.85),
    Voivodeship.WIELKOPOLSKIE: (17.20, 52.35),
    Voivodeship.ZACHODNIOPOMORSKIE: (15.50, 53.60),
}


@dataclass(frozen=True)
class Section:
    """A part of a statistics page, shown alone at a URL of its own (the first at the page's
    own URL): its heading, its charts (slugs of the page's CHARTS) and what comes before them.
    Only its charts are drawn: each a query or two, a page of every chart cost them all."""

    slug: str  # in its URL: Polish, without diacritics, as the charts' slugs
    heading: str
    charts: tuple
    intro: str = ""  # a template shown under the heading, before the charts


@dataclass
class Series:
    name: str
    values: list  # a number per category; None where it is not shown (e.g. under 5 answers)


@dataclass
class Chart:
    """What one chart shows, whatever draws it (SVG, table, CSV)."""

    slug: str  # the chart's address in its page (#slug) and in its CSV's URL
    kind: str  # LINE, BAR, STACKED or MAP
    title: str
    x_label: str  # what the categories are (the table's first column)
    y_label: str  # what the numbers count
    categories: list
    series: list
    description: str = ""  # what it shows, in a sentence (the SVG's <desc>)
    note: str = ""  # what the reader should know (filters it ignores, hidden values)
    missing: str = "–"  # the text of a value not shown
    keys: list = field(default_factory=list)  # for a MAP: the voivodeship of each category
    axis_labels: list | None = None  # shorter names under the axis (the table has the full)

    def cell(self, value) -> str:
        if value is None:
            return self.missing
        if isinstance(value, float):
            return number_format(round(value, 1), decimal_pos=1)
        return str(value)

    def cells(self) -> list:
        """The table (and the CSV): a header, then one row per category."""
        header = [self.x_label, *(series.name for series in self.series)]
        rows = [
            [str(category), *(self.cell(series.values[i]) for series in self.series)]
            for i, category in enumerate(self.categories)
        ]
        return [header, *rows]

    def table_markup(self):
        """cells() as the page's table (figures.markup)."""
        return markup.table(self)

    def svg(self):
        """The drawing as SVG markup (figures.markup), from drawing()'s geometry."""
        return markup.svg(self)

    @property
    def empty(self) -> bool:
        return not any(value for series in self.series for value in series.values)

    @property
    def drawn(self) -> bool:
        return self.kind != TABLE and not self.empty

    @property
    def top(self) -> float:
        """The largest value the value axis must reach."""
        if self.kind == STACKED:
            sums = [
                sum(series.values[i] or 0 for series in self.series)
                for i in range(len(self.categories))
            ]
            return max(sums, default=0)
        return max((v for s in self.series for v in s.values if v is not None), default=0)

    def drawing(self):
        """The geometry its template draws."""
        return {LINE: line_drawing, BAR: bar_drawing, STACKED: stacked_drawing, MAP: map_drawing}[
            self.kind
        ](self)


def nice_ceiling(value: float) -> tuple[float, float]:
    """A round top for the value axis and its step (4 or 5 gridlines): 1, 2, 2.5 or 5 × 10ⁿ."""
    if value <= 0:
        return 1, 1
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * power
        if step >= raw:
            break
    if step < 1 and float(value).is_integer():
        step = 1
    return step * math.ceil(value / step), step


def _ticks(top, step):
    count = round(top / step)
    return [round(step * i, 6) for i in range(count + 1)]


def _tick_text(value) -> str:
    return str(int(value)) if float(value).is_integer() else number_format(value, decimal_pos=1)


@dataclass
class Style:
    """How the n-th series looks: its fill, pattern, dash and marker."""

    index: int
    fill: str
    pattern: str
    dash: str
    marker: str


def styles(count: int) -> list:
    return [
        Style(i, FILLS[i % 4], PATTERNS[i % 4], DASHES[i % 4], MARKERS[(i // 4 + i) % 4])
        for i in range(count)
    ]


def paint(chart, style) -> str:
    """A bar's fill: its colour, or its pattern (figures.markup's <defs>)."""
    if style.pattern == "solid":
        return style.fill
    return f"url(#{chart.slug}-{style.pattern})"


def marker_path(kind: str, x: float, y: float, r: float = 4.5) -> str:
    """A line's marker at (x, y) as a path: circle, square, triangle or diamond."""
    x, y = round(x, 1), round(y, 1)
    if kind == "circle":
        return f"M{x - r},{y}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0Z"
    if kind == "square":
        return f"M{x - r},{y - r}h{2 * r}v{2 * r}h{-2 * r}Z"
    s = r + 1
    if kind == "triangle":
        return f"M{x},{y - s}L{x + s},{y + r}L{x - s},{y + r}Z"
    return f"M{x},{y - s}L{x + s},{y}L{x},{y + s}L{x - s},{y}Z"


def _axes(plot, height):
    """Where the axes' names go: the value axis's turned along it, the categories' below."""
    return {
        "y_label_x": -round((plot["top"] + plot["bottom"]) / 2, 1),
        "y_label_y": 16,
        "x_label_x": round((plot["left"] + plot["right"]) / 2, 1),
        "x_label_y": height - 12,
        "tick_x": plot["left"] - 8,
        "category_y": plot["bottom"] + 18,
    }


def _plot_frame(chart, height):
    top, step = nice_ceiling(chart.top)
    plot = {
        "left": PLOT_LEFT,
        "right": WIDTH - PLOT_RIGHT,
        "top": PLOT_TOP,
        "bottom": height - PLOT_BOTTOM,
    }
    span = plot["bottom"] - plot["top"]

    def y_of(value):
        return round(plot["bottom"] - span * (value or 0) / top, 1)

    grid = [{"y": y_of(tick), "text": _tick_text(tick)} for tick in _ticks(top, step)]
    return plot, y_of, grid


def _category_positions(count, plot):
    width = plot["right"] - plot["left"]
    band = width / max(count, 1)
    return band, [round(plot["left"] + band * (i + 0.5), 1) for i in range(count)]


def _thinned(labels, band):
    """Category labels under the axis, every n-th when they would overlap (the table has all)."""
    every = max(1, math.ceil(84 / band)) if band else 1  # "III kw. 2024": some 75 px
    return [label if i % every == 0 else "" for i, label in enumerate(labels)]


def line_drawing(chart):
    height = LINE_HEIGHT
    plot, y_of, grid = _plot_frame(chart, height)
    band, xs = _category_positions(len(chart.categories), plot)
    lines = []
    for style, series in zip(styles(len(chart.series)), chart.series, strict=True):
        ys = [None if v is None else y_of(v) for v in series.values]  # each worked out once
        points = [
            {"x": x, "y": y, "value": chart.cell(v), "category": c,
             "mark": marker_path(style.marker, x, y)}
            for x, y, v, c in zip(xs, ys, series.values, chart.categories, strict=True)
            if v is not None
        ]  # fmt: skip
        # A gap where a value is hidden: the line is drawn in runs between them.
        runs, run = [], []
        for x, y in zip(xs, ys, strict=True):
            if y is None:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(f"{x},{y}")
        if run:
            runs.append(run)
        path = "".join("M" + "L".join(r) for r in runs)
        last = points[-1] if points else None
        lines.append({"style": style, "series": series, "path": path, "points": points,
                      "last": last})  # fmt: skip
    # Direct labels at the lines' ends, moved apart so none covers another.
    ends = sorted((line for line in lines if line["last"]), key=lambda line: line["last"]["y"])
    previous = -100
    for line in ends:
        line["label_y"] = max(line["last"]["y"] + 4, previous + 14)
        previous = line["label_y"]
    return {
        "width": WIDTH, "height": height, "plot": plot, "grid": grid, "lines": lines,
        "labels": [{"x": x, "text": t} for x, t in zip(xs, _thinned(chart.axis_labels or chart.categories, band),
                                                       strict=True) if t],
        "label_x": plot["right"] + 10, "axes": _axes(plot, height),
    }  # fmt: skip


def stacked_drawing(chart):
    height = LINE_HEIGHT
    plot, y_of, grid = _plot_frame(chart, height)
    band, xs = _category_positions(len(chart.categories), plot)
    bar_width = round(min(band * 0.7, 48), 1)
    columns = []
    series_styles = list(zip(styles(len(chart.series)), chart.series, strict=True))
    for i, x in enumerate(xs):
        base, parts = 0, []
        for style, series in series_styles:
            value = series.values[i] or 0
            if value:
                y_top, y_base = y_of(base + value), y_of(base)
                parts.append({
                    "style": style, "paint": paint(chart, style),
                    "text_fill": "#ffffff" if style.index == 0 else INK,
                    "text_stroke": FILLS[0] if style.index == 0 else "#ffffff",
                    "x": round(x - bar_width / 2, 1), "y": y_top,
                    "width": bar_width, "height": round(y_base - y_top, 1),
                    "value": chart.cell(series.values[i]), "series": series.name,
                    "labelled": y_base - y_top >= 14 and bar_width >= 18,
                    "text_y": round((y_top + y_base) / 2 + 4, 1),
                })  # fmt: skip
            base += value
        columns.append({"x": x, "parts": parts, "total": base, "total_y": y_of(base) - 4,
                        "category": chart.categories[i]})  # fmt: skip
    return {
        "width": WIDTH, "height": height, "plot": plot, "grid": grid, "columns": columns,
        "labels": [{"x": x, "text": t} for x, t in zip(xs, _thinned(chart.axis_labels or chart.categories, band),
                                                       strict=True) if t],
        "legend": _legend(chart, plot), "axes": _axes(plot, height),
    }  # fmt: skip


def legend_lines(name) -> list[str]:
    """A series' name in at most two lines of the legend, broken between words; only what
    two lines cannot hold is cut (the data table beside the chart has it whole)."""
    lines, line = [], ""
    for word in str(name).split():
        if line and len(line) + 1 + len(word) > markup.LEGEND_LINE:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return lines


def _legend(chart, plot):
    items, y = [], plot["top"]
    for style, series in zip(styles(len(chart.series)), chart.series, strict=True):
        lines = legend_lines(series.name)
        items.append({
            "style": style, "paint": paint(chart, style), "name": series.name, "lines": lines,
            "x": plot["right"] + 12, "y": y, "text_x": plot["right"] + 32, "text_y": y + 12,
        })  # fmt: skip
        y += 22 + 14 * (len(lines) - 1)
    return items


def bar_drawing(chart):
    """Horizontal bars: the categories' names (networks, voivodeships) read left of them."""
    count = len(chart.categories)
    height = PLOT_TOP + BAR_ROW * max(count, 1) + 40
    top, step = nice_ceiling(chart.top)
    left, right = BAR_LABELS, WIDTH - 48
    span = right - left

    def x_of(value):
        return round(left + span * (value or 0) / top, 1)

    series = chart.series[0]
    style = styles(1)[0]
    bars = [
        {
            "y": PLOT_TOP + BAR_ROW * i,
            "text_y": PLOT_TOP + BAR_ROW * i + BAR_ROW / 2 + 4,
            "width": round(x_of(value) - left, 1),
            "end": x_of(value) + 6,
            "category": category,
            "value": chart.cell(value),
        }
        for i, (category, value) in enumerate(zip(chart.categories, series.values, strict=True))
    ]
    grid = [{"x": x_of(tick), "text": _tick_text(tick)} for tick in _ticks(top, step)]
    bottom = PLOT_TOP + BAR_ROW * max(count, 1)
    return {
        "width": WIDTH, "height": height, "left": left, "right": right, "top": PLOT_TOP,
        "bottom": bottom, "bars": bars, "grid": grid, "style": style, "bar_height": BAR_ROW - 8,
        "axis_y": bottom + 32, "axis_x": round((left + right) / 2, 1), "label_x": left - 8,
        "tick_y": bottom + 14,
    }  # fmt: skip


def map_drawing(chart):
    """Poland's outline and voivodeship borders (practices.map's, from Natural Earth), and a
    circle for each voivodeship whose area tells its number, written inside it; the circles'
    fill darkens with the number too, in four steps."""
    series = chart.series[0]
    top = max((v or 0 for v in series.values), default=0)
    places = []
    for key, category, value in zip(chart.keys, chart.categories, series.values, strict=True):
        longitude, latitude = VOIVODESHIP_CENTRES[key]
        x, y = projected(longitude, latitude)
        radius = round(6 + 22 * math.sqrt((value or 0) / top), 1) if top and value else 0
        step = min(3, int(4 * (value or 0) / top)) if top else 0
        places.append({
            "x": x, "y": y, "radius": radius, "value": chart.cell(value), "name": category,
            "fill": FILLS[3 - step] if value else "none", "light_text": step >= 2,
            "name_y": round(y + max(radius, 6) + 11, 1),
        })  # fmt: skip
    return {
        "width": MAP_WIDTH, "height": MAP_HEIGHT, "outline": poland_path(),
        "borders": voivodeship_borders_path(), "places": places,
    }  # fmt: skip


def quarter_axis() -> str:
    return _("Quarter")
