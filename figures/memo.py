"""A page's charts share their aggregates: while a statistics page draws (`page()`), a function
marked `shared` runs once for the same arguments, and its answer is forgotten with the page.
Not a cache: nothing outlives the request, and outside a page (a CSV, the open data, a test)
each call counts afresh."""

import functools
from contextlib import contextmanager
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("figures_memo", default=None)


@contextmanager
def page():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def shared(function):
    @functools.wraps(function)
    def once(*args, **arguments):
        memo = _memo.get()
        if memo is None:
            return function(*args, **arguments)
        key = (function, args, tuple(sorted(arguments.items())))
        if key not in memo:
            memo[key] = function(*args, **arguments)
        return memo[key]

    return once
