"""What people write, made safe to show, one way wherever it is shown: rich text (a meeting's
report, a result, a practice's presentation) keeps only the markup the editor makes; plain text
(a comment, a post) is escaped, with its web addresses made links and its paragraphs and
lists kept."""

import re

import nh3
from django.utils.html import urlize

RICH_TEXT_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
# A link in nh3's output: its attributes always double-quoted, with no quote or ">" inside a
# value (escaped), and never a link within a link, so the pattern cannot be led astray.
CLEANED_LINK = re.compile(r'<a((?:\s[\w-]+="[^"]*")*)>(.*?)</a>', re.S)
CLEANED_ATTRIBUTE = re.compile(r'\s([\w-]+)="[^"]*"')


def _unlinked(match: re.Match) -> str:
    attributes = CLEANED_ATTRIBUTE.findall(match.group(1))
    return match.group(0) if "href" in attributes else match.group(2)


def rich_text(html: str) -> str:
    """Only the markup a long text needs; links open safely; scripts and styles never get
    through. A link whose address is not kept (javascript:, data:, none at all) becomes its
    text: an <a> without an address would be read out as a link that leads nowhere."""
    cleaned = nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return CLEANED_LINK.sub(_unlinked, cleaned)


# Plain text: lines that start so are list items.
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


def plain_text(text: str) -> str:
    """People's plain text (an opinion on a result, a post in a discussion) as HTML:
    everything escaped, web addresses as links, blank lines as paragraphs, and lines that
    start with "- ", "* " or "1. " as lists."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    blocks = [block.split("\n") for block in re.split(r"\n\s*\n", text)]
    return "".join(_block([line.rstrip() for line in block if line.strip()]) for block in blocks)


# Characters that show nothing yet change what is shown: zero-width spaces and joiners' kin,
# and the controls of writing direction (a right-to-left override turns a title around and
# carries the text after it along). Removed from what people type as titles and posts.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def visible(text: str) -> str:
    """The text without invisible characters and the spaces around it: empty if nothing in
    it would show."""
    return INVISIBLE.sub("", text).strip()
