from django.utils.functional import SimpleLazyObject

from . import selectors


def person(request):
    """What the layout's header shows a logged-in person; computed only if a template asks.
    A request refused before AuthenticationMiddleware ran (a host not in ALLOWED_HOSTS gets
    the 400 page) has no user and is shown as a visitor's."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user)),
    }
