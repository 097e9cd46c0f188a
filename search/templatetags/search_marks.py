from django import template

from search.highlight import marked

register = template.Library()


@register.filter
def marked_for(text, asked):
    """The text with the words asked marked: `{{ practice.title|marked_for:asked }}`."""
    return marked(text, asked)


@register.filter
def fragment_for(text, asked):
    """About forty words of the text, from a little before the first word asked, marked."""
    return marked(text, asked, around=40)
