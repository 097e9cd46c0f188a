"""The personal token as the schema names it (a Bearer scheme), for Swagger UI's "Authorize"."""

from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "A personal token from your profile page: `Authorization: Bearer emp_…`"
            ),
        }


class PortalSessionScheme(SessionScheme):
    """The portal's session, as DRF's (only its CSRF refusal is worded differently)."""

    target_class = "api.authentication.PortalSessionAuthentication"
