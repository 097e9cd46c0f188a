"""Marking text written in another language than the page's, as WCAG 3.1.2 asks.

What people write on the portal (network descriptions, practices, results, reports, comments)
is written in Polish; on /en/ pages a screen reader must read it with Polish pronunciation.

    {{ network.theme_shown|lang_span }}    inline: <span lang="pl">…</span> on English pages
    <div class="prose"{% content_lang %}>    an element: lang="pl" on English pages

On Polish pages both leave the text as it is. A value that knows its language
(empirie.i18n.Localized, e.g. a category's English name) is marked only when it differs."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from empirie.i18n import Quarter, page_language

register = template.Library()


@register.filter(needs_autoescape=True)
def lang_span(value, autoescape=True):
    if value is None or value == "":
        return ""
    text = value if isinstance(value, str) else value.__str__()
    lang = getattr(text, "lang", "pl")
    escaped = conditional_escape(text) if autoescape else text
    if lang == page_language():
        return escaped
    return format_html('<span lang="{}">{}</span>', lang, escaped)


@register.simple_tag
def content_lang():
    """` lang="pl"` for an element holding what people wrote, on pages in another language:
    <div class="prose"{% content_lang %}>{{ practice.summary|linebreaks }}</div>."""
    return "" if page_language() == "pl" else mark_safe(' lang="pl"')  # nosec B308  # a constant


@register.filter
def quarter(moment):
    """{{ meeting.starts_at|quarter }}: "I kw. 2027" on Polish pages, "Q1 2027" on English."""
    return str(Quarter.of(moment)) if moment else ""


@register.filter(is_safe=True)
def quantity(value):
    """A count or a population, grouped by thousands in the page's language: "30 000" (with a
    no-break space) in Polish, "30,000" in English. Not for ids, years or page numbers,
    which is why grouping is not on for every number (USE_THOUSAND_SEPARATOR)."""
    if value is None or value == "":
        return ""
    try:
        return number_format(value, force_grouping=True)
    except (TypeError, ValueError):
        return value


@register.filter
def waiting_for(since):
    """How long something has waited since a moment or a day: "a moment" under a minute,
    where timesince would say "0 minutes", else timesince's "2 days, 3 hours"."""
    if not since:
        return ""
    if isinstance(since, dt.datetime) and timezone.now() - since < dt.timedelta(minutes=1):
        return _("a moment")
    return timesince(since)
