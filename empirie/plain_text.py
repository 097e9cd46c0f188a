"""People's plain text (an opinion on a result, a post in a discussion) as the page shows it:
everything escaped, web addresses as links, blank lines as paragraphs, and lines that start
with "- ", "* " or "1. " as lists. One function for every kind of plain-text writing, so what
is safe in one place is safe in all."""

import re

from django.utils.html import urlize

BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def _inline(line: str) -> str:
    return urlize(line, nofollow=True, autoescape=True)


def _block(lines: list[str]) -> str:
    """A paragraph, or a list when every line of it is an item of one kind."""
    for pattern, tag in ((BULLET, "ul"), (NUMBERED, "ol")):
        items = [pattern.match(line) for line in lines]
        if all(items):
            return f"<{tag}>{''.join(f'<li>{_inline(m.group(1))}</li>' for m in items)}</{tag}>"
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def plain_text_html(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    blocks = [block.split("\n") for block in re.split(r"\n\s*\n", text)]
    return "".join(_block([line.rstrip() for line in block if line.strip()]) for block in blocks)
