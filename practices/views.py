import dataclasses

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cities.choices import Voivodeship
from cities.models import City
from cities.signals import PLANS
from desk.returns import ReturnsToDeskMixin
from empirie import uploads
from empirie.attachments import AttachmentDeleteMixin, AttachmentMixin, AttachmentsPageMixin
from empirie.cache import normalised_query
from empirie.forms import AddRowViewMixin, without_nul
from empirie.fragments import Fragment
from empirie.pagination import (
    CappedCountPaginator,
    ForgivingPaginationMixin,
    LazyPaginationMixin,
)
from search.query import index_preferred, suggestion

from . import exchange, rules, selectors, services
from . import map as practice_map
from .choices import PracticeStatus
from .filters import PracticeFilter
from .forms import PracticeForm, ReviewForm, TransferForm

# What the list, the map and the exports read of the query string.
FILTER_PARAMS = tuple(PracticeFilter.base_filters)
FILTER_VALUE_SENT_BACK = 1000  # characters; the search takes 200
# The list and the map show the published practices the reader may see, through the filters.
FILTERED_PRACTICES = Fragment(
    families=("practices",),
    params=(*FILTER_PARAMS, "page"),
    # Published practices alone: shared by everyone who sees the same ones.
    audience=lambda request: selectors.published_audience(request.user),
)
# The map draws the same 2,450 cities for everyone who sees the same practices: drawn once
# when missing, however many ask at that moment.
PRACTICE_MAP = dataclasses.replace(FILTERED_PRACTICES, drawn_once=True)
# The filters themselves show categories, networks and cities, whatever the practices: no
# practice's change makes them stale, and every page of a list shares them.
FILTERS = Fragment(
    families=(selectors.PRACTICE_TERMS,),
    params=FILTER_PARAMS,
    audience=lambda request: "everyone",  # every network and category, whoever asks
)


def published_filtered(request):
    """The published practices the person may see, through the list's filters and search;
    the list, the map and the exports all read them this one way."""
    practices = selectors.published_for(request.user)
    filterset = PracticeFilter(
        without_nul(request.GET) or None, queryset=practices, user=request.user
    )
    if not filterset.is_bound:
        return filterset, practices.order_by("-published_at")
    if not filterset.form.is_valid():
        # An invalid filter is said at its field; showing every practice instead would pass
        # for an answer to it.
        return filterset, practices.none()
    searched = filterset.form.is_valid() and filterset.form.cleaned_data.get("q", "").strip()
    return filterset, (filterset.qs if searched else filterset.qs.order_by("-published_at"))


class FilteredMixin:
    def get_context_data(self, **kwargs):
        # The filters the page reads and nothing else: what its cached copies are keyed on.
        query = normalised_query(self.request, FILTER_PARAMS)
        filterset = self.filterset

        def chosen_city():
            chosen = filterset.is_bound and filterset.form.is_valid()
            city_slug = filterset.form.cleaned_data.get("city") if chosen else None
            return City.objects.filter(slug=city_slug).first() if city_slug else None

        return super().get_context_data(
            filter=filterset,
            query=query,
            # Lazy: read only when a cached copy of the filters is stale.
            chosen_city=SimpleLazyObject(chosen_city),
            without_city=normalised_query(
                self.request, [name for name in FILTER_PARAMS if name != "city"]
            ),
            **kwargs,
        )


class PracticeListView(FilteredMixin, LazyPaginationMixin, ListView):
    """The good-practice database: filters and search, ranked, counted and paginated."""

    template_name = "practices/practice_list.html"
    context_object_name = "practices"
    paginate_by = 20
    fragments = {"filters": FILTERS, "list": FILTERED_PRACTICES}

    def get(self, request, *args, **kwargs):
        if not request.GET.get("q"):
            return super().get(request, *args, **kwargs)
        # A common word's thousands of matches ranked from the search index (the list is
        # read while the page renders, so the page renders inside).
        with index_preferred():
            return super().get(request, *args, **kwargs).render()

    def get_queryset(self):
        self.filterset, practices = published_filtered(self.request)
        return selectors.as_list_rows(practices)

    def get_paginator(self, queryset, per_page, **kwargs):
        if self.filterset.asked:  # a search: counted up to a thousand
            return CappedCountPaginator(queryset, per_page, **kwargs)
        return super().get_paginator(queryset, per_page, **kwargs)

    def get_context_data(self, **kwargs):
        asked = self.filterset.asked
        published = selectors.published_for(self.request.user)
        return super().get_context_data(
            asked=asked,
            # Lazy: read only when the list's cached copy is stale.
            suggestion=SimpleLazyObject(
                lambda: suggestion(self.request, asked, published, kept=FILTER_PARAMS)
            ),
            searched_for=asked.text if asked else "",
            **kwargs,
        )


class PracticeMapView(FilteredMixin, TemplateView):
    """Mapa Praktyk: the filtered practices by city, drawn on Poland and listed in a table."""

    template_name = "practices/practice_map.html"
    cities_per_page = 50
    fragments = {"filters": FILTERS, "map": PRACTICE_MAP}

    def get_context_data(self, **kwargs):
        self.filterset, practices = published_filtered(self.request)
        # Lazy: the template reads the figures only when its cached copy is stale.
        figures = SimpleLazyObject(lambda: self.figures(practices))
        return super().get_context_data(
            figures=figures,
            outline=practice_map.poland_path(),
            voivodeship_borders=practice_map.voivodeship_borders_path(),
            width=practice_map.WIDTH,
            height=practice_map.HEIGHT,
            **kwargs,
        )

    def figures(self, practices):
        counts = selectors.practices_by_city_for(practices, self.request, FILTER_PARAMS)
        places = practice_map.city_places()
        # The most practices first, then by name: sorted on plain numbers (a key function
        # called for each of 2,450 cities took a tenth of the map's first drawing).
        ranked = sorted(
            (-n, places[city_id].order, city_id) for city_id, n in counts if city_id in places
        )
        rows = [(places[city_id], -minus_n) for minus_n, _order, city_id in ranked]
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("city", None)
        base = f"{reverse('practices:list')}?{query.urlencode()}{'&' if query else ''}city="
        points = practice_map.city_points(rows)
        table = Paginator(rows, self.cities_per_page).get_page(self.request.GET.get("page"))
        table.object_list = [
            {"slug": place.slug, "name": place.name, "practices": n,
             "voivodeship": Voivodeship(place.voivodeship).label}
            for place, n in table.object_list
        ]  # fmt: skip
        return {
            "cities": table,
            "city_link": base,
            "points": points,
            "points_svg": practice_map.points_svg(points, base),
            "total": sum(n for _place, n in rows),
        }


class PracticeExportView(View):
    """The filtered list as a CSV or XLSX file, in the import's columns."""

    def get(self, request, kind):
        filterset, practices = published_filtered(request)
        if filterset.is_bound and not filterset.form.is_valid():
            # The list says what is wrong with the filters; the file would be the wrong one.
            # Only the filters, each cut well past what a field takes (the list still says it
            # is too long): an address of any length would be no redirect at all.
            asked = [
                (name, value[:FILTER_VALUE_SENT_BACK])
                for name in FILTER_PARAMS
                for value in request.GET.getlist(name)[:3]
            ]
            return redirect(f"{reverse('practices:list')}?{urlencode(asked)}")
        stamp = timezone.localdate().isoformat()
        return exchange.export_response(practices, kind=kind, filename=f"praktyki-{stamp}")


class PracticeMixin:
    """The practice in the URL, if the person may see it; 404 otherwise."""

    @cached_property
    def practice(self):
        return get_object_or_404(
            selectors.practices_for(self.request.user).select_related("author"),
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            practice=self.practice,
            can_edit=rules.can_edit(user, self.practice),
            can_review=self.practice.status == PracticeStatus.SUBMITTED
            and rules.can_review(user, self.practice),
            can_record_transfer=rules.can_record_transfer(user, self.practice),
            **kwargs,
        )


class PracticeDetailView(PracticeMixin, TemplateView):
    """Summary and record card (Skrót i Metryka)."""

    template_name = "practices/practice_detail.html"
    fragments = {
        # The card is this practice's alone; the practices of similar cities are anyone's.
        "card": Fragment(
            families=(
                lambda view: selectors.practice_family(view.practice.pk),
                selectors.PRACTICE_TERMS,
                PLANS,
            )
        ),
        "related": Fragment(families=(selectors.PRACTICE_LINKS,)),
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contacts"] = self.practice.contacts.all()
        context["tags"] = self.practice.tags.all()
        context["plans"] = self.practice.plans.all()  # its own city's, public as on its page
        context["networks"] = self.practice.networks.all()
        context["transfers"] = self.practice.transfers.select_related("city")
        context["may_ask"] = self._may_ask()
        # Lazy: read only when the cached copy is stale.
        context["related"] = SimpleLazyObject(
            lambda: list(selectors.related_practices(self.practice, self.request.user))
        )
        return context

    def _may_ask(self) -> bool:
        """Whether to offer "Ask this city": to the author of a published practice."""
        from partners import rules as partner_rules  # partners build on practices

        practice, user = self.practice, self.request.user
        if practice.status != PracticeStatus.PUBLISHED or practice.author is None:
            return False
        if not user.is_authenticated:
            return False
        contact = partner_rules.practice_contact(practice)
        return partner_rules.may_ask(user, contact, practice=practice)


class PracticePresentationView(PracticeMixin, TemplateView):
    """The full presentation (Pełna prezentacja)."""

    template_name = "practices/practice_presentation.html"


class PracticeAttachmentsMixin(PracticeMixin):
    """The practice's attachments: its editors add and remove them; whoever sees the practice
    downloads them."""

    @property
    def owner(self):
        return self.practice

    def may_edit(self):
        return rules.can_edit(self.request.user, self.practice)

    def attachments_url(self):
        return reverse("practices:attachments", args=[self.practice.slug])


class PracticeAttachmentsView(PracticeAttachmentsMixin, AttachmentsPageMixin, TemplateView):
    """The attachments (Załączniki); the practice's editors add documents here."""

    template_name = "practices/practice_attachments.html"

    def attachment_add(self, *, upload, title):
        services.attachment_add(
            practice_id=self.practice.pk, by=self.request.user, upload=upload, title=title
        )


class AttachmentFileView(PracticeAttachmentsMixin, AttachmentMixin, View):
    """The document, to those who see the practice; never from a public media URL."""

    def get(self, request, slug, pk):
        practice = self.practice
        return uploads.served(
            self.attachment.file,
            filename=self.attachment.download_name,
            inside_only=practice.restricted_to_networks
            or practice.status != PracticeStatus.PUBLISHED,
        )


class AttachmentDeleteView(PracticeAttachmentsMixin, AttachmentDeleteMixin, TemplateView):
    def attachment_delete(self):
        services.attachment_delete(attachment_id=self.attachment.pk, by=self.request.user)


class PracticeFormView(LoginRequiredMixin, AddRowViewMixin, FormView):
    template_name = "practices/practice_form.html"
    form_class = PracticeForm

    @cached_property
    def practice(self):
        if "slug" not in self.kwargs:
            return None
        practice = get_object_or_404(
            selectors.practices_for(self.request.user), slug=self.kwargs["slug"]
        )
        user = self.request.user
        # The author's form sent after the practice was submitted comes back with its text
        # (form_valid); anyone else's is refused as the page is.
        sent_by_author = self.request.method == "POST" and practice.author_id == user.pk
        if not rules.can_edit(user, practice) and not sent_by_author:
            raise Http404
        return practice

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and "slug" not in kwargs
            and not rules.can_submit_practices(request.user)
        ):
            messages.error(
                request, _("Practices are added by city staff; your profile names no city.")
            )
            return redirect("accounts:profile")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.practice, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(practice=self.practice, **kwargs)

    def form_valid(self, form):
        try:
            practice = services.practice_save(
                by=self.request.user,
                practice_id=self.practice.pk if self.practice else None,
                **form.save_arguments(),
            )
        except PermissionDenied:
            # Submitted or reviewed since the page was loaded: the text stays on the page.
            form.add_error(
                None,
                _("This practice can no longer be edited: it was submitted or reviewed after "
                  "you opened this page. Your text is below; copy what you need."),
            )  # fmt: skip
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Saved as a draft. Submit it for review when it is ready.")
        )
        return redirect("practices:detail", practice.slug)


class PracticeSubmitView(LoginRequiredMixin, PracticeMixin, View):
    def post(self, request, slug):
        try:
            services.practice_submit(practice_id=self.practice.pk, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Submitted; a coordinator will review it."))
        return redirect("practices:detail", slug)


class ReviewQueueView(LoginRequiredMixin, UserPassesTestMixin, ForgivingPaginationMixin, ListView):
    template_name = "practices/review_queue.html"
    context_object_name = "practices"
    paginate_by = 30

    def test_func(self):
        return rules.can_review_practices(self.request.user)

    def get_queryset(self):
        user = self.request.user
        return (
            selectors.practices_for(user)
            .filter(rules.reviewable_q(user))
            .exclude(author=user)
            .select_related("author")
            .order_by("submitted_at")
        )


class ReviewView(
    LoginRequiredMixin, UserPassesTestMixin, PracticeMixin, ReturnsToDeskMixin, FormView
):
    template_name = "practices/review_form.html"
    form_class = ReviewForm

    def test_func(self):
        return rules.can_review_practices(self.request.user)

    def get_form_kwargs(self):
        if not rules.can_review(self.request.user, self.practice):
            raise Http404  # not theirs to review: as if it were not there
        return super().get_form_kwargs()

    def form_valid(self, form):
        try:
            services.practice_review(
                practice_id=self.practice.pk, by=self.request.user, publish=form.said_yes,
                comment=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Review saved; the author has been notified."))
        return self.back()

    def fallback_url(self):
        return resolve_url("practices:review_queue")


class TransferView(LoginRequiredMixin, PracticeMixin, FormView):
    template_name = "practices/transfer_form.html"
    form_class = TransferForm

    def get_form_kwargs(self):
        if not rules.can_record_transfer(self.request.user, self.practice):
            raise PermissionDenied
        return super().get_form_kwargs()

    def form_valid(self, form):
        try:
            services.transfer_record(
                practice_id=self.practice.pk, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Recorded: the practice has travelled to your city."))
        return redirect("practices:detail", self.practice.slug)
