"""Rate limits, counted in the "default" cache (Redis): per token for token holders, per person
for the portal's own pages (session), and per address for everyone else. DRF answers 429 with
Retry-After. While Redis is away nothing is counted (empirie.redis_cache), as for log-ins."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class PortalRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read when asked (DRF's own reads them once, at import): settings may change them.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(PortalRateThrottle):
    """Requests with a personal token, per token."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


class PersonRateThrottle(PortalRateThrottle):
    """Requests in a logged-in session, per person."""

    scope = "person"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AddressRateThrottle(PortalRateThrottle):
    """Requests of visitors (no token, no session), per address."""

    scope = "address"

    def get_cache_key(self, request, view):
        if request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
