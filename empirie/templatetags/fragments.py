"""{% cached_fragment "name" %}…{% endcached_fragment %}: a piece of a page rendered once and
then read from the cache under a key that says everything it depends on. What that is, the
view declares in its `fragments` (empirie.fragments.Fragment). Rows of a list that many readers
are shown alike are kept by the view itself (empirie.fragments.kept_rows)."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from empirie.fragments import render_cached

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        request = context.get("request")
        if not settings.CACHED_FRAGMENTS or request is None or request.method != "GET":
            return self.nodelist.render(context)  # a form sent back with its errors: never kept

        def render(csrf_placeholder):
            with context.push(csrf_token=csrf_placeholder):
                return str(self.nodelist.render(context))

        # Rendered (and escaped) by the template engine.
        return mark_safe(render_cached(context, self.name, render))  # noqa: S308  # nosec B308 B703


@register.tag
def cached_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError(
            '{% cached_fragment "name" %}: the view declares what the fragment depends on.'
        )
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, name=bits[1][1:-1])
