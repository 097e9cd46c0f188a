"""The charts' markup: each chart's SVG and its table, written in one go from its geometry
(figures.charts) as strings. Was a template per chart with an include or a tag per bar, point
and cell; at some 30 µs each that was most of a statistics page's time, now a few ms.

Numbers are written as Python writes them (as the former templates' `{% localize off %}`: a
dot, no grouping); every text is escaped (Django's `escape` is `html.escape` behind a lazy-string
wrapper). No inline style, no script: the Content-Security-Policy allows neither, and the
presentation attributes need neither.
"""

import unicodedata
from html import escape

from django.utils.safestring import SafeString
from django.utils.text import Truncator

INK = "#1a1a1a"
GRID = "#c9d1db"

SVG_OPEN = (
    '<svg class="{css}" viewBox="0 0 {width} {height}" role="img" '
    'aria-labelledby="{slug}-t {slug}-d" focusable="false" font-size="12" '
    'font-family="system-ui, sans-serif">\n'
)


LEGEND_LINE = 20  # characters of a legend's line: the right margin's width at 12 px


def _short(text, length: int) -> str:
    """The `truncatechars` filter: at most `length` characters, an ellipsis when cut. A text
    short enough is itself (normalised, as Truncator does); only a long one needs Truncator,
    slow for a name a bar."""
    text = unicodedata.normalize("NFC", str(text))
    if len(text) <= length:
        return escape(text)
    return escape(Truncator(text).chars(length))


def _head(chart) -> str:
    """The SVG's accessible name and description (aria-labelledby points at both)."""
    slug = escape(chart.slug)
    return (
        f'<title id="{slug}-t">{escape(str(chart.title))}</title>\n'
        f'<desc id="{slug}-d">{escape(str(chart.description))}</desc>\n'
    )


def _defs(chart) -> str:
    """The patterns that tell bars apart without colour: hatched, dotted, cross-hatched (the
    first series is solid). Ids carry the chart's slug: several charts share a page."""
    slug = escape(chart.slug)
    return (
        "<defs>\n"
        f'<pattern id="{slug}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#4f81b8"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern>\n'
        f'<pattern id="{slug}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#a6c4e4"/>'
        f'<circle cx="3" cy="3" r="1.3" fill="{INK}"/></pattern>\n'
        f'<pattern id="{slug}-cross" width="7" height="7" patternUnits="userSpaceOnUse">'
        '<rect width="7" height="7" fill="#ffffff"/>'
        f'<path d="M0,0L7,7M7,0L0,7" stroke="{INK}" stroke-width="1"/></pattern>\n'
        "</defs>\n"
    )


def _open(chart, d, css="chart__svg") -> str:
    return SVG_OPEN.format(css=css, width=d["width"], height=d["height"], slug=escape(chart.slug))


def _value_grid(d) -> str:
    """Horizontal gridlines and their values left of the plot (line and stacked charts)."""
    plot, axes = d["plot"], d["axes"]
    left, right, tick_x = plot["left"], plot["right"], axes["tick_x"]
    lines = "".join(
        f'<line x1="{left}" x2="{right}" y1="{g["y"]}" y2="{g["y"]}"/>' for g in d["grid"]
    )
    texts = "".join(
        f'<text x="{tick_x}" y="{g["y"]}" dy="4">{escape(g["text"])}</text>' for g in d["grid"]
    )
    return (
        f'<g stroke="{GRID}" stroke-width="1">{lines}</g>\n'
        f'<g fill="{INK}" text-anchor="end">{texts}</g>\n'
        f'<line x1="{left}" x2="{right}" y1="{plot["bottom"]}" y2="{plot["bottom"]}" '
        f'stroke="{INK}"/>\n'
        f'<line x1="{left}" x2="{left}" y1="{plot["top"]}" y2="{plot["bottom"]}" stroke="{INK}"/>\n'
    )


def _category_axis(chart, d) -> str:
    """The categories under the plot, and both axes' names."""
    axes = d["axes"]
    y = axes["category_y"]
    labels = "".join(f'<text x="{lb["x"]}" y="{y}">{escape(str(lb["text"]))}</text>'
                     for lb in d["labels"])  # fmt: skip
    return (
        f'<g fill="{INK}" text-anchor="middle">{labels}</g>\n'
        f'<text x="{axes["x_label_x"]}" y="{axes["x_label_y"]}" text-anchor="middle" '
        f'font-weight="bold" fill="{INK}">{escape(str(chart.x_label))}</text>\n'
        f'<text transform="rotate(-90)" x="{axes["y_label_x"]}" y="{axes["y_label_y"]}" '
        f'text-anchor="middle" font-weight="bold" fill="{INK}">{escape(str(chart.y_label))}'
        "</text>\n"
    )


def line_svg(chart, d) -> str:
    parts = [_open(chart, d), _head(chart), "\n", _value_grid(d), _category_axis(chart, d)]
    label_x = d["label_x"]
    for line in d["lines"]:
        style = line["style"]
        stroke = INK if style.fill == "#ffffff" else style.fill
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        marks = "".join(
            f'<path d="{p["mark"]}" fill="{style.fill}" stroke="{INK}" stroke-width="1"/>'
            for p in line["points"]
        )
        label = ""
        if line["last"]:
            label = (
                f'<text x="{label_x}" y="{line["label_y"]}" fill="{INK}">'
                f"{_short(line['series'].name, 16)}: {escape(line['last']['value'])}</text>"
            )
        parts.append(
            f'<g>\n<path d="{line["path"]}" fill="none" stroke="{stroke}" stroke-width="2.5"'
            f"{dash}/>\n{marks}\n{label}\n</g>"
        )
    parts.append("\n</svg>\n")
    return "".join(parts)


def stacked_svg(chart, d) -> str:
    parts = [_open(chart, d), _head(chart), _defs(chart), "\n", _value_grid(d)]
    for column in d["columns"]:
        x = column["x"]
        cells = []
        for part in column["parts"]:
            cells.append(
                f'<rect x="{part["x"]}" y="{part["y"]}" width="{part["width"]}" '
                f'height="{part["height"]}" fill="{part["paint"]}" stroke="{INK}" '
                'stroke-width="1"/>'
            )
            if part["labelled"]:
                cells.append(
                    f'<text x="{x}" y="{part["text_y"]}" text-anchor="middle" font-size="11" '
                    f'fill="{part["text_fill"]}" stroke="{part["text_stroke"]}" '
                    f'stroke-width="3" paint-order="stroke">{escape(part["value"])}</text>'
                )
        if column["total"]:
            cells.append(
                f'<text x="{x}" y="{column["total_y"]}" text-anchor="middle" '
                f'font-weight="bold" fill="{INK}">{column["total"]}</text>'
            )
        parts.append(f"<g>{''.join(cells)}</g>")
    parts.append("\n")
    parts.append(_category_axis(chart, d))
    parts.extend(
        f'<rect x="{item["x"]}" y="{item["y"]}" width="16" height="16" fill="{item["paint"]}" '
        f'stroke="{INK}"/><text x="{item["text_x"]}" y="{item["text_y"]}" fill="{INK}">'
        f"{_legend_text(item)}</text>"
        for item in d["legend"]
    )
    parts.append("\n</svg>\n")
    return "".join(parts)


def _legend_text(item) -> str:
    """A legend's name in its lines (charts.legend_lines), the second a tspan below the
    first; only a line longer than the margin is cut."""
    first, *rest = item["lines"]
    text = _short(first, LEGEND_LINE + 2)
    if rest:
        text += f'<tspan x="{item["text_x"]}" dy="14">{_short(rest[0], LEGEND_LINE)}</tspan>'
    return text


def bar_svg(chart, d) -> str:
    top, bottom, left = d["top"], d["bottom"], d["left"]
    lines = "".join(f'<line x1="{g["x"]}" x2="{g["x"]}" y1="{top}" y2="{bottom}"/>'
                    for g in d["grid"])  # fmt: skip
    ticks = "".join(f'<text x="{g["x"]}" y="{d["tick_y"]}">{escape(g["text"])}</text>'
                    for g in d["grid"])  # fmt: skip
    fill, height, label_x = d["style"].fill, d["bar_height"], d["label_x"]
    bars = []
    for bar in d["bars"]:
        rect = ""
        if bar["width"]:
            rect = (
                f'<rect x="{left}" y="{bar["y"]}" width="{bar["width"]}" height="{height}" '
                f'fill="{fill}" stroke="{INK}" stroke-width="1"/>'
            )
        bars.append(
            f'<g><text x="{label_x}" y="{bar["text_y"]}" text-anchor="end" fill="{INK}">'
            f"{_short(bar['category'], 34)}</text>{rect}"
            f'<text x="{bar["end"]}" y="{bar["text_y"]}" fill="{INK}" font-weight="bold">'
            f"{escape(bar['value'])}</text></g>"
        )
    return "".join([
        _open(chart, d), _head(chart), "\n",
        f'<g stroke="{GRID}" stroke-width="1">{lines}</g>\n',
        f'<g fill="{INK}" text-anchor="middle">{ticks}</g>\n',
        *bars, "\n",
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="{INK}"/>\n',
        f'<text x="{d["axis_x"]}" y="{d["axis_y"]}" text-anchor="middle" font-weight="bold" '
        f'fill="{INK}">{escape(str(chart.y_label))}</text>\n',
        f'<text x="8" y="14" font-weight="bold" fill="{INK}">{escape(str(chart.x_label))}</text>\n',
        "</svg>\n",
    ])  # fmt: skip


def map_svg(chart, d) -> str:
    places = []
    for p in d["places"]:
        x, y = p["x"], p["y"]
        circle = ""
        if p["radius"]:
            circle = (
                f'<circle cx="{x}" cy="{y}" r="{p["radius"]}" fill="{p["fill"]}" '
                f'stroke="{INK}" stroke-width="1.25"/>'
            )
        text_fill = "#ffffff" if p["light_text"] else INK
        halo = "" if p["radius"] else ' stroke="#ffffff" stroke-width="3" paint-order="stroke"'
        places.append(
            f'<g>{circle}<text x="{x}" y="{y}" dy="4" text-anchor="middle" font-weight="bold" '
            f'fill="{text_fill}"{halo}>{escape(p["value"])}</text>'
            f'<text x="{x}" y="{p["name_y"]}" text-anchor="middle" font-size="10" fill="{INK}" '
            f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(str(p["name"]))}'
            "</text></g>"
        )
    return "".join([
        _open(chart, d, "chart__svg chart__svg--map"), _head(chart), "\n",
        f'<path d="{d["outline"]}" fill="#f3f5f8" stroke="#0b4f8a" stroke-width="1.5"/>\n',
        f'<path d="{d["borders"]}" fill="none" stroke="#0b4f8a" stroke-opacity="0.45" '
        'stroke-width="0.75" stroke-linejoin="round"/>\n',
        *places, "\n</svg>\n",
    ])  # fmt: skip


DRAWERS = {"line": line_svg, "bar": bar_svg, "stacked": stacked_svg, "map": map_svg}


def svg(chart) -> SafeString:
    return SafeString(DRAWERS[chart.kind](chart, chart.drawing()))  # nosec B703  # texts escaped


def table(chart) -> SafeString:
    """The chart's figures as a table: a caption, a header row, a row a category; each cell
    labelled with its column (data-label: the narrow screens' stacked layout)."""
    header, *rows = chart.cells()
    names = [escape(name) for name in header[1:]]
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in header)
    body = "".join(
        f'<tr><th scope="row">{escape(row[0])}</th>'
        + "".join(
            f'<td data-label="{name}">{escape(cell)}</td>'
            for name, cell in zip(names, row[1:], strict=True)
        )  # fmt: skip
        + "</tr>"
        for row in rows
    )
    return SafeString(  # nosec B703  # every text escaped above
        '<div class="chart__table">\n<table class="table">\n'
        f"  <caption>{escape(str(chart.title))}</caption>\n"
        f"  <thead><tr>{head}</tr></thead>\n"
        f"  <tbody>\n  {body}\n  </tbody>\n</table>\n</div>\n"
    )
