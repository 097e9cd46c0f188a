"""URL converters that take only what a real argument can hold: a NUL byte or another control
character in the address is a 404 at the resolver, never a value handed to a view or a query
(PostgreSQL refuses NUL in text, which would be a 500)."""

from django.urls import register_converter
from django.urls.converters import StringConverter


class TokenConverter(StringConverter):
    """Letters, digits, "-" and "_": the alphabet of secrets.token_urlsafe, and of the short
    words some addresses name (a photo's size, an export's format)."""

    regex = "[A-Za-z0-9_-]+"


class SignedConverter(StringConverter):
    """A value of django.core.signing: URL-safe base64 parts joined by ":" (a "." leads a
    compressed one)."""

    regex = "[A-Za-z0-9_:.-]+"


register_converter(TokenConverter, "token")
register_converter(SignedConverter, "signed")


def whole_number(text: str) -> int | None:
    """A number given in a query or a form (a post's id, a page), or None if the text is not
    one. ASCII digits only: str.isdigit also says yes to "²", which int() refuses; at most 18
    of them, so the number fits PostgreSQL's bigint."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
