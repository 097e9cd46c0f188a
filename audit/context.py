"""Who is acting and from where, for the audit entries written while a request is served."""

from contextvars import ContextVar
from dataclasses import dataclass

from empirie.addresses import client_address


@dataclass(frozen=True)
class Actor:
    user: object = None
    ip: str | None = None


current: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


class AuditContextMiddleware:
    """After AuthenticationMiddleware: the person and their address, for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current.set(Actor(user=request.user, ip=client_address(request)))
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
