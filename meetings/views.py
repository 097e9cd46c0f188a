import contextlib
import dataclasses
import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView, TemplateView

from desk.returns import ReturnsToDeskMixin, came_from_desk, keeping_the_desk
from empirie import uploads
from empirie.attachments import AttachmentForm, PhotoForm
from empirie.cache import cached
from empirie.converters import whole_number
from empirie.forms import AddRowViewMixin, without_nul
from empirie.fragments import Fragment
from empirie.i18n import Quarter
from empirie.pagination import LazyPaginationMixin
from empirie.pdf import pdf_response, zip_response
from empirie.spreadsheets import BOM, csv_writer, formula_safe, table_response
from networks.access import access_of
from networks.edition_views import NeedsOpenEditionMixin
from networks.models import Network
from networks.selectors import network_by_slug

from . import documents, online_reports, plan, rules, selectors, services
from .calendar import calendar_of
from .choices import AttendanceSource
from .filters import MeetingArchiveFilter
from .forms import (
    AttendanceImportDecisionsForm,
    AttendanceReportForm,
    CancelForm,
    MeetingForm,
    PlanForm,
    PlannedMeetingForm,
    PlanRows,
    RegistrationForm,
    ReportForm,
    SurveyForm,
)
from .models import (
    CalendarFeed,
    Certificate,
    Meeting,
    MeetingAttachment,
    MeetingPhoto,
    MeetingReport,
    WaitingListEntry,
)


def next_change_of_readers_meetings(view):
    return selectors.next_change(Meeting.objects.visible_to(view.request.user))


class ComingMeetingsView(LoginRequiredMixin, LazyPaginationMixin, ListView):
    """Coming meetings across the networks whose inside the person sees."""

    template_name = "meetings/coming.html"
    context_object_name = "meetings"
    paginate_by = 20
    lazy_queryset = True
    # The reader's own ("you are registered"); a meeting that starts or ends changes the list.
    fragments = {
        "list": Fragment(
            families=("meetings",),
            params=("page",),
            personal=True,
            changes_at=next_change_of_readers_meetings,
        )
    }

    def get_queryset(self):
        return selectors.coming_meetings_for(self.request.user)


class MeetingArchiveView(LoginRequiredMixin, LazyPaginationMixin, ListView):
    """Past meetings of the person's networks, filtered by network, year, quarter, city, format."""

    template_name = "meetings/archive.html"
    context_object_name = "meetings"
    paginate_by = 20
    lazy_queryset = True
    # A meeting that ends comes into the archive.
    fragments = {
        "list": Fragment(
            families=("meetings",),
            params=(*MeetingArchiveFilter.base_filters, "page"),
            personal=True,
            changes_at=next_change_of_readers_meetings,
        )
    }

    @cached_property
    def filterset(self):
        past = selectors.meetings_for(self.request.user).filter(
            ends_at__lt=timezone.now(), draft=False
        )
        return MeetingArchiveFilter(self.request.GET or None, queryset=past, user=self.request.user)

    def get_queryset(self):
        meetings = self.filterset.qs if self.filterset.is_bound else self.filterset.queryset
        return meetings.order_by("-starts_at")

    def get_context_data(self, **kwargs):
        filterset = SimpleLazyObject(lambda: self.filterset)  # read only by a stale cached copy
        context = super().get_context_data(filter=filterset, **kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


class MeetingMixin(LoginRequiredMixin):
    """Loads the meeting in the URL; 404 for anyone outside its network's inside."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not hasattr(self, "meeting"):
            self.load(request, kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, request, kwargs):
        self.meeting = get_object_or_404(
            selectors.with_places_taken(selectors.meetings_for(request.user)), pk=kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "meetings/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, meeting = self.request.user, self.meeting
        context["registration"] = meeting.registrations.filter(person=user).first()
        context["waiting"] = waiting = (
            None if context["registration"] else selectors.waiting_entry_of(user, meeting)
        )
        city = services.city_of(user)
        taken, city_taken = services.places_taken(meeting, city_id=city)
        context["city_taken"] = city_taken if meeting.places_per_city and city else None
        context["registration_decision"] = rules.can_take_part(user, meeting)
        context["room"] = rules.room(meeting, taken=taken, city_taken=city_taken)
        context["offer_open"] = waiting is not None and waiting.is_offered
        context["offers_closed"] = rules.offers_open_until(meeting, timezone.now()) is None
        context["started"] = meeting.starts_at <= timezone.now()
        context["registration_form"] = RegistrationForm()
        # A place given up is asked about first (the buttons lead here with ?potwierdz=).
        context["confirming"] = self.request.GET.get("potwierdz")
        context["can_schedule"] = rules.can_schedule(user, meeting.network)
        context["closable"] = rules.can_close(meeting)
        context["check_in"] = rules.can_check_in(meeting)
        context["cancellable"] = rules.can_cancel(meeting)
        context["agenda"] = meeting.agenda.all()
        context["report_readable"] = (
            MeetingReport.objects.visible_to(user).filter(meeting=meeting).exists()
        )
        if meeting.draft:
            context["missing_details"] = services.missing_details(vars(meeting))
        registration = context["registration"]
        context["certifiable"] = registration is not None and rules.can_certify(registration)
        # The survey, once the meeting is held: asked of those registered only.
        context["survey_held"] = held = (
            not meeting.is_cancelled and not meeting.draft and meeting.ends_at <= timezone.now()
        )
        if held and context["registration"]:
            context["survey_decision"] = rules.can_answer_survey(
                user, meeting, registration=context["registration"]
            )
            context["survey_closes_at"] = rules.survey_closes_at(meeting)
        if context["can_schedule"]:
            context["registrations"] = meeting.registrations.select_related(
                "person__profile", "person__profile__city"
            ).order_by("person__sort_key", "pk")
            context["waiting_list"] = selectors.waiting_list_of(meeting)
        return context


class ScheduleView(LoginRequiredMixin, NeedsOpenEditionMixin, AddRowViewMixin, FormView):
    template_name = "meetings/meeting_form.html"
    form_class = MeetingForm
    new_work_title = gettext_lazy("Schedule a meeting")

    def dispatch(self, request, *args, **kwargs):
        self.network = get_object_or_404(Network, slug=kwargs["slug"])
        if request.user.is_authenticated and not rules.can_schedule(request.user, self.network):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "network": self.network}

    def get_context_data(self, **kwargs):
        return super().get_context_data(network=self.network, **kwargs)

    def form_valid(self, form):
        try:
            meeting = services.meeting_schedule(
                network_id=self.network.pk,
                by=self.request.user,
                agenda=form.agenda() or (),
                **form.meeting_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)  # the edition closed: the reason, on the form
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting has been scheduled."))
        return redirect("meetings:detail", meeting.pk)


class EditView(MeetingMixin, AddRowViewMixin, FormView):
    template_name = "meetings/meeting_form.html"
    form_class = MeetingForm

    def get_form_kwargs(self):
        if not rules.can_schedule(self.request.user, self.meeting.network):
            raise Http404
        return {
            **super().get_form_kwargs(),
            "network": self.meeting.network,
            "publishing": "publish" in self.request.POST,
            # Its own copy: the form writes the posted values into it.
            "instance": Meeting.objects.visible_to(self.request.user).get(pk=self.meeting.pk),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(network=self.meeting.network, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():  # published with these details, or not saved at all
                meeting = services.meeting_update(
                    meeting_id=self.meeting.pk,
                    by=self.request.user,
                    agenda=form.agenda(),
                    **form.meeting_fields(),
                )
                if self.meeting.draft and not form.draft:
                    plan.meeting_publish(meeting_id=self.meeting.pk, by=self.request.user)
            if self.meeting.draft and not form.draft:
                messages.success(self.request, _(
                    "The meeting has been published: the network's members see it and may "
                    "register."
                ))  # fmt: skip
                return redirect("meetings:detail", self.meeting.pk)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if self.meeting.draft:
            messages.success(self.request, _("The draft has been saved."))
            return redirect("meetings:detail", self.meeting.pk)
        if meeting.told and (meeting.registrations.exists() or meeting.waiting_list.exists()):
            messages.success(self.request, _("Saved; the registered participants have been told."))
        elif meeting.told:
            messages.success(
                self.request, _("Saved. Nobody has registered yet, so nobody was told.")
            )
        else:
            messages.success(self.request, _(
                "Saved. The places and the deadline concern registration only: the registered "
                "participants were not told."
            ))  # fmt: skip
        if meeting.offered:
            messages.info(self.request, ngettext(
                "%(count)s freed place has been offered to the first on the waiting list; they "
                "have been told.",
                "%(count)s freed places have been offered to the first on the waiting list; "
                "they have been told.",
                meeting.offered,
            ) % {"count": meeting.offered})  # fmt: skip
        return redirect("meetings:detail", self.meeting.pk)


class CancelView(MeetingMixin, FormView):
    template_name = "meetings/meeting_cancel.html"
    form_class = CancelForm

    def refused(self):
        """A meeting that started (or was cancelled) offers no cancellation: back to it."""
        if not rules.can_schedule(self.request.user, self.meeting.network):
            raise Http404
        if not (cancellable := rules.can_cancel(self.meeting)):
            messages.error(self.request, cancellable.reason)
            return redirect("meetings:detail", self.meeting.pk)
        return None

    def get(self, request, *args, **kwargs):
        return self.refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refused() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        if not rules.can_schedule(self.request.user, self.meeting.network):
            raise Http404
        return super().get_form_kwargs()

    def form_valid(self, form):
        try:
            services.meeting_cancel(
                meeting_id=self.meeting.pk, by=self.request.user,
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect("meetings:detail", self.meeting.pk)
        messages.success(
            self.request, _("The meeting is cancelled; the participants have been told.")
        )
        return redirect("meetings:detail", self.meeting.pk)


class RegisterView(MeetingMixin, View):
    def post(self, request, pk):
        form = RegistrationForm(request.POST)
        if "mode" in request.POST and not form.is_valid():  # only a hybrid meeting asks
            messages.error(request, _("Choose how you will take part: in person or online."))
            return redirect("meetings:detail", pk)
        mode = form.cleaned_data["mode"] if form.is_valid() else "in_person"
        asked_at = timezone.now()
        try:
            registration = services.registration_register(
                meeting_id=pk, person=request.user, mode=mode
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if isinstance(registration, WaitingListEntry):
                said = _("No place is free for you: you are on the waiting list. When a place "
                         "frees, it is offered to the first in line and you are told.")  # fmt: skip
                if registration.joined_at < asked_at:
                    said = _("You are already on the waiting list.")
                messages.info(request, said)
            elif registration.registered_at < asked_at:  # registered before: nothing changed
                messages.info(request, _("You were already registered (%(mode)s).")
                              % {"mode": registration.get_mode_display()})  # fmt: skip
            else:
                messages.success(request, _("You are registered."))
        # Registered from the desk: back to it, where the meeting now says so.
        return redirect("desk:home") if came_from_desk(request) else redirect("meetings:detail", pk)


class UnregisterView(MeetingMixin, View):
    def post(self, request, pk):
        try:
            ended = services.registration_cancel(meeting_id=pk, person=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if ended:
                messages.success(request, _("You are no longer registered."))
            else:
                messages.info(request, _("You were not registered for this meeting."))
        return redirect("meetings:detail", pk)


class AcceptOfferView(MeetingMixin, View):
    """The person takes the place held for them from the waiting list."""

    def post(self, request, pk):
        try:
            services.waiting_offer_accept(meeting_id=pk, person=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You are registered: the place is yours."))
        return redirect("meetings:detail", pk)


class LeaveWaitingListView(MeetingMixin, View):
    """The person leaves the waiting list, or declines the place offered to them."""

    def post(self, request, pk):
        if services.waiting_leave(meeting_id=pk, person=request.user):
            messages.success(request, _("You are no longer on the waiting list."))
        else:
            messages.info(request, _("You were not on the waiting list."))
        return redirect("meetings:detail", pk)


class MoveOnWaitingListView(MeetingMixin, View):
    """The coordinator moves a person one place up or down the waiting list."""

    def post(self, request, pk, entry_id):
        direction = request.POST.get("kierunek")
        try:
            if direction not in ("gora", "dol"):
                raise ValidationError(_("Choose whether to move the person up or down."))
            moved = services.waiting_move(
                meeting_id=pk, entry_id=entry_id, by=request.user, up=direction == "gora"
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if moved:
                messages.success(request, _("The waiting list's order is changed."))
            else:
                messages.info(request, _("The person is already at that end of the list."))
        return redirect(reverse("meetings:detail", args=[pk]) + "#waiting-list-title")


class IcsView(MeetingMixin, View):
    def get(self, request, pk):
        # The link is for those who take part: the registered, and the coordinators.
        registered = self.meeting.registrations.filter(person=request.user).exists() or bool(
            rules.can_schedule(request.user, self.meeting.network)
        )
        response = HttpResponse(
            calendar_of(
                [self.meeting], name=self.meeting.topic,
                participant_of={self.meeting.pk} if registered else set(),
            ),
            content_type="text/calendar; charset=utf-8",
        )  # fmt: skip
        response["Content-Disposition"] = f'attachment; filename="spotkanie-{pk}.ics"'
        return response


class ParticipantsCsvView(MeetingMixin, View):
    def get(self, request, pk):
        if not rules.can_schedule(request.user, self.meeting.network):
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="uczestnicy-{pk}.csv"'
        response.write(BOM)
        writer = csv_writer(response)
        writer.writerow(
            [_("Name"), _("E-mail"), _("City"), _("Function"), _("Taking part"), _("Registered at")]
        )
        registrations = self.meeting.registrations.select_related("person__profile__city").order_by(
            "person__sort_key", "pk"
        )  # Polish alphabetical order of surnames
        for registration in registrations:
            person = registration.person
            profile = getattr(person, "profile", None)
            row = [
                person.get_full_name(),
                person.email,
                profile.city.name if profile and profile.city else "",
                profile.get_function_display() if profile else "",
                registration.get_mode_display(),
                # As a spreadsheet reads a date and time: Warsaw time, to the minute.
                timezone.localtime(registration.registered_at).strftime("%Y-%m-%d %H:%M"),
            ]
            writer.writerow([formula_safe(cell) for cell in row])
        return response


class CalendarSubscriptionView(LoginRequiredMixin, TemplateView):
    """The person's secret calendar address: see it, renew it (revoking the old), or end it."""

    template_name = "meetings/calendar_subscription.html"

    def get_context_data(self, **kwargs):
        feed = CalendarFeed.objects.filter(person=self.request.user).first()
        url = (
            self.request.build_absolute_uri(reverse("meetings:calendar_feed", args=[feed.token]))
            if feed
            else None
        )
        return super().get_context_data(feed=feed, feed_url=url, **kwargs)

    def post(self, request):
        action = request.POST.get("action")
        if action == "revoke":
            services.calendar_feed_revoke(person=request.user)
            messages.success(request, _("The calendar address no longer works."))
        elif action != "renew":  # a form from elsewhere: the address in use stays as it is
            messages.error(request, _("Nothing was changed: choose one of the buttons below."))
        else:
            had_one = CalendarFeed.objects.filter(person=request.user).exists()
            services.calendar_feed_renew(person=request.user)
            messages.success(
                request,
                _("Here is your new calendar address; the old one no longer works.")
                if had_one
                else _("Here is your calendar address: add it to your calendar program."),
            )
        return redirect("meetings:calendar_subscription")


# A subscribed calendar shows what is coming and the last year; older meetings are in the
# archive. So the feed stays the same size however long the networks have met.
CALENDAR_PAST = dt.timedelta(days=366)


def calendar_feed(request, token):
    """The meetings the token's owner may see, for calendar programs (no log-in: the token is
    it): the coming ones and those of the last year."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("person__profile"), token=token)
    if not feed.person.is_active:
        raise Http404

    def calendar():
        meetings = (
            Meeting.objects.visible_to(feed.person)
            .published()
            .filter(ends_at__gte=timezone.now() - CALENDAR_PAST)
            .select_related("network", "host_city")
            .order_by("starts_at")
        )
        registered = set(feed.person.meeting_registrations.values_list("meeting_id", flat=True))
        return calendar_of(meetings, name="EMPIRIE", participant_of=registered)

    # Kept per feed and its owner's access, for an hour at most, so the window moves on.
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"calendar:{feed.pk}:{access_of(feed.person).fingerprint}:{hour}"
    body = cached(("portal", "meetings", "people"), key, calendar)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


def _by_city(registration):
    # Polish alphabetical order, by the keys the database sorts with (empirie.collation).
    profile = getattr(registration.person, "profile", None)
    city = profile.city.sort_key if profile and profile.city else ""
    return city, registration.person.sort_key


class ReportView(TemplateView):
    """The meeting's report, minutes, participants, gallery and attachments, as its level allows."""

    template_name = "meetings/report.html"

    def get(self, request, *args, **kwargs):
        self.report = get_object_or_404(
            MeetingReport.objects.visible_to(request.user).select_related(
                "meeting__network", "meeting__host_city"
            ),
            meeting_id=kwargs["pk"],
        )
        self.meeting = self.report.meeting
        if self.report.published_at:
            services.report_viewed(self.report)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        registrations = self.meeting.registrations.select_related("person__profile__city")
        attended = [r for r in registrations if r.attended]
        return super().get_context_data(
            meeting=self.meeting,
            report=self.report,
            participants=sorted(attended or list(registrations), key=_by_city),
            attendance_recorded=bool(attended),
            photos=MeetingPhoto.objects.visible_to(user).filter(meeting=self.meeting),
            attachments=MeetingAttachment.objects.visible_to(user).filter(meeting=self.meeting),
            can_edit=rules.can_schedule(user, self.meeting.network),
            **kwargs,
        )


class ReportEditView(MeetingMixin, ReturnsToDeskMixin, TemplateView):
    """The coordinator writes the report and adds photos and documents, each form on its own.
    Opened from the desk, the saved report leads back to it; a photo or a document added on
    the way keeps that way back."""

    template_name = "meetings/report_form.html"
    forms = {"report": ReportForm, "photo": PhotoForm, "attachment": AttachmentForm}

    def fallback_url(self):
        return reverse("meetings:report_edit", args=[self.meeting.pk])

    def check(self):
        if not rules.can_schedule(self.request.user, self.meeting.network):
            raise Http404

    def get_context_data(self, **kwargs):
        self.check()
        report = (
            MeetingReport.objects.visible_to(self.request.user).filter(meeting=self.meeting).first()
        )
        initial = (
            {"body": report.body, "minutes": report.minutes, "level": report.level,
             "publish": report.published_at is not None}
            if report
            else {"level": "members"}
        )  # fmt: skip
        kwargs.setdefault("report_form", ReportForm(initial=initial, network=self.meeting.network))
        kwargs.setdefault("photo_form", PhotoForm())
        kwargs.setdefault("attachment_form", AttachmentForm())
        user = self.request.user
        return super().get_context_data(
            report=report,
            # Leaving without saving: to the desk the task came from, else to the meeting.
            leave_url=resolve_url("desk:home")
            if came_from_desk(self.request)
            else reverse("meetings:detail", args=[self.meeting.pk]),
            closable=rules.can_close(self.meeting),
            photos=MeetingPhoto.objects.visible_to(user).filter(meeting=self.meeting),
            attachments=MeetingAttachment.objects.visible_to(user).filter(meeting=self.meeting),
            **kwargs,
        )

    def post(self, request, pk):
        self.check()
        which = request.POST.get("form")
        if which == "photo":
            form = PhotoForm(request.POST, request.FILES)
            save = lambda data: services.photo_add(  # noqa: E731
                meeting_id=pk, by=request.user, upload=data["image"], caption=data["caption"]
            )
            done = _("The photo has been added; its thumbnail is being made.")
        elif which == "attachment":
            form = AttachmentForm(request.POST, request.FILES)
            save = lambda data: services.attachment_add(  # noqa: E731
                meeting_id=pk, by=request.user, upload=data["file"], title=data["title"]
            )
            done = _("The document has been added.")
        else:
            which = "report"
            form = ReportForm(request.POST, network=self.meeting.network)
            save = lambda data: services.report_save(  # noqa: E731
                meeting_id=pk, by=request.user, **data
            )
            done = _("The report has been saved.")
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as error:
                form.add_error(
                    "level" if which == "report" and hasattr(error, "error_dict") else None, error
                )
            else:
                messages.success(request, done)
                if which == "report":
                    return self.back()
                return redirect(keeping_the_desk(request, self.fallback_url()))
        return self.render_to_response(self.get_context_data(**{f"{which}_form": form}))


def attendance_url(pk, search="") -> str:
    """The attendance page, with the search the coordinator typed at the door."""
    url = reverse("meetings:attendance", args=[pk])
    return f"{url}?{urlencode({'szukaj': search})}" if search else url


def searched(data) -> str:
    return " ".join(data.get("szukaj", "").split())[:100]


class AttendanceMixin(MeetingMixin):
    """The meeting's attendance, for its network's coordinators (404 for anyone else)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.load(request, kwargs)
            if not rules.can_schedule(request.user, self.meeting.network):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class AttendanceView(AttendanceMixin, TemplateView):
    """At the door, from two hours before the start: search by name or city, one tap per
    person. Once the meeting has started, the whole list as well (absences too)."""

    template_name = "meetings/attendance.html"

    def get_context_data(self, **kwargs):
        registrations = list(
            self.meeting.registrations.select_related("person__profile__city").order_by(
                "person__sort_key", "pk"
            )
        )
        search = searched(self.request.GET)
        return super().get_context_data(
            registrations=registrations,
            shown=selectors.attendance_search(registrations, search),
            search=search,
            present_count=sum(1 for r in registrations if r.attended),
            unrecorded_count=sum(1 for r in registrations if r.attended is None),
            ended=self.meeting.ends_at <= timezone.now(),
            check_in=rules.can_check_in(self.meeting),
            closable=rules.can_close(self.meeting),
            **kwargs,
        )

    def post(self, request, pk):
        try:
            services.attendance_record(
                meeting_id=pk,
                by=request.user,
                attended_ids=[
                    number
                    for value in request.POST.getlist("attended")
                    if (number := whole_number(value)) is not None
                ],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("meetings:detail", pk)
        messages.success(request, _("Attendance saved."))
        if came_from_desk(request):  # the desk's task: back to it, one item fewer
            return redirect("desk:home")
        # The report lists who took part; before one is written, the meeting's page is next.
        written = MeetingReport.objects.visible_to(request.user).filter(meeting_id=pk).exists()
        return redirect("meetings:report" if written else "meetings:detail", pk)


class CheckInView(AttendanceMixin, View):
    """One tap at the door: the person is present (or, "undo", not recorded again); back to
    the same list, searched as it was, at the person's row."""

    def post(self, request, pk):
        search = searched(request.POST)
        registration_id = whole_number(request.POST.get("osoba", ""))
        if registration_id is None:
            messages.error(request, _("Choose the person to check in."))
            return redirect(attendance_url(pk, search))
        undo = "cofnij" in request.POST
        act = services.check_in_undo if undo else services.check_in
        try:
            registration = act(meeting_id=pk, registration_id=registration_id, by=request.user)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(attendance_url(pk, search))
        name = registration.person.public_name
        if undo:
            messages.success(request, _("%(name)s: check-in taken back.") % {"name": name})
        else:
            messages.success(
                request,
                _("%(name)s: present, checked in at %(time)s.")
                % {
                    "name": name,
                    "time": time_format(timezone.localtime(registration.checked_in_at), "H:i"),
                },
            )
        return redirect(f"{attendance_url(pk, search)}#osoba-{registration.pk}")


IMPORT_SALT = "meetings.attendance_import"
IMPORT_KEPT = 6 * 60 * 60  # a preview is confirmed within hours, not days


class AttendanceImportView(AttendanceMixin, TemplateView):
    """An online meeting's participant report (Zoom or Teams): uploaded, previewed (matched
    by e-mail, the other rows for the coordinator to decide), confirmed. The preview is
    stateless: the rows go back signed, and the confirmation matches them again."""

    template_name = "meetings/attendance_import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", AttendanceReportForm())
        return super().get_context_data(check_in=rules.can_check_in(self.meeting), **kwargs)

    def post(self, request, pk):
        if not (open_ := rules.can_check_in(self.meeting)):
            messages.error(request, open_.reason)
            return redirect("meetings:attendance", pk)
        if "podglad" in request.POST:
            return self.confirm(request, pk)
        form = AttendanceReportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        report = form.read
        signed = signing.dumps(
            {
                "meeting": pk,
                "by": request.user.pk,
                "source": report.source,
                "people": [dataclasses.astuple(person) for person in report.people],
            },
            salt=IMPORT_SALT,
            compress=True,
        )
        preview = selectors.import_preview(self.meeting, report.people)
        decisions = AttendanceImportDecisionsForm(preview=preview)
        return self.previewed(report.source, preview, decisions, signed)

    def previewed(self, source, preview, decisions, signed):
        for row in preview.unmatched:
            row.field = decisions[decisions.field_name(row)]
        return self.render_to_response(
            self.get_context_data(
                source=source,
                source_label=AttendanceSource(source).label,
                preview=preview,
                decisions=decisions,
                signed=signed,
                form=None,
            )
        )

    def confirm(self, request, pk):
        signed = request.POST.get("podglad", "")
        try:
            data = signing.loads(signed, salt=IMPORT_SALT, max_age=IMPORT_KEPT)
        except signing.BadSignature:
            data = None
        if not data or data.get("meeting") != pk or data.get("by") != request.user.pk:
            messages.error(
                request,
                _("The preview has expired or does not belong here: send the report again."),
            )
            return redirect("meetings:attendance_import", pk)
        people = [online_reports.Person(*row) for row in data["people"]]
        preview = selectors.import_preview(self.meeting, people)
        decisions = AttendanceImportDecisionsForm(request.POST, preview=preview)
        if not decisions.is_valid():
            return self.previewed(data["source"], preview, decisions, signed)
        try:
            marked = services.attendance_import(
                meeting_id=pk,
                by=request.user,
                source=data["source"],
                emails=[person.email for person in people if person.email],
                registration_ids=decisions.chosen_ids(),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("meetings:attendance_import", pk)
        if marked:
            messages.success(
                request,
                ngettext(
                    "%(count)s person marked present from the report.",
                    "%(count)s people marked present from the report.",
                    marked,
                )
                % {"count": marked},
            )
        else:
            messages.info(
                request, _("Nobody new marked present: those in the report were present already.")
            )
        return redirect("meetings:attendance", pk)


def photo_file(request, pk, size):
    photo = get_object_or_404(
        MeetingPhoto.objects.visible_to(request.user).select_related("meeting__network"), pk=pk
    )
    sizes = {"miniatura": photo.thumbnail, "pelne": photo.image}
    if size not in sizes:
        raise Http404
    fieldfile = sizes[size]
    return uploads.served(
        fieldfile, filename=fieldfile.name.rsplit("/", 1)[-1], network=photo.meeting.network,
        shown=True,
    )  # fmt: skip


def attachment_file(request, pk):
    attachment = get_object_or_404(
        MeetingAttachment.objects.visible_to(request.user).select_related("meeting__network"),
        pk=pk,
    )
    return uploads.served(
        attachment.file, filename=attachment.download_name, network=attachment.meeting.network
    )


ATTENDANCE_WORDS = {
    selectors.PRESENT: pgettext_lazy("attendance", "present"),
    selectors.ABSENT: gettext_lazy("registered, absent"),
    selectors.UNRECORDED: gettext_lazy("registered, attendance not recorded"),
    selectors.NONE: gettext_lazy("nobody"),
    selectors.NOT_YET: gettext_lazy("not a member yet"),
}


class CoordinatedNetworkMixin(LoginRequiredMixin):
    """The network in the URL, for its coordinators and ZMP's administrators (the attendance
    of its cities, its plan, its surveys); 404 for anyone else."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # The process's copy of the network (networks.selectors), as the networks' pages
            # take theirs: no query of its own.
            self.network = network_by_slug(kwargs["slug"])
            if self.network is None or not rules.can_schedule(request.user, self.network):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


CELL_MARKS = {selectors.PRESENT: "✓", selectors.ABSENT: "✗"}
# A page shows a two-year cycle's quarters and a screenful of cities; the download has all.
QUARTERS_SHOWN, CITIES_PER_PAGE, AT_RISK_NAMED = 8, 60, 30


def cities_at_risk(cities) -> dict:
    """What the attendance pages say of a network's cities at risk (of every page): the first
    ones by name, how many in all, and how many more than those named."""
    at_risk = [city for city in cities if city.at_risk]
    return {
        "at_risk": at_risk[:AT_RISK_NAMED],
        "at_risk_count": len(at_risk),
        "at_risk_more": len(at_risk) - AT_RISK_NAMED,
    }


class CityAttendanceView(CoordinatedNetworkMixin, TemplateView):
    template_name = "meetings/city_attendance.html"

    def get_context_data(self, **kwargs):
        # A page reads only its own cities' attendance; which cities are at risk (of every
        # page) comes with the list of cities, from the database.
        quarters = selectors.recorded_quarters(self.network)
        shown = quarters.quarters[-QUARTERS_SHOWN:]
        cities = selectors.member_cities(self.network, quarters)
        page = Paginator(cities, CITIES_PER_PAGE).get_page(self.request.GET.get("strona"))
        rows = selectors.attendance_rows(page.object_list, quarters)
        # A page has hundreds of cells: each kind (a quarter's, a state's) is written here
        # once, and each row joined from them, not rendered by template tags per cell and
        # row (30 µs each); the mark repeats the word.
        labels = [str(quarter) for quarter in shown]
        written = {}

        def cell_html(label, cell):
            if (label, cell) not in written:
                mark = CELL_MARKS.get(cell)
                written[label, cell] = format_html(
                    '<td data-label="{}" class="attendance attendance--{}">{}{}</td>',
                    label, cell,
                    format_html('<span aria-hidden="true">{} </span>', mark) if mark else "",
                    ATTENDANCE_WORDS[cell],
                )  # fmt: skip
            return written[label, cell]

        # The parts every row shares, escaped once; a row's only text of its own is its
        # city's name, escaped here.
        at_risk_start = '<tr class="row--at-risk"><th scope="row">'
        at_risk_badge = format_html(' <span class="badge">{}</span>', _("at risk"))
        share_cell = format_html('<td data-label="{}">', _("Share of quarters"))
        no_share = format_html(  # no quarter counts: none as a member, or none recorded
            '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>',
            _("no quarter counts"),
        )
        for row in rows:  # each part is already safe HTML: joined, not formatted again
            cells = "".join(
                cell_html(label, cell)
                for label, cell in zip(labels, row.cells[-len(shown) :], strict=True)
            )
            share = no_share if row.share is None else f"{row.share}%"
            start, badge = (
                (at_risk_start, at_risk_badge) if row.at_risk else ('<tr><th scope="row">', "")
            )
            row.html = mark_safe(  # noqa: S308  # escaped parts  # nosec B308 B703
                f"{start}{escape(row.city.name)}{badge}</th>{cells}{share_cell}{share}</td></tr>"
            )
        return super().get_context_data(
            network=self.network, quarters=shown, all_quarters=len(quarters.quarters),
            rows=rows, page_obj=page, **cities_at_risk(cities), **kwargs,
        )  # fmt: skip


class CityAttendanceExportView(CoordinatedNetworkMixin, View):
    def get(self, request, slug, kind):
        quarters, rows = selectors.attendance_by_city(self.network)
        header = [_("City"), *map(str, quarters), _("Share of quarters (%)"), _("At risk")]
        table = [
            [formula_safe(row.city.name), *(str(ATTENDANCE_WORDS[c]) for c in row.cells),
             "" if row.share is None else row.share, _("yes") if row.at_risk else ""]
            for row in rows
        ]  # fmt: skip
        return table_response(
            [header, *table], kind=kind, filename=f"frekwencja-{slug}",
            sheet=str(_("Attendance of cities")),
        )  # fmt: skip


class AttendanceOverviewView(LoginRequiredMixin, TemplateView):
    """For ZMP: every network's cities at risk, with a link to its table."""

    template_name = "meetings/attendance_overview.html"

    def get_context_data(self, **kwargs):
        if not access_of(self.request.user).administrator:
            raise Http404
        networks = []
        for network in Network.objects.order_by("number"):
            quarters = selectors.recorded_quarters(network)
            cities = selectors.member_cities(network, quarters)
            network.cities, network.quarters = len(cities), len(quarters.quarters)
            vars(network).update(cities_at_risk(cities))
            networks.append(network)
        return super().get_context_data(networks=networks, **kwargs)


PLAN_SPAN = dt.timedelta(days=2 * 366)  # the plan page shows a two-year cycle back


class PlanView(CoordinatedNetworkMixin, TemplateView):
    """ "Plan spotkań": the network's meetings quarter by quarter, and new quarters planned at
    once as draft meetings (first which quarters, then a row for each)."""

    template_name = "meetings/plan.html"

    def get_context_data(self, **kwargs):
        network = self.network
        meetings = (
            Meeting.objects.visible_to(self.request.user)
            .filter(network=network, ends_at__gte=timezone.now() - PLAN_SPAN)
            .select_related("host_city")
            .order_by("starts_at", "pk")
        )
        timeline = plan.timeline(list(meetings))
        return super().get_context_data(
            network=network,
            timeline=timeline,
            plan_form=kwargs.pop("plan_form", None) or PlanForm(after=timeline),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        asked = PlanForm(request.GET) if "od" in request.GET else None
        if asked is None or not asked.is_valid():
            return self.render_to_response(self.get_context_data(plan_form=asked))
        return self.render_to_response(self.get_context_data(**self.rows(asked)))

    def rows(self, asked, data=None):
        rows = plan.plan_rows(self.network, asked.quarter(), asked.count())
        hosts = plan.host_rotation(self.network)
        free = [quarter_key(row.quarter) for row in rows if row.free]
        taken = []
        if data is not None and data.get("wolne", "") != ",".join(free):
            data, taken = realigned(data, data.get("wolne", "").split(","), free)
        formset = PlanRows(data, rows=rows, hosts=hosts)
        for form in formset.forms:  # shown at its quarter, among those that have a meeting
            form.row.form = form
        return {"plan_form": asked, "rows": rows, "formset": formset, "free_quarters": ",".join(free),
                "taken_meanwhile": taken}  # fmt: skip

    def post(self, request, *args, **kwargs):
        asked = PlanForm(request.POST)
        if not asked.is_valid():
            return self.render_to_response(self.get_context_data(plan_form=asked))
        context = self.rows(asked, request.POST)
        formset = context["formset"]
        if context["taken_meanwhile"]:
            formset.is_valid()  # its rows' own errors shown too
            formset._non_form_errors.append(ngettext(
                "Meanwhile a meeting has been planned in %(quarters)s: nothing has been planned "
                "yet. What you typed for the other quarters is kept below; check it and plan "
                "again.",
                "Meanwhile meetings have been planned in %(quarters)s: nothing has been planned "
                "yet. What you typed for the other quarters is kept below; check it and plan "
                "again.",
                len(context["taken_meanwhile"]),
            ) % {"quarters": ", ".join(map(str, context["taken_meanwhile"]))})  # fmt: skip
        elif formset.is_valid():
            quarters = formset.planned()
            if not quarters:
                messages.warning(request, _("No quarter was ticked: nothing has been planned."))
                return self.render_to_response(self.get_context_data(**context))
            try:
                made = plan.meeting_plan(
                    network_id=self.network.pk, by=request.user, quarters=quarters
                )
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, ngettext(
                    "%(count)s meeting has been planned as a draft: set its details and "
                    "publish it when they are known.",
                    "%(count)s meetings have been planned as drafts: set their details and "
                    "publish each when they are known.",
                    len(made),
                ) % {"count": len(made)})  # fmt: skip
                return redirect("meetings:plan", self.network.slug)
        return self.render_to_response(self.get_context_data(**context))


def quarter_key(quarter) -> str:
    return f"{quarter.year}-{quarter.number}"


def realigned(data, seen: list[str], free: list[str]):
    """The plan's rows as posted, moved to the quarters that are free now: the person saw the
    free quarters `seen`, and since then another coordinator (or another tab) planned some of
    them. What was typed for a quarter still free stays with it; the quarters taken meanwhile
    are returned to be named."""
    was_at = {key: index for index, key in enumerate(seen) if key}
    moved = data.copy()
    for name in list(moved):
        if name.startswith("plan-"):
            del moved[name]
    moved["plan-TOTAL_FORMS"], moved["plan-INITIAL_FORMS"] = str(len(free)), "0"
    for index, key in enumerate(free):
        if key in was_at:
            for field in PlannedMeetingForm.base_fields:
                moved.setlist(f"plan-{index}-{field}", data.getlist(f"plan-{was_at[key]}-{field}"))
    taken = []
    for key in was_at:
        if key not in free:
            with contextlib.suppress(ValueError):
                year, number = map(int, key.split("-"))
                if 1 <= number <= 4:
                    taken.append(Quarter(year, number))
    return moved, taken


class PublishView(MeetingMixin, View):
    """A draft of the plan announced to the network's members."""

    def post(self, request, pk):
        if not rules.can_schedule(request.user, self.meeting.network):
            raise Http404
        try:
            plan.meeting_publish(meeting_id=pk, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("meetings:edit", pk)
        messages.success(
            request,
            _("The meeting has been published: the network's members see it and may register."),
        )
        return redirect("meetings:detail", pk)


class AttendanceListPdfView(MeetingMixin, View):
    """The list of attendance to sign at the door (PDF), for the network's coordinators."""

    def get(self, request, pk):
        if not rules.can_schedule(request.user, self.meeting.network):
            raise Http404
        data = documents.attendance_list_pdf(
            self.meeting, selectors.attendance_list_of(self.meeting)
        )
        return pdf_response(data, filename=documents.attendance_list_filename(self.meeting))


class CertificateView(MeetingMixin, View):
    """The person's own certificate of participation (made the first time it is asked for)."""

    def get(self, request, pk):
        registration = self.meeting.registrations.filter(person=request.user).first()
        if registration is None:
            raise Http404
        try:
            certificate = services.certificate_for(registration_id=registration.pk, by=request.user)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("meetings:detail", pk)
        return pdf_response(
            documents.certificate_pdf(certificate),
            filename=documents.certificate_filename(certificate),
        )


class CertificatesZipView(MeetingMixin, View):
    """Everyone's certificates as one ZIP, for the network's coordinators: the missing ones
    are made."""

    def get(self, request, pk):
        if not rules.can_schedule(request.user, self.meeting.network):
            raise Http404
        try:
            certificates = services.certificates_of_meeting(meeting_id=pk, by=request.user)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("meetings:detail", pk)
        if not certificates:
            messages.info(
                request,
                _("Nobody is marked present at this meeting yet: record the attendance first."),
            )
            return redirect("meetings:detail", pk)
        return zip_response(
            documents.certificates_zip(certificates), filename=f"zaswiadczenia-{pk}.zip"
        )


# Failed look-ups of a certificate's code per address: the codes cannot be guessed (192
# random bits), and this keeps anyone from trying.
UNKNOWN_CODES_ALLOWED = "30/m/ip"


def _too_many_unknown_codes(request) -> bool:
    from allauth.core.internal import ratelimit  # allauth's counters, in the cache

    usage = ratelimit.consume(
        request, app="empirie.certificates", action="unknown_code", limit_get=True,
        config={"unknown_code": UNKNOWN_CODES_ALLOWED},
    )  # fmt: skip
    return usage is None


@never_cache
def certificate_verify(request, code):
    """Public: confirms to anyone who has the code what the certificate says, as it was
    issued, and whether it is still valid (only while its person is marked present)."""
    certificate = (
        Certificate.objects.filter(code=code)  # visible: the code is the key to it
        .select_related("registration")
        .first()
    )
    if certificate is None:
        too_many = _too_many_unknown_codes(request)
        response = render(
            request, "meetings/certificate_unknown.html", {"code": code, "too_many": too_many},
            status=429 if too_many else 404,
        )  # fmt: skip
        if too_many:
            response["Retry-After"] = "60"
        return response
    date, hours = documents.when(certificate.starts_at, certificate.ends_at)
    response = render(
        request, "meetings/certificate_verify.html",
        {"certificate": certificate, "date": date, "hours": hours,
         "valid": certificate.registration.attended is True},
    )  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


class SurveyView(MeetingMixin, TemplateView):
    """The meeting's evaluation survey, for those who took part: once each, within 14 days of
    its end. Anyone who sees the meeting reads why they may not answer, if they may not."""

    template_name = "meetings/survey.html"

    def get_context_data(self, **kwargs):
        user, meeting = self.request.user, self.meeting
        kwargs.setdefault("form", SurveyForm())
        return super().get_context_data(
            decision=rules.can_answer_survey(user, meeting),
            closes_at=rules.survey_closes_at(meeting),
            can_schedule=rules.can_schedule(user, meeting.network),
            **kwargs,
        )

    def post(self, request, pk):
        form = SurveyForm(without_nul(request.POST))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.survey_answer(meeting_id=pk, person=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("meetings:survey", pk)
        messages.success(request, _("Thank you for rating the meeting: your answer is saved."))
        return redirect("meetings:detail", pk)


class SurveyResultsView(MeetingMixin, TemplateView):
    """What the meeting's survey says as a whole, for the network's coordinators and ZMP's
    administrators: nothing until five people have answered."""

    template_name = "meetings/survey_results.html"

    def get_context_data(self, **kwargs):
        user, meeting = self.request.user, self.meeting
        if not rules.can_schedule(user, meeting.network):
            raise Http404
        summary = selectors.survey_summary(user, meeting)
        questions = [("overall", _("Overall rating")), ("usefulness", _("Usefulness for the city"))]
        return super().get_context_data(
            summary=summary,
            tables=[(title, summary.distribution[name]) for name, title in questions]
            if summary.shown
            else [],
            shown_from=rules.SURVEY_SHOWN_FROM,
            closes_at=rules.survey_closes_at(meeting),
            survey_open=rules.survey_open(meeting),
            **kwargs,
        )


class NetworkSurveysView(CoordinatedNetworkMixin, TemplateView):
    """The surveys of a network's meetings side by side, for its coordinators and ZMP's
    administrators."""

    template_name = "meetings/network_surveys.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            network=self.network,
            surveys=selectors.network_surveys(self.request.user, self.network),
            shown_from=rules.SURVEY_SHOWN_FROM,
            **kwargs,
        )
