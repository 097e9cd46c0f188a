"""Coordinators, staff and administrators set up their second factor before anything else."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from empirie.middleware import is_api

from . import rules

# What they may still reach: setting the factor up, logging out, the public files.
ALLOWED_PREFIXES = ("/static/", "/healthz")
ALLOWED_URL_NAMES = ("mfa_activate_totp", "mfa_index", "account_logout", "account_reauthenticate")


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and rules.second_factor_missing(user)
            and not request.path.startswith(ALLOWED_PREFIXES)
            and "/i18n/" not in request.path
            and not self.allowed(request)
        ):
            if is_api(request.path_info):
                # A program (or the portal's pages asking with the session) gets an answer it
                # can read, not a redirect to a form.
                return JsonResponse({"detail": str(rules.SECOND_FACTOR_MISSING)}, status=403)
            messages.warning(
                request,
                _(
                    "Your role requires two-step log-in. Set up an authenticator app to "
                    "continue; it takes a minute."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def allowed(request):
        paths = {reverse(name) for name in ALLOWED_URL_NAMES}
        # Stopping e-mails from a link in one needs no log-in, so no second factor either.
        unsubscribe = reverse("accounts:unsubscribe", args=["-"]).removesuffix("-/")
        # /en/... as well as /...: the language prefix is the only difference.
        return request.path.startswith(unsubscribe) or any(
            request.path.endswith(path) for path in paths
        )
