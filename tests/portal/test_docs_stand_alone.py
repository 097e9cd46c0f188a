"""The README and the docs stand on their own in a clone: no pointer to a file outside the
repository (the domain is described in docs/domain.md)."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# A Markdown link or a `path` that climbs out of the repository's root.
OUTSIDE = re.compile(r"\]\(\.\./|`\.\./|\.\./shared\b")


def documents():
    return sorted([*ROOT.glob("*.md"), *ROOT.glob("docs/**/*.md")])


def test_no_document_points_outside_the_repository():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in documents()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not found, "\n".join(found)


def test_the_domain_is_described_in_the_repository():
    domain = (ROOT / "docs/domain.md").read_text(encoding="utf-8")
    for needed in ("## Roles", "leaders' network", "MIASTO CYFROWE", "## Data sources"):
        assert needed in domain, needed
