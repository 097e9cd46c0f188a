from django import template

from api import selectors

register = template.Library()


@register.simple_tag
def api_tokens_of(user):
    """The person's live API tokens, for their profile page."""
    return list(selectors.tokens_of(user))
