"""{% cached_fragment "name" "families" vary_on... %}...{% endcached_fragment %}: a piece of a
page rendered once and then read from the cache until something in its families changes.

Wrap only markup that is the same for everyone the vary_on values stand for: `user.pk` makes
a copy per person (visitors share one), a network's pk one per network for everyone the view
has already let in. Forms inside are fine: their CSRF token is put in per request."""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from empirie.cache import DAY, versions

register = template.Library()

# Every fragment shows networks' and cities' names, so it goes stale when they change.
ALWAYS = ("portal",)
CSRF_PLACEHOLDER = "csrf-token-of-this-request-e1d2"


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, families, vary_on):
        self.nodelist, self.name, self.families, self.vary_on = nodelist, name, families, vary_on

    def render(self, context):
        request = context.get("request")
        if not settings.CACHED_FRAGMENTS or request is None or request.method != "GET":
            return self.nodelist.render(context)  # a form sent back with its errors: never kept
        vary = [str(value.resolve(context)) for value in self.vary_on]
        fingerprint = "\x1f".join(
            [
                versions(*ALWAYS, *self.families),
                get_language() or "",
                request.get_full_path(),
                *vary,
            ]
        )
        key = f"fragment:{self.name}:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
        content = cache.get(key)
        if content is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                content = str(self.nodelist.render(context))
            cache.set(key, content, DAY)
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        return mark_safe(content)  # noqa: S308  # rendered (and escaped) by the template engine  # nosec B308 B703


@register.tag
def cached_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3 or any(bit[0] not in "\"'" for bit in bits[1:3]):
        raise template.TemplateSyntaxError(
            '{% cached_fragment "name" "family …" vary_on… %} needs a name and its families.'
        )
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        nodelist,
        name=bits[1][1:-1],
        families=tuple(bits[2][1:-1].split()),
        vary_on=[parser.compile_filter(bit) for bit in bits[3:]],
    )
