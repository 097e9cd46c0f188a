"""What people write, made safe to show, one way wherever it is shown: rich text (a meeting's
report, a result, a practice's presentation) keeps only the markup the editor makes; plain text
(a comment) is escaped, with its web addresses made links."""

import nh3
from django.template.defaultfilters import linebreaksbr
from django.utils.html import urlize

RICH_TEXT_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}


def rich_text(html: str) -> str:
    """Only the markup a long text needs; links open safely; scripts and styles never get
    through."""
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(text: str) -> str:
    """Plain text as HTML: everything escaped, web addresses as links, line breaks kept."""
    return linebreaksbr(urlize(text, nofollow=True, autoescape=True), autoescape=False)
