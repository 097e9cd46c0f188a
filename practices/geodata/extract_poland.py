"""How poland.json was made: Poland's outline from world-atlas's countries-50m.json.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python practices/geodata/extract_poland.py package/countries-50m.json > practices/geodata/poland.json

world-atlas (ISC licence, Mike Bostock) packages Natural Earth's public-domain boundaries.
"""

import json
import sys


def decoded_arcs(topology):
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantised
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(points)
    return arcs


def ring(arcs, indices):
    points = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def main(path):
    with open(path, encoding="utf-8") as file:
        topology = json.load(file)
    arcs = decoded_arcs(topology)
    (poland,) = [
        g
        for g in topology["objects"]["countries"]["geometries"]
        if g.get("properties", {}).get("name") == "Poland"
    ]
    polygons = [poland["arcs"]] if poland["type"] == "Polygon" else poland["arcs"]
    rings = [ring(arcs, r) for polygon in polygons for r in polygon]
    json.dump(
        {"source": "Natural Earth 1:50m via world-atlas 2.0.2", "rings": rings},
        sys.stdout,
        separators=(",", ":"),
    )


if __name__ == "__main__":
    main(sys.argv[1])
