import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts.choices import FunctionStatus
from accounts.rules import profile_of
from cities import selectors as city_selectors
from cities.signals import PLANS
from desk.returns import ReturnsToDeskMixin
from discussions import selectors as discussion_selectors
from empirie.fragments import Fragment
from empirie.pagination import ForgivingPaginationMixin
from meetings import plan as meeting_plan
from meetings import selectors as meeting_selectors
from meetings.models import Meeting, MeetingReport
from results import selectors as result_selectors
from results.models import Result

from . import editions, rules, selectors, services
from .access import access_of
from .choices import ParticipationStatus
from .forms import ApplicationForm, DecisionForm, EditionOpenForm
from .models import Continuation, Edition, Network, Participation

# Lists that grow with the network are paged, so its pages cost the same at any size.
MEMBER_CITIES_PER_PAGE = 60
MEMBER_PLANS_PER_PAGE = 40
RECENT_MEETINGS = dt.timedelta(days=366)
PEOPLE_PER_PAGE = 50
MOST_EDITIONS = 32767  # Edition.number, a smallint
COMING_LISTED = 50  # the coming meetings named on the page closing their edition


class NetworkDetailView(DetailView):
    """A network's public page: what it is about, who runs it, which cities take part."""

    template_name = "networks/network_detail.html"
    context_object_name = "network"
    # A meeting that ends is no longer coming.
    fragments = {
        "page": Fragment(
            families=(
                "meetings",
                "results",
                PLANS,
                lambda view: selectors.network_people_family(view.object.pk),
            ),
            params=("miasta", "plany"),
            changes_at=lambda view: meeting_selectors.next_change(view.schedule()),
        )
    }

    def get_object(self, queryset=None):
        network = selectors.network_public_page_cached(self.kwargs["slug"])
        if network is None:
            raise Http404
        return network

    def schedule(self):
        """The coming meetings the page names: the ones the person sees, and the dates that
        a thematic network announces to everyone."""
        user, network = self.request.user, self.object
        return (Meeting.objects.visible_to(user).published() | Meeting.objects.announced()).filter(
            network=network, cancelled_at__isnull=True, ends_at__gte=timezone.now()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Lazy: the template reads them only when its cached copy is stale.
        context["member_cities"] = SimpleLazyObject(
            lambda: Paginator(
                selectors.member_cities(self.object), MEMBER_CITIES_PER_PAGE
            ).get_page(self.request.GET.get("miasta"))
        )
        # The plans the member cities bring: the cities the page lists (the same rule, so
        # nobody learns of a city from its plans that the page would not name).
        context["member_plans"] = SimpleLazyObject(lambda: self.member_plans())
        context["can_see_inside"] = rules.can_see_inside(user, self.object)
        context["editions"] = SimpleLazyObject(lambda: selectors.network_editions(self.object))
        context["results"] = (
            result_selectors.results_for(user)
            .filter(network=self.object)
            .order_by("-updated_at")[:10]
        )
        context["application"] = rules.can_apply(user, self.object)
        context["reports"] = (
            MeetingReport.objects.visible_to(user)
            .filter(meeting__network=self.object, published_at__isnull=False)
            .select_related("meeting")
            .order_by("-meeting__starts_at")[:10]
        )
        context["coming_meetings"] = (
            self.schedule().select_related("host_city").order_by("starts_at")
        )
        return context

    def member_plans(self):
        cities = selectors.member_cities(self.object).values("pk")
        page = Paginator(city_selectors.plans_of_cities(cities), MEMBER_PLANS_PER_PAGE).get_page(
            self.request.GET.get("plany")
        )
        page.by_kind = city_selectors.by_kind(page.object_list)
        return page


class NetworkMixin:
    """Loads the network named in the URL; 404 unless the person passes `network_rule`."""

    network_rule = staticmethod(rules.can_see_inside)

    def dispatch(self, request, *args, **kwargs):
        self.network = selectors.network_by_slug(kwargs["slug"])
        if self.network is None:
            raise Http404
        if request.user.is_authenticated:
            if not self.network_rule(request.user, self.network):
                raise Http404
        elif self.network.is_closed:
            raise Http404  # a closed network's inside does not even ask visitors to log in
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(network=self.network, **kwargs)


class NetworkListView(TemplateView):
    """The eight networks, as the public home lists them (and for anyone logged in)."""

    template_name = "networks/network_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(networks=selectors.network_list_cached(), **kwargs)


class NetworkInsideView(NetworkMixin, LoginRequiredMixin, TemplateView):
    """What members, experts and coordinators see: the network's people and meetings."""

    template_name = "networks/network_inside.html"
    fragments = {
        "people": Fragment(
            families=(lambda view: selectors.network_people_family(view.network.pk),),
            params=("osoby",),
        ),
        # The reader's own ("you are registered"); a meeting that starts or ends changes it.
        "activity": Fragment(
            families=("meetings", "results"),
            personal=True,
            # From the meetings the fragment lists (every one still to come is among them).
            changes_at=lambda view: meeting_selectors.next_change_among(view.recent_meetings),
        ),
    }

    @cached_property
    def recent_meetings(self):
        """The coming meetings and the last year's; older ones are in the archive, so the
        page stays the same size however long the network has met."""
        meetings = list(
            meeting_selectors.meetings_for(self.request.user)
            .select_related(None)
            .select_related("host_city")  # the network is the page's own: not joined
            .filter(network=self.network, ends_at__gte=timezone.now() - RECENT_MEETINGS)
            .order_by("starts_at")
        )
        for meeting in meetings:
            meeting.network = self.network
        return meeting_plan.timeline(meetings)

    def people_page(self):
        paginator = Paginator(
            selectors.network_people(self.request.user, self.network), PEOPLE_PER_PAGE
        )
        # Counted without the names and cities the rows are sorted by: no joins to count.
        paginator.count = selectors.network_people_count(self.request.user, self.network)
        page = paginator.get_page(self.request.GET.get("osoby"))
        page.object_list = selectors.people_rows(page.object_list)
        return page

    def get_context_data(self, **kwargs):
        services.inside_visited(person_id=self.request.user.pk, network_id=self.network.pk)
        context = super().get_context_data(**kwargs)
        context["people"] = SimpleLazyObject(self.people_page)
        user = self.request.user
        # Built only when the cached copy of the page is stale (building them costs too).
        context["meetings"] = SimpleLazyObject(lambda: self.recent_meetings)
        context["is_coordinator"] = rules.is_coordinator(user, self.network)
        context["can_manage_editions"] = rules.can_manage_editions(user, self.network)
        context["editions"] = SimpleLazyObject(lambda: selectors.network_editions(self.network))
        context["unread_threads"] = discussion_selectors.unread_counts(user, [self.network.pk]).get(
            self.network.pk, 0
        )
        context["results"] = SimpleLazyObject(
            lambda: (
                result_selectors.results_for(user)
                .select_related(None)  # listed under their network, which they do not name
                .filter(network=self.network)
                .order_by("-updated_at")[:20]
            )
        )
        return context


class ApplyView(LoginRequiredMixin, FormView):
    template_name = "networks/application_form.html"
    form_class = ApplicationForm

    def dispatch(self, request, *args, **kwargs):
        self.network = get_object_or_404(Network, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        decision = rules.can_apply(self.request.user, self.network)
        roles = rules.application_roles(self.request.user, self.network)
        return super().get_context_data(
            network=self.network, decision=decision, role=roles[0] if roles else None, **kwargs
        )

    def form_valid(self, form):
        try:
            services.participation_apply(
                person=self.request.user,
                network_id=self.network.pk,
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your application has been sent. The coordinator will decide and let you know."),
        )
        return redirect("networks:my_participations")


class MyParticipationsView(LoginRequiredMixin, ForgivingPaginationMixin, ListView):
    template_name = "networks/my_participations.html"
    context_object_name = "participations"
    paginate_by = 25

    def get_queryset(self):
        return selectors.person_participations(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inside = access_of(self.request.user).inside
        profile = profile_of(self.request.user)
        function_refused = profile is not None and (
            profile.function_status == FunctionStatus.REJECTED
        )
        for participation in context["participations"]:
            participation.shown_as = participation.status_shown(
                participation.last_action, participation.last_actor
            )
            # A leaders' network's application whose function a coordinator did not confirm
            # waits for nothing: the person is told why, and what to do.
            participation.function_refused = (
                participation.status == ParticipationStatus.APPLIED
                and participation.network.is_closed
                and function_refused
            )
            participation.may_leave = rules.can_leave(participation)
            participation.opens_inside = participation.network_id in inside
        return context


class ParticipationEndView(LoginRequiredMixin, TemplateView):
    """Withdraw an application or leave a network, after a confirmation."""

    template_name = "networks/participation_end_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.participation = get_object_or_404(
                Participation.objects.visible_to(request.user).live().select_related("network"),
                pk=kwargs["pk"],
                person=request.user,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            participation=self.participation,
            decision=rules.can_leave(self.participation),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            services.participation_end(participation_id=self.participation.pk, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done. The network's history keeps the record."))
        return redirect("networks:my_participations")


class ApplicationsView(NetworkMixin, LoginRequiredMixin, TemplateView):
    """The coordinator's desk: pending applications and the network's full history."""

    template_name = "networks/applications.html"
    network_rule = staticmethod(rules.is_coordinator)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = selectors.pending_applications(self.request.user, self.network)
        context["history"] = Paginator(
            selectors.network_history(self.request.user, self.network), 25
        ).get_page(self.request.GET.get("strona"))
        return context


class DecisionView(LoginRequiredMixin, ReturnsToDeskMixin, FormView):
    template_name = "networks/decision_form.html"
    form_class = DecisionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.participation = get_object_or_404(
                Participation.objects.visible_to(request.user).select_related(
                    "network", "person__profile", "city"
                ),
                pk=kwargs["pk"],
            )
            if not rules.is_coordinator(request.user, self.participation.network):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def fallback_url(self):
        return resolve_url("networks:applications", self.participation.network.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(participation=self.participation, **kwargs)

    def form_valid(self, form):
        try:
            services.participation_decide(
                participation_id=self.participation.pk,
                by=self.request.user,
                accept=form.said_yes,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Decision saved; the applicant has been notified."))
        return self.back()


class EditionMixin:
    """The network's edition named in the URL, 404 unless the person may see its editions
    (a thematic network's are public; the leaders' network's only for its inside)."""

    def dispatch(self, request, *args, **kwargs):
        self.network = selectors.network_by_slug(kwargs["slug"])
        if self.network is None or not rules.can_see_editions(request.user, self.network):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class EditionView(EditionMixin, TemplateView):
    """One edition: its meetings and results, each as the person may see it."""

    template_name = "networks/edition_detail.html"

    def get_context_data(self, **kwargs):
        if self.kwargs["number"] > MOST_EDITIONS:
            raise Http404  # no such edition; and beyond what the column holds
        edition = get_object_or_404(
            Edition.objects.filter(network=self.network), number=self.kwargs["number"]
        )
        user = self.request.user
        meetings = (
            Meeting.objects.visible_to(user)
            .filter(edition=edition, cancelled_at__isnull=True)
            .select_related("host_city")
            .order_by("starts_at")
        )
        # Every result of the edition the person may read: drafts too, to those who read them.
        results = (
            result_selectors.results_for(user)
            .select_related(None)
            .filter(edition=edition)
            .order_by("-updated_at")
        )
        return super().get_context_data(
            network=self.network, edition=edition, meetings=meetings, results=results,
            editions=selectors.network_editions(self.network),
            can_manage=rules.can_manage_editions(user, self.network), **kwargs,
        )  # fmt: skip


class EditionManageMixin(LoginRequiredMixin):
    """Closing an edition and opening the next: the coordinator or an administrator; 404 to
    everyone else."""

    def dispatch(self, request, *args, **kwargs):
        self.network = selectors.network_by_slug(kwargs["slug"])
        if self.network is None:
            raise Http404
        if request.user.is_authenticated and not rules.can_manage_editions(
            request.user, self.network
        ):
            raise Http404
        if not request.user.is_authenticated and self.network.is_closed:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class EditionCloseView(EditionManageMixin, TemplateView):
    """Confirm closing the open edition: it names what becomes read-only."""

    template_name = "networks/edition_close_confirm.html"

    def get_context_data(self, **kwargs):
        edition = editions.open_edition(self.network)
        context = super().get_context_data(network=self.network, edition=edition, **kwargs)
        if edition is not None:
            user = self.request.user
            # What the edition's archive page will list (EditionView), counted the same way.
            coming = rules.coming_meetings(edition)
            context["counts"] = {
                # The meetings that stay in the archive: the coming ones move to the next.
                "meetings": Meeting.objects.visible_to(user)
                .filter(edition=edition, cancelled_at__isnull=True)
                .exclude(pk__in=coming.values("pk"))
                .count(),
                "results": Result.objects.visible_to(user).filter(edition=edition).count(),
                "threads": edition.threads.count(),
            }
            context["coming"] = list(coming.order_by("starts_at")[:COMING_LISTED])
            context["closing"] = rules.can_close_edition(edition, today=timezone.localdate())
        return context

    def post(self, request, *args, **kwargs):
        edition = editions.open_edition(self.network)
        if edition is None:
            messages.error(request, _("This edition is already closed."))
        else:
            try:
                editions.edition_close(edition_id=edition.pk, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The edition %(edition)s is closed; its work stays to be read.")
                    % {"edition": edition.name},
                )
                return redirect("networks:edition_open", self.network.slug)
            return redirect("networks:edition_close", self.network.slug)
        return redirect("networks:edition_open", self.network.slug)


class EditionOpenView(EditionManageMixin, FormView):
    """Open the next edition: its members are asked to confirm they continue."""

    template_name = "networks/edition_open_form.html"
    form_class = EditionOpenForm

    def get_initial(self):
        today = timezone.localdate()
        return {"starts_on": today, "name": f"{today.year}–{today.year + 2}"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            network=self.network, current=editions.open_edition(self.network), **kwargs
        )

    def form_valid(self, form):
        try:
            edition = editions.edition_open(
                network_id=self.network.pk, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The edition %(edition)s is open; the members have been asked to confirm they "
              "continue.") % {"edition": edition.name},
        )  # fmt: skip
        return redirect(edition.get_absolute_url())


class ContinueView(LoginRequiredMixin, TemplateView):
    """A member confirms, with one button, that they continue in the network's new edition."""

    template_name = "networks/continue_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.continuation = get_object_or_404(
                Continuation.objects.select_related("edition__network", "participation"),
                pk=kwargs["pk"],
                participation__person=request.user,
            )
            # A leaders' member whose function is not verified (yet, or any more) sees nothing
            # of the edition; their own request only waits, and the page says so (nothing
            # ends meanwhile: editions.continuations_end_due ends only those who could confirm).
            if not rules.can_see_editions(request.user, self.continuation.edition.network):
                if request.method != "GET":
                    raise Http404
                return render(
                    request, "networks/continue_waits.html",
                    {"network": self.continuation.edition.network},
                )  # fmt: skip
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        continuation = self.continuation
        # A request of an edition that is over asks nothing: the current one, if any, does.
        settled = continuation.is_settled
        current = None
        if settled:
            current = editions.continuation_current(continuation.participation_id)
        return super().get_context_data(
            continuation=continuation, edition=continuation.edition,
            network=continuation.edition.network, settled=settled, current=current,
            until=timezone.localdate(
                continuation.asked_at + dt.timedelta(days=editions.CONTINUATION_DAYS)
            ),
            **kwargs,
        )  # fmt: skip

    def post(self, request, *args, **kwargs):
        try:
            editions.continuation_confirm(continuation_id=self.continuation.pk, person=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("networks:my_participations")
        messages.success(request, _("Thank you: you continue in the new edition."))
        return redirect("networks:inside", self.continuation.edition.network.slug)


class ContinueDeclineView(ContinueView):
    """A member says, after a confirmation, that they do not continue: they leave at once."""

    template_name = "networks/continue_decline.html"

    def post(self, request, *args, **kwargs):
        try:
            editions.continuation_decline(continuation_id=self.continuation.pk, person=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("networks:continue", self.continuation.pk)
        messages.success(
            request,
            _("You have ended your participation in %(network)s. To take part again, apply "
              "again.") % {"network": self.continuation.edition.network.name},
        )  # fmt: skip
        return redirect("networks:my_participations")
