"""Personal tokens: `Authorization: Bearer emp_…`, checked against the database on every
request, so a revoked token (or an erased or deactivated account) stops at the next one."""

import hmac

from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING, REASON_NO_CSRF_COOKIE
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.rules import SECOND_FACTOR_MISSING, second_factor_missing

from .models import TOKEN_START, ApiToken, token_hash
from .services import api_token_used


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header:
            return None  # no token: a visitor, or the person of the portal's session
        # Any other scheme or garbage is a mistake of the program: said, not read as a visitor
        # (which would answer the public data as if all were well).
        if header[0].lower() != self.keyword.lower().encode():
            raise exceptions.AuthenticationFailed(
                _(
                    "The Authorization header must be the word Bearer and a personal token; "
                    "send no header to ask as a visitor."
                )
            )
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after the word Bearer, with one space and nothing else.")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        return self.authenticate_secret(secret)

    def authenticate_secret(self, secret: str):
        prefix = secret.removeprefix(TOKEN_START).split("_", 1)[0]
        token = None
        if secret.startswith(TOKEN_START) and len(prefix) == 8:
            token = (
                ApiToken.objects.live()
                .select_related("person__profile")
                .filter(prefix=prefix)
                .first()
            )
        if token is None or not hmac.compare_digest(token.key_hash, token_hash(secret)):
            raise exceptions.AuthenticationFailed(_("The token is not valid or was revoked."))
        if not token.person.is_active:
            raise exceptions.AuthenticationFailed(_("The account of this token is inactive."))
        if second_factor_missing(token.person):
            raise exceptions.AuthenticationFailed(SECOND_FACTOR_MISSING)
        api_token_used(token=token)
        return token.person, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class PortalSessionAuthentication(authentication.SessionAuthentication):
    """The portal's session, as DRF's, with a failed CSRF check said in the portal's words
    (DRF says Django's reason, in English, whatever the reader's language)."""

    def enforce_csrf(self, request):
        check = authentication.CSRFCheck(lambda request: None)
        check.process_request(request)  # reads the CSRF cookie for process_view
        reason = check.process_view(request, None, (), {})
        if not reason:
            return
        if reason in (REASON_NO_CSRF_COOKIE, REASON_CSRF_TOKEN_MISSING):
            raise exceptions.PermissionDenied(
                _(
                    "CSRF token missing: a request with the portal's session sends the csrftoken "
                    "cookie's value in the X-CSRFToken header; a program uses a personal token "
                    "(Authorization: Bearer) instead."
                )
            )
        raise exceptions.PermissionDenied(
            _(
                "The CSRF check failed: the token or the page's origin does not match. Reload "
                "the portal's page and try again, or use a personal token."
            )
        )
