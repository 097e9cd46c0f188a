from .access import request_scope


class AccessScopeMiddleware:
    """A person's roles and access are worked out once per request (networks.access)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.get_response(request)
