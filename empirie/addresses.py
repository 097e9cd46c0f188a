"""The client's address, for the rate limits, the audit log and the sessions list: one answer
for all of them.

Behind TRUSTED_PROXY_COUNT proxies of our own, each appends the address it was reached from to
X-Forwarded-For, so the N-th entry from the right was written by the outermost of them and
names the client; everything to its left came from the client and may be forged. Without
proxies (the default) the header is not read at all. A header that cannot be what our proxies
wrote (too short, not an address where the client's should be) falls back to the address
the connection came from, never to a value the client may have chosen. allauth's own reading
(ALLAUTH_TRUSTED_PROXY_COUNT, set to the same number) picks the same entry, but answers a
short header with an error; its adapter uses this one (accounts.adapters)."""

import ipaddress
import re

from django.conf import settings

# Longer than any address with a port and brackets: not one, and not worth parsing.
LONGEST_ADDRESS = 64
# "[IPv6]:port", "[IPv6]" or "IPv4:port": the address without the rest.
WITH_PORT = re.compile(r"\[(?P<host>[^\]]+)\](?::\d{1,5})?|(?P<host4>[\d.]+):\d{1,5}", re.ASCII)


def client_address(request) -> str | None:
    """The client's IP address as a string (IPv6 compressed; an IPv4 address mapped into IPv6
    as IPv4), or None when even the connection's is unknown."""
    connection = address_from(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        return connection
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(hops) < proxies:  # not through all our proxies: whoever wrote it is unknown
        return connection
    return address_from(hops[-proxies]) or connection


def address_from(value: str) -> str | None:
    """An address as a proxy writes it ("203.0.113.9", "2001:db8::1", "203.0.113.9:5123",
    "[2001:db8::1]:443"), normalised; None for anything else."""
    value = value.strip()
    if not value or len(value) > LONGEST_ADDRESS:
        return None
    with_port = WITH_PORT.fullmatch(value)
    if with_port:
        value = with_port["host"] or with_port["host4"]
    if ":" in value:  # an IPv6 zone: local to the proxy, and no inet value
        value = value.partition("%")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)
