from django import forms
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from discussions.models import Post, Thread
from empirie.forms import without_nul
from empirie.pagination import CappedCountPaginator
from meetings.models import Meeting, MeetingReport
from practices.selectors import published_for
from results.models import Result

from .query import suggestion, understood
from .selectors import GROUP_KEYS, GROUPS, found_in

FIRST_HITS = 5
PAGE = 20


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the portal"), max_length=200, required=False)


class SearchView(TemplateView):
    """One search over every kind, grouped: each group its count, its first hits and a link
    to all of them; with ?rodzaj= one kind alone, paginated."""

    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        data = without_nul(self.request.GET)
        form = SearchForm(data or None)
        text = form.cleaned_data["q"].strip() if form.is_valid() else ""
        # An unknown kind is no error: every kind is searched.
        only = GROUP_KEYS.get(self.request.GET.get("rodzaj", ""))
        asked = understood(text) if text else None
        groups = []
        if asked:
            for group in [only] if only else GROUPS:
                asked_here, rows = found_in(group, self.request.user, asked)
                paginator = CappedCountPaginator(rows, PAGE)
                if only:
                    page = paginator.get_page(self.request.GET.get("page"))
                    hits = list(page.object_list)
                else:
                    page, hits = None, list(rows[:FIRST_HITS])
                if not only and len(hits) < FIRST_HITS:  # the hits say how many
                    count, more = len(hits), False
                else:
                    count, more = paginator.count, paginator.capped
                own_query = urlencode({"q": text, "rodzaj": group.key})
                groups.append({
                    "group": group, "asked": asked_here, "hits": hits, "count": count,
                    "more": more, "page": page, "page_query": own_query,
                    "all_url": group.list_url(text) if group.list_url else f"?{own_query}",
                })  # fmt: skip
        return super().get_context_data(
            form=form, text=text, asked=asked, groups=groups, only=only,
            typed=text or data.get("q", ""),
            login_url=f"{reverse('account_login')}?{urlencode({'next': self.request.get_full_path()})}",
            found=sum(group["count"] for group in groups), search_text=text,
            more=any(group["more"] for group in groups),
            every_kind_query=urlencode({"q": text}),
            suggestion=did_you_mean(self.request, asked) if asked else None,
            **kwargs,
        )  # fmt: skip


def did_you_mean(request, asked):
    """A corrected text, offered only with words that texts the person may see hold."""
    user = request.user
    return suggestion(
        request, asked,
        published_for(user),
        Result.objects.visible_to(user), Meeting.objects.visible_to(user),
        MeetingReport.objects.visible_to(user), Thread.objects.visible_to(user),
        Post.objects.visible_to(user), kept=("q", "rodzaj"),
    )  # fmt: skip
