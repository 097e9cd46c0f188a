"""Security headers every response carries: a Content-Security-Policy with a fresh nonce per
request (no inline script or style runs without it), a Permissions-Policy that turns off
what the portal never uses, and no caching of what logged-in people are shown."""

import secrets

from django.conf import settings
from django.middleware import locale
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation.trans_real import parse_accept_lang_header

from .cache import request_scope


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Made only if a template asks for it ({{ request.csp_nonce }}), and then named in the policy.
        request.csp_nonce = SimpleLazyObject(lambda: secrets.token_urlsafe(18))
        response = self.get_response(request)
        nonce = request.csp_nonce._wrapped  # still `empty` when no template asked
        source = f" 'nonce-{nonce}'" if isinstance(nonce, str) else ""
        response.headers.setdefault(
            "Content-Security-Policy", settings.CONTENT_SECURITY_POLICY.format(nonce=source)
        )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # What a logged-in person is shown may be a closed network's, and theirs only
            # until their access changes: no browser or proxy keeps a copy.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def accepted_language(request) -> str:
    """The first language of the request's Accept-Language that the portal speaks, else
    Polish. (Not the language cookie: a program's answer depends on its request alone.)"""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class LocaleMiddleware(locale.LocaleMiddleware):
    """The pages' language is their address's: Polish at the root (Django's middleware makes
    every address without a prefix Polish), English under /en/. The API's addresses have no
    language, so it answers in the one its request's Accept-Language asks for."""

    def process_request(self, request):
        if not is_api(request.path_info):
            return super().process_request(request)
        translation.activate(accepted_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None


class RequestScopeMiddleware:
    """What is worked out once per request (cache versions, the person's access) is kept for
    the request alone (empirie.cache.remembered)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """A button's address opened as a page (a bookmark, a link copied from the address bar)
    answers 405 with what happened and where to go, in the page's language and layout,
    rather than Django's empty answer: the page the button is on, when the address one step
    up is a page (a thread's `…/przypnij/` is the thread's), else the home page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        above = request.path.rstrip("/").rsplit("/", 1)[0] + "/"
        try:
            resolve(above)
        except Resolver404:
            above = None
        context = {"button_page": above, "page_address": above}
        page = render(request, "405.html", context, status=405)
        page["Allow"] = response["Allow"]
        return page
