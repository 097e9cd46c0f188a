"""Rate limits, counted in the "default" cache (Redis): per token for token holders, per person
for the portal's own pages (session), and per address for everyone else. DRF answers 429 with
Retry-After. While Redis is away nothing is counted (empirie.redis_cache), as for log-ins."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from empirie.addresses import client_address

from .models import ApiToken


class PortalRateThrottle(SimpleRateThrottle):
    """A counter per window of the rate's duration, incremented by the cache atomically (INCR
    in Redis). DRF's own throttle reads a list of past requests and writes it back, so
    requests sent in parallel overwrite each other's and all pass (the trial sent 750 in 45 s
    with a limit of 600 a minute); a counter lets no more than the rate through a window,
    however many arrive at once."""

    def get_rate(self):
        # Read when asked (DRF's own reads them once, at import): settings may change them.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        key = f"{self.key}:{window}"
        self.cache.add(key, 0, timeout=self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # gone between the two calls (or the cache is away): count anew
            self.cache.add(key, 1, timeout=self.duration + 1)
            count = 1
        self.wait_seconds = max(1, round((window + 1) * self.duration - now))
        return count <= self.num_requests

    def wait(self):
        return self.wait_seconds

    def get_ident(self, request):
        # DRF's own takes X-Forwarded-For whole unless NUM_PROXIES is set: a visitor
        # sending a new one each time would be a new visitor each time.
        return client_address(request) or "unknown"


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
