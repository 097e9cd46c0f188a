"""{% url %}, Django's own, with its answers kept in the process: a page names a dozen fixed
URLs (the menu, the footer, its links) and Django works each one out anew, about a tenth of
a page's rendering. An answer depends only on what the key holds: the URL's name and
arguments, the language (i18n_patterns), the script prefix and the URL configuration."""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()
_answers: dict = {}
MOST = 20_000  # a bound, in case arguments come from the data (slugs, ids)


def remembered_reverse(view_name, args=(), kwargs=None, current_app=None) -> str:
    """reverse(), its answer kept in the process (for rows drawn in Python, too)."""
    kwargs = kwargs or {}
    key = (view_name, tuple(args), tuple(sorted(kwargs.items())), current_app,
           get_language(), get_script_prefix(), get_urlconf())  # fmt: skip
    url = _answers.get(key)
    if url is None:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_answers) >= MOST:
            _answers.clear()
        _answers[key] = url
    return url


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        if not all(type(value) in (str, int) for value in [*args, *kwargs.values()]):
            return super().render(context)  # an object's str() may change: not kept
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        view_name = self.view_name.resolve(context)
        try:
            url = remembered_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = RememberedURLNode
    return node
