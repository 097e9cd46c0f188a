"""The API's errors in the portal's words: a 404 names no model ("No Practice matches the
given query" told a program what the portal calls its tables), and a 429 says in one
language when to come back."""

import math

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait or 1)
        throttled = exceptions.Throttled(
            detail=_("Too many requests: try again in %(seconds)s s.") % {"seconds": wait}
        )
        throttled.wait = wait  # DRF's handler sends it as Retry-After
        exc = throttled
    return drf_exception_handler(exc, context)
