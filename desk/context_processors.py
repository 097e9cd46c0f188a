from django.utils.functional import SimpleLazyObject

from networks.access import access_of

from . import selectors


def desk_numbers(request):
    """The navigation's numbers (to do; for your opinion), computed only when a template
    shows them; the desk page gives its own."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def number(name, compute):
        numbers = getattr(request, "desk_numbers", {})
        return numbers[name] if name in numbers else compute(user)

    return {
        "reviews_anything": SimpleLazyObject(lambda: selectors.reviews_for(user)),
        "to_do_count": SimpleLazyObject(lambda: number("to_do", selectors.to_do_count)),
        "opinions_count": SimpleLazyObject(
            lambda: number("opinions", selectors.opinions_awaited_count)
        ),
        "observes_anything": SimpleLazyObject(lambda: bool(access_of(user).observed)),
    }
