"""Scheduling, changing and cancelling meetings, and registering for them."""

import datetime as dt
import secrets
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, F, Max, OuterRef, Q, Value
from django.db.models.functions import Greatest, Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.choices import NotificationKind
from accounts.models import Profile, User
from accounts.services import email_queue, email_to, notify, notify_all
from empirie import sanitise, uploads
from networks import activity
from networks.access import access_of, people_of
from networks.choices import ParticipationStatus, Role
from networks.editions import edition_for_new_work
from networks.models import Network, Participation
from search import analysis
from search.index import save as save_in_search

from . import calendar, rules
from .choices import AttendanceSource, MeetingFormat, RegistrationMode, ReminderKind
from .models import (
    AgendaItem,
    CalendarFeed,
    Certificate,
    Meeting,
    MeetingAttachment,
    MeetingPhoto,
    MeetingReport,
    Registration,
    Reminder,
    SurveyAnswer,
    SurveyTaken,
    WaitingListEntry,
)

MEETING_FIELDS = (
    "topic",
    "description",
    "starts_at",
    "ends_at",
    "format",
    "host_city",
    "venue_address",
    "online_url",
    "capacity",
    "places_per_city",
    "registration_deadline",
)


def quarter_of(moment: dt.datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, (local.month - 1) // 3 + 1


def meetings_in_same_quarter(*, network: Network, starts_at, exclude=None):
    """Other meetings of the network in the quarter of `starts_at` (networks meet once a quarter)."""
    year, quarter = quarter_of(starts_at)
    first_month = 3 * (quarter - 1) + 1
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, first_month, 1, tzinfo=tz)
    end = dt.datetime(year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1, tzinfo=tz)
    meetings = Meeting.objects.active().filter(
        network=network, starts_at__gte=start, starts_at__lt=end
    )
    return meetings.exclude(pk=exclude.pk) if exclude else meetings


def validate_meeting(fields: dict, *, draft=False) -> None:
    """The rules a meeting must keep, in the words the coordinator reads on the form; a
    draft of the plan may still lack its venue or link."""
    errors = {}
    if fields["ends_at"] <= fields["starts_at"]:
        errors["ends_at"] = _("The meeting must end after it starts.")
    deadline = fields.get("registration_deadline")
    if deadline and deadline > fields["starts_at"]:
        errors["registration_deadline"] = _("The registration deadline must be before the start.")
    if not draft:
        errors.update(missing_details(fields))
    if errors:
        raise ValidationError(errors)


def missing_details(fields: dict) -> dict:
    """What a meeting lacks to be announced: where it is held, or the link to join it."""
    missing = {}
    if fields["format"] != MeetingFormat.IN_PERSON and not fields.get("online_url"):
        missing["online_url"] = _("An online or hybrid meeting needs the link to join it.")
    if fields["format"] != MeetingFormat.ONLINE and not fields.get("venue_address"):
        missing["venue_address"] = _("A meeting in person or hybrid needs the venue's address.")
    return missing


def _locked(meeting_id) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("network", "edition")
        .get(pk=meeting_id)
    )


@transaction.atomic
def meeting_schedule(*, network_id: int, by: User, agenda=(), **fields) -> Meeting:
    network = Network.objects.get(pk=network_id)
    if not rules.can_schedule(by, network):
        raise PermissionDenied
    validate_meeting(fields)
    edition = edition_for_new_work(network.pk)
    meeting = Meeting.objects.create(network=network, edition=edition, created_by=by, **fields)
    _replace_agenda(meeting, agenda)
    search_index(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, meeting_id: int, by: User, agenda=None, **fields) -> Meeting:
    """Edit or reschedule; the registered participants are told what changed."""
    meeting = _locked(meeting_id)
    if not rules.can_schedule(by, meeting.network):
        raise PermissionDenied
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    validate_meeting(fields, draft=meeting.draft)
    capacity = fields.get("capacity")
    # On the locked row: nobody registers between this count and the save.
    if capacity is not None and capacity < (registered := places_taken(meeting)[0]):
        raise ValidationError({"capacity": ngettext(
            "%(count)s place is already taken: the capacity cannot be lower.",
            "%(count)s places are already taken (registrations and places offered from the "
            "waiting list): the capacity cannot be lower than that.",
            registered,
        ) % {"count": registered}})  # fmt: skip
    per_city = fields.get("places_per_city")
    if per_city is not None and (crowded := _cities_over(meeting, per_city)):
        raise ValidationError({"places_per_city": _(
            "%(city)s already has %(count)s places (registrations and places offered): the "
            "places per city cannot be lower than that."
        ) % crowded})  # fmt: skip
    rescheduled = (fields["starts_at"], fields["ends_at"]) != (meeting.starts_at, meeting.ends_at)
    anonymous = fields.pop("survey_anonymous", None)
    fields = {name: value for name, value in fields.items() if name in MEETING_FIELDS}
    if anonymous is not None and anonymous != meeting.survey_anonymous:
        # On the locked row: an answer given meanwhile waits for this change, or stops it.
        if SurveyAnswer.objects.filter(meeting=meeting).exists():
            raise ValidationError({"survey_anonymous": _(
                "The survey has been answered: whether it is anonymous can no longer change."
            )})  # fmt: skip
        fields["survey_anonymous"] = anonymous
    changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
    for name, value in fields.items():
        setattr(meeting, name, value)
    if agenda is not None:
        before = [(i.starts_at, i.title, i.speaker) for i in meeting.agenda.all()]
        after = [(i["starts_at"], i["title"], i.get("speaker", "")) for i in agenda]
        if before != after:
            changed.add("agenda")
            _replace_agenda(meeting, agenda)
    # What a participant's calendar or plans hold; places and the deadline are the list's.
    told = bool(changed & (EVENT_FIELDS | {"agenda"}))
    if told:
        meeting.sequence += 1
    meeting.save(update_fields=[*fields, "sequence"])
    search_index(meeting=meeting)
    meeting.offered = len(_offer_free_places(meeting))  # more places, or a later deadline
    if told:
        params = {"topic": meeting.topic, "start": meeting.starts_at.isoformat(),
                  "meeting": meeting.pk, "rescheduled": bool(rescheduled)}  # fmt: skip
        _tell_participants(meeting, NotificationKind.MEETING_CHANGED, params)
    meeting.told = told  # for the page's message: whether anyone was notified
    return meeting


EVENT_FIELDS = {
    "topic", "description", "starts_at", "ends_at", "format", "host_city", "venue_address",
    "online_url",
}  # fmt: skip


def _cities_over(meeting, places: int) -> dict | None:
    """A city holding more than `places` places at the meeting, with how many it holds."""
    holding = Counter([
        *meeting.registrations.values_list("person__profile__city__name", flat=True),
        *meeting.waiting_list.offered().values_list("person__profile__city__name", flat=True),
    ])  # fmt: skip
    holding.pop(None, None)
    city, count = max(holding.items(), key=lambda item: item[1], default=(None, 0))
    return {"city": city, "count": count} if count > places else None


@transaction.atomic
def meeting_cancel(*, meeting_id: int, by: User, reason: str) -> Meeting:
    meeting = _locked(meeting_id)
    if not rules.can_schedule(by, meeting.network):
        raise PermissionDenied
    if meeting.is_cancelled:
        return meeting
    if not (cancellable := rules.can_cancel(meeting)):
        raise ValidationError(cancellable.reason)
    meeting.cancelled_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "sequence"])
    for entry in meeting.waiting_list.filter(offered_at__isnull=False):
        entry.offered_at = entry.offer_expires_at = None  # no place to hold any more
        entry.save(update_fields=["offered_at", "offer_expires_at"])
    _tell_participants(
        meeting, NotificationKind.MEETING_CANCELLED,
        {"topic": meeting.topic, "reason": reason, "meeting": meeting.pk},
    )  # fmt: skip
    return meeting


def _tell_participants(meeting, kind, params):
    url = reverse("meetings:detail", args=[meeting.pk])
    # Those registered and those waiting; only those who may still see the meeting hear of it.
    registered = User.objects.filter(
        Q(meeting_registrations__meeting=meeting) | Q(meeting_waiting_lists__meeting=meeting)
    ).values("pk")
    notify_all(
        people_of(meeting.network, among=registered), kind=kind, params=params, url=url,
        network=meeting.network,
    )  # fmt: skip


def meeting_document(meeting: Meeting) -> analysis.Document:
    """What the search reads of a meeting: its lead topic most, its description and agenda,
    the host city."""
    agenda = " ".join(f"{item.title} {item.speaker}" for item in meeting.agenda.all())
    return analysis.document(
        (meeting.topic, "A"),
        (analysis.text_of(meeting.description), "B"),
        (agenda, "B"),
        (meeting.host_city.name if meeting.host_city_id else "", "C"),
    )


def report_document(report: MeetingReport) -> analysis.Document:
    return analysis.document((analysis.text_of(report.body), "B"), (report.minutes, "C"))


def search_index(*, meeting=None, report=None) -> None:
    """Refresh the search vectors in the write's transaction: a meeting's, its report's."""
    if meeting is not None:
        save_in_search(Meeting, meeting.pk, meeting_document(meeting))
    if report is not None:
        save_in_search(MeetingReport, report.pk, report_document(report))


def _replace_agenda(meeting, agenda):
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, starts_at=item["starts_at"], title=item["title"],
                   speaker=item.get("speaker", ""))
        for item in agenda
    )  # fmt: skip


def registration_register(
    *, meeting_id: int, person: User, mode: str
) -> Registration | WaitingListEntry:
    """Take a place, or, when none is free for the person (the meeting is full, or their
    city's places are taken), a place on the waiting list. The meeting row is locked so two
    people never take the last place."""
    with transaction.atomic():
        meeting = _locked(meeting_id)
        existing = (
            meeting.registrations.filter(person=person).first()
            or meeting.waiting_list.filter(person=person).first()
        )
        if existing:
            return existing
        decision = rules.can_take_part(person, meeting)
        if not decision:
            raise ValidationError(decision.reason)
        if mode == RegistrationMode.ONLINE and not meeting.has_online_part:
            mode = RegistrationMode.IN_PERSON
        if mode == RegistrationMode.IN_PERSON and meeting.format == MeetingFormat.ONLINE:
            mode = RegistrationMode.ONLINE
        taken, city_taken = places_taken(meeting, city_id=city_of(person))
        room = rules.room(meeting, taken=taken, city_taken=city_taken)
        if room:
            return _registered(meeting, person, mode)
        last = meeting.waiting_list.aggregate(last=Max("position"))["last"] or 0
        return WaitingListEntry.objects.create(
            meeting=meeting, person=person, mode=mode, reason=room.waiting_reason,
            position=last + 1,
        )  # fmt: skip


def _registered(meeting, person, mode) -> Registration:
    """The place taken, confirmed by e-mail (outbox: sent once the registration commits)
    with the meeting's .ics, online link included."""
    registration = Registration.objects.create(meeting=meeting, person=person, mode=mode)
    message = EmailMultiAlternatives(
        **email_to(
            person, lambda: _("You are registered: %(topic)s") % {"topic": meeting.topic},
            "meetings/email/registered", {"meeting": meeting, "registration": registration},
        ),
        attachments=[calendar.attachment_of(meeting, participant=True)],
    )  # fmt: skip
    email_queue(message)
    return registration


def calendar_attachments(notification) -> list:
    """A changed or cancelled meeting's .ics for the e-mail of its notification, as the
    recipient may see it (the online link for those registered)."""
    meeting_id = (notification.params or {}).get("meeting")
    person = notification.recipient
    meeting = (
        Meeting.objects.visible_to(person).published().select_related("network", "host_city")
        .filter(pk=meeting_id).first() if meeting_id else None
    )  # fmt: skip
    if meeting is None:
        return []
    # Only those with a place: a file would put the meeting in a waiting person's calendar.
    if not meeting.registrations.filter(person=person).exists():
        return []
    return [calendar.attachment_of(meeting, participant=True)]


def city_of(person) -> int | None:
    """The city a person's places count against (ZMP staff have none, and no quota)."""
    return getattr(getattr(person, "profile", None), "city_id", None)


def places_taken(meeting, *, city_id=None, now=None) -> tuple[int, int]:
    """The meeting's places taken (registrations and places held for an offer), and those
    of the city; to be read under the meeting's lock when a place is given on them."""
    now = now or timezone.now()
    registered, offered = meeting.registrations.all(), meeting.waiting_list.offered(now)
    taken = registered.count() + offered.count()
    if not city_id:
        return taken, 0
    of_city = Q(person__profile__city_id=city_id)
    return taken, registered.filter(of_city).count() + offered.filter(of_city).count()


def _offer_free_places(meeting, now=None) -> list[WaitingListEntry]:
    """Under the meeting's lock, after anything that may free a place: expired offers leave
    the list (their people are told), then each free place is offered to the first on the
    waiting list whose city still has room, held until rules.offers_open_until."""
    now = now or timezone.now()
    until = rules.offers_open_until(meeting, now)
    # A deadline (or start) moved earlier shortens the places held: none outlives it.
    closes = min(filter(None, [meeting.registration_deadline, meeting.starts_at]))
    meeting.waiting_list.filter(offer_expires_at__gt=closes).update(
        offer_expires_at=Greatest(Value(closes), F("offered_at") + dt.timedelta(microseconds=1))
    )
    for entry in meeting.waiting_list.filter(offer_expires_at__lte=now).select_related("person"):
        entry.delete()
        notify(
            recipient=entry.person, kind=NotificationKind.WAITING_OFFER_EXPIRED,
            params={"topic": meeting.topic, "until": entry.offer_expires_at.isoformat(),
                    "closed": until is None},
            url=reverse("meetings:detail", args=[meeting.pk]), network=meeting.network,
        )  # fmt: skip
    waiting = meeting.waiting_list.filter(offered_at__isnull=True).select_related("person__profile")
    if until is None or not waiting.exists():
        return []
    holding = [
        *meeting.registrations.values_list("person__profile__city_id", flat=True),
        *meeting.waiting_list.offered(now).values_list("person__profile__city_id", flat=True),
    ]
    by_city = Counter(holding)
    free = meeting.capacity - len(holding) if meeting.capacity is not None else None
    offered = []
    for entry in waiting.order_by("position", "pk"):
        if free is not None and free <= 0:
            break
        city = city_of(entry.person)
        if meeting.places_per_city and city and by_city[city] >= meeting.places_per_city:
            continue  # waits for a place of their own city
        entry.offered_at, entry.offer_expires_at = now, until
        entry.save(update_fields=["offered_at", "offer_expires_at"])
        by_city[city] += 1
        free = free - 1 if free is not None else None
        offered.append(entry)
        notify(
            recipient=entry.person, kind=NotificationKind.WAITING_PLACE_OFFERED,
            params={"topic": meeting.topic, "until": until.isoformat(),
                    "start": meeting.starts_at.isoformat()},
            url=reverse("meetings:detail", args=[meeting.pk]), network=meeting.network,
        )  # fmt: skip
    return offered


def waiting_offers_expire(now=None) -> int:
    """Pass on every offer not confirmed in time (beat runs it every few minutes; a page
    never counts an expired offer as a place taken meanwhile). Returns the offers expired."""
    now = now or timezone.now()
    meeting_ids = (
        WaitingListEntry.objects.filter(offer_expires_at__lte=now)
        .values_list("meeting_id", flat=True)
        .distinct()
    )
    expired = 0
    for meeting_id in list(meeting_ids):
        with transaction.atomic():
            meeting = _locked(meeting_id)
            expired += meeting.waiting_list.filter(offer_expires_at__lte=now).count()
            _offer_free_places(meeting, now)
    return expired


def waiting_offer_accept(*, meeting_id: int, person: User) -> Registration:
    """Take the place held for the person; refused once the offer has expired (the place
    then goes to the next person, in the same locked step)."""
    with transaction.atomic():
        meeting = _locked(meeting_id)
        now = timezone.now()
        if registered := meeting.registrations.filter(person=person).first():
            return registered  # confirmed already (a second click)
        entry = meeting.waiting_list.filter(person=person).first()
        if entry and entry.offer_expires_at and entry.offer_expires_at > now:
            decision = rules.can_take_part(person, meeting)
            if not decision:
                raise ValidationError(decision.reason)
            entry.delete()
            return _registered(meeting, person, entry.mode)
        _offer_free_places(meeting, now)
    if entry and entry.offer_expires_at and rules.offers_open_until(meeting, now) is None:
        raise ValidationError(_("The time to confirm the place has passed, and registration "
                                "has closed."))  # fmt: skip
    if entry and entry.offer_expires_at:
        raise ValidationError(
            _("The time to confirm the place has passed: it has been offered to the next "
              "person on the waiting list. You may join the list again.")
        )  # fmt: skip
    raise ValidationError(_("No place is being held for you at this meeting."))


@transaction.atomic
def waiting_leave(*, meeting_id: int, person: User) -> bool:
    """Leave the waiting list, or decline the place offered: it goes to the next person."""
    meeting = _locked(meeting_id)
    entry = meeting.waiting_list.filter(person=person).first()
    if entry is None:
        return False
    entry.delete()
    _offer_free_places(meeting)
    return True


@transaction.atomic
def waiting_move(*, meeting_id: int, entry_id: int, by: User, up: bool) -> bool:
    """The coordinator moves a person one place up or down the waiting list; False when
    they are first or last already."""
    meeting = _locked(meeting_id)
    if not rules.can_schedule(by, meeting.network):
        raise PermissionDenied
    entries = list(meeting.waiting_list.order_by("position", "pk"))
    index = next((i for i, entry in enumerate(entries) if entry.pk == entry_id), None)
    if index is None:
        raise ValidationError(_("This person is no longer on the waiting list."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(entries):
        return False
    moved, swapped = entries[index], entries[other]
    moved.position, swapped.position = swapped.position, moved.position
    if moved.position == swapped.position:  # equal positions: make the order explicit
        moved.position += -1 if up else 1
    for entry in (moved, swapped):
        entry.save(update_fields=["position"])
    _offer_free_places(meeting)
    return True


@transaction.atomic
def registration_cancel(*, meeting_id: int, person: User) -> bool:
    """A place given back, until the meeting begins: from then on the registration is the
    record of who was expected (the attendance list is made from it). The place is offered
    to the first on the waiting list."""
    meeting = _locked(meeting_id)
    if meeting.has_begun:
        raise ValidationError(
            _("The meeting has begun: your registration stays, as the record of who took part.")
        )
    registrations = Registration.objects.filter(meeting=meeting, person=person)
    if registrations.filter(_attendance_recorded).exists():
        # Checked in at the door before the start: that is a record, not a place to give back.
        raise ValidationError(
            _("Your presence has already been recorded: your registration stays, as the "
              "record of who took part.")
        )  # fmt: skip
    ended = False
    for registration in registrations:
        registration.delete()
        ended = True
    _offer_free_places(meeting)
    return ended


# A registration that records attendance (present, absent, or checked in): never deleted.
_attendance_recorded = Q(attended__isnull=False) | Q(checked_in_at__isnull=False)


def registrations_end_where_unseen(*, person_id: int) -> int:
    """A person who left a network or lost their verification no longer holds places at its
    coming meetings, nor waits for one (the coordinator's list and the seats count the
    network's people); each place freed is offered to the next on the waiting list."""
    person = User.objects.select_related("profile").get(pk=person_id)
    inside = access_of(person, fresh=True).inside
    coming = Q(person=person, meeting__starts_at__gt=timezone.now())
    ended = 0
    for model in (Registration, WaitingListEntry):
        rows = model.objects.filter(coming).exclude(meeting__network_id__in=inside)
        if model is Registration:  # one checked in early stays the record of who came
            rows = rows.exclude(_attendance_recorded)
        for meeting_id in list(rows.values_list("meeting_id", flat=True).distinct()):
            with transaction.atomic():
                meeting = _locked(meeting_id)
                ended += rows.filter(meeting=meeting).delete()[0]
                _offer_free_places(meeting)
    return ended


def coming_places_of(*, person_id: int, network_ids):
    """The person's places (and waiting-list entries) at the coming, not cancelled meetings of
    these networks: what passes to their successor (registrations_hand_over)."""
    coming = Q(
        person_id=person_id, meeting__network_id__in=list(network_ids),
        meeting__starts_at__gt=timezone.now(), meeting__cancelled_at__isnull=True,
    )  # fmt: skip
    return (
        Registration.objects.filter(coming).exclude(_attendance_recorded),
        WaitingListEntry.objects.filter(coming),
    )


def registrations_hand_over(*, from_person_id: int, to_person: User, network_ids) -> int:
    """A city's seat passes to a successor (networks.successions): the predecessor's places
    at the coming meetings of these networks become the successor's, and so does their place
    on a waiting list. The seat is the same city's, so neither the meeting's capacity nor its
    places per city change; a successor who already has a place keeps theirs, and the
    predecessor's is given back to the waiting list. Past meetings stay as they were (the
    record of who came). Each meeting row is locked, as every place given is. Returns the
    places that passed to the successor. Runs inside the hand-over's transaction."""
    from audit.registry import record

    places, waiting = coming_places_of(person_id=from_person_id, network_ids=network_ids)
    meeting_ids = sorted(
        {*places.values_list("meeting_id", flat=True), *waiting.values_list("meeting_id", flat=True)}
    )  # fmt: skip
    same_city = city_of(to_person) is not None and city_of(to_person) == (
        Profile.objects.filter(user_id=from_person_id).values_list("city_id", flat=True).first()
    )
    moved = 0
    for meeting_id in meeting_ids:
        meeting = _locked(meeting_id)
        holds = meeting.registrations.filter(person=to_person).exists()
        awaits = meeting.waiting_list.filter(person=to_person).first()
        for registration in places.filter(meeting=meeting).select_for_update():
            if holds or not same_city:
                registration.delete()
                continue
            if awaits is not None:  # the seat's place is better than a place in the queue
                awaits.delete()
                awaits = None
            registration.person = to_person
            registration.save(update_fields=["person"])
            record(registration, {"person": [from_person_id, to_person.pk]})
            holds, moved = True, moved + 1
        for entry in waiting.filter(meeting=meeting).select_for_update():
            if holds or awaits is not None or not same_city:
                entry.delete()
                continue
            entry.person = to_person
            entry.save(update_fields=["person"])
            awaits = entry
        _offer_free_places(meeting)
    return moved


REMINDER_LEAD = {
    ReminderKind.WEEK_BEFORE: dt.timedelta(days=7),
    ReminderKind.DAY_BEFORE: dt.timedelta(days=1),
}


def reminders_due(now=None):
    """(registration id, kind, start in ISO) of every reminder that should have gone and has
    not.

    A week's reminder is skipped once the meeting is less than a day away: the day's one
    says it all. Streams ids, so memory stays flat.
    """
    now = now or timezone.now()
    sent = Reminder.objects.filter(
        meeting=OuterRef("meeting"), person=OuterRef("person"), kind=OuterRef("due_kind"),
        starts_at=OuterRef("meeting__starts_at"),
    )  # fmt: skip
    for kind, lead in REMINDER_LEAD.items():
        window = Q(meeting__starts_at__gt=now, meeting__starts_at__lte=now + lead)
        if kind == ReminderKind.WEEK_BEFORE:
            window &= Q(meeting__starts_at__gt=now + REMINDER_LEAD[ReminderKind.DAY_BEFORE])
        due = (
            Registration.objects.filter(window, meeting__cancelled_at__isnull=True)
            .annotate(due_kind=Value(kind, output_field=CharField()))
            .exclude(Exists(sent))
            .values_list("pk", "meeting__starts_at")
        )
        for registration_id, starts_at in due.iterator(chunk_size=2000):
            yield registration_id, kind, starts_at.isoformat()


def reminder_days(meeting, now=None) -> int:
    """When the meeting is, counted in days as the calendar on the wall counts them (a
    reminder a week ahead may go when the meeting is only two days away); the reminder says
    "today", "tomorrow" or "in 2 days" from it (accounts.notification_texts)."""
    local = timezone.localtime(meeting.starts_at)
    return (local.date() - timezone.localdate(now or timezone.now())).days


def _still_due(registration_id: int, starts_at: str | None) -> Registration | None:
    """The registration a reminder or invitation was queued for, if its person still sees
    the (published) meeting and it still starts at `starts_at` (ISO; a meeting rescheduled
    since has its own)."""
    registration = (
        Registration.objects.select_related("meeting__network", "person")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return None
    meeting = registration.meeting
    visible = Meeting.objects.visible_to(registration.person).published()
    if not visible.filter(pk=meeting.pk).exists():
        return None
    if starts_at is not None and meeting.starts_at != dt.datetime.fromisoformat(starts_at):
        return None
    return registration


def _first_of_its_kind(registration, kind) -> bool:
    """Writes the Reminder row that makes a message go once per person, kind and start;
    False when it exists (beat fired twice, a task ran again)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                meeting=registration.meeting, person=registration.person, kind=kind,
                starts_at=registration.meeting.starts_at,
            )  # fmt: skip
    except IntegrityError:
        return False
    return True


def reminder_send(*, registration_id: int, kind: str, starts_at: str | None = None) -> bool:
    """Send one reminder (of the start it was due for, `starts_at` in ISO); False when it
    already went (beat fired twice, a task ran again) or the meeting moved since."""
    with transaction.atomic():
        registration = _still_due(registration_id, starts_at)
        if registration is None or not _first_of_its_kind(registration, kind):
            return False
        meeting = registration.meeting
        notify(
            recipient=registration.person,
            kind=NotificationKind.MEETING_REMINDER,
            params={
                "topic": meeting.topic,
                "start": meeting.starts_at.isoformat(),
                "days": reminder_days(meeting),
                "venue": meeting.venue_address,
            },
            url=reverse("meetings:detail", args=[meeting.pk]),
            network=meeting.network,
        )
    return True


def calendar_feed_renew(*, person: User) -> CalendarFeed:
    """Give the person a new secret address; the old one stops working at once."""
    feed, _created = CalendarFeed.objects.update_or_create(
        person=person, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_feed_revoke(*, person: User) -> None:
    CalendarFeed.objects.filter(person=person).delete()


@transaction.atomic
def report_save(
    *, meeting_id: int, by: User, body: str, minutes: str, level: str, publish: bool
) -> MeetingReport:
    meeting = _locked(meeting_id)
    if not rules.can_schedule(by, meeting.network):
        raise PermissionDenied
    if not (closable := rules.can_close(meeting)):
        raise ValidationError(closable.reason)
    if level not in rules.report_levels(meeting.network):
        raise ValidationError({"level": _("A closed network's reports stay with its members.")})
    report, _created = MeetingReport.objects.select_for_update().get_or_create(
        meeting=meeting, defaults={"body": "", "updated_by": by}
    )
    report.body = sanitise.rich_text(body)
    report.minutes = minutes.strip()
    report.level = level
    report.updated_by = by
    if publish and report.published_at is None:
        report.published_at = timezone.now()
    elif not publish:
        report.published_at = None
    # Not the view count, which readers move meanwhile.
    report.save(
        update_fields=["body", "minutes", "level", "updated_by", "published_at", "updated_at"]
    )
    search_index(report=report)
    return report


def report_viewed(report: MeetingReport) -> None:
    MeetingReport.objects.filter(pk=report.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def photo_add(*, meeting_id: int, by: User, upload, caption: str) -> MeetingPhoto:
    from .tasks import make_photo_thumbnail  # tasks import this module

    meeting = _locked(meeting_id)
    if not rules.can_schedule(by, meeting.network):
        raise PermissionDenied
    photo = uploads.photo_saved(MeetingPhoto(meeting=meeting), upload, caption=caption, by=by)
    transaction.on_commit(lambda: make_photo_thumbnail.delay(photo.pk), robust=True)
    return photo


def photo_make_thumbnail(photo_id: int) -> bool:
    return uploads.thumbnail_made(MeetingPhoto, photo_id)


@transaction.atomic
def attachment_add(*, meeting_id: int, by: User, upload, title: str) -> MeetingAttachment:
    meeting = _locked(meeting_id)
    if not rules.can_schedule(by, meeting.network):
        raise PermissionDenied
    return uploads.attachment_saved(MeetingAttachment(meeting=meeting), upload, title=title, by=by)


@transaction.atomic
def attendance_record(*, meeting_id: int, by: User, attended_ids) -> None:
    meeting = _locked(meeting_id)
    if not rules.can_schedule(by, meeting.network):
        raise PermissionDenied
    if not (closable := rules.can_close(meeting)):
        raise ValidationError(closable.reason)
    attended_ids = {int(pk) for pk in attended_ids}
    registrations = meeting.registrations.all()
    # Only what the list changes is recorded as the list's: a person checked in at the door
    # or found in an online report and still ticked keeps where their presence came from.
    present, absent = (
        registrations.filter(pk__in=attended_ids),
        registrations.exclude(pk__in=attended_ids),
    )
    present.exclude(attended=True).update(attended=True, attendance_source=AttendanceSource.LIST)
    absent.exclude(attended=False).update(
        attended=False, attendance_source=AttendanceSource.LIST, checked_in_at=None
    )
    # Updates send no signal: who took part in the network, and when, counted again.
    activity.recount(person_ids=registrations.values("person_id"), network_id=meeting.network_id)


def _attendance_checked(meeting, by) -> None:
    """On the locked meeting: its network's coordinator, in the check-in window."""
    if not rules.can_schedule(by, meeting.network):
        raise PermissionDenied
    if not (open_ := rules.can_check_in(meeting)):
        raise ValidationError(open_.reason)


def _registration_of(meeting, registration_id) -> Registration:
    registration = meeting.registrations.select_for_update().filter(pk=registration_id).first()
    if registration is None:
        raise ValidationError(_("This person is not registered for this meeting."))
    return registration


@transaction.atomic
def check_in(*, meeting_id: int, registration_id: int, by: User) -> Registration:
    """The person is here: marked present at the door, with the time. A second tap (a page
    sent twice) keeps the first time."""
    meeting = _locked(meeting_id)
    _attendance_checked(meeting, by)
    registration = _registration_of(meeting, registration_id)
    if registration.attended and registration.checked_in_at:
        return registration
    registration.attended = True
    registration.attendance_source = AttendanceSource.DOOR
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["attended", "attendance_source", "checked_in_at"])
    return registration


@transaction.atomic
def check_in_undo(*, meeting_id: int, registration_id: int, by: User) -> Registration:
    """A tap on the wrong person taken back: their attendance is not recorded again."""
    meeting = _locked(meeting_id)
    _attendance_checked(meeting, by)
    registration = _registration_of(meeting, registration_id)
    registration.attended = None
    registration.attendance_source = ""
    registration.checked_in_at = None
    registration.save(update_fields=["attended", "attendance_source", "checked_in_at"])
    return registration


ONLINE_SOURCES = (AttendanceSource.ZOOM, AttendanceSource.TEAMS)


@transaction.atomic
def attendance_import(*, meeting_id: int, by: User, source: str, emails, registration_ids) -> int:
    """Mark present those an online meeting's participant report shows: the registrations
    whose person's e-mail is in `emails` (compared without case) and those the coordinator
    chose for the report's other rows. Nobody is marked absent; those already present keep
    where it came from. Returns how many were marked present."""
    meeting = _locked(meeting_id)
    _attendance_checked(meeting, by)
    if source not in ONLINE_SOURCES:
        raise ValidationError(_("Choose a participant report from Zoom or Microsoft Teams."))
    emails = {email.strip().lower() for email in emails if email and email.strip()}
    chosen = {int(pk) for pk in registration_ids}
    registrations = meeting.registrations.all()
    if len(chosen) != registrations.filter(pk__in=chosen).count():
        raise ValidationError(_("A person chosen for a row is no longer registered."))
    by_email = registrations.annotate(email=Lower("person__email")).filter(email__in=emails)
    found = registrations.filter(Q(pk__in=chosen) | Q(pk__in=by_email.values("pk")))
    marked = found.exclude(attended=True).update(attended=True, attendance_source=source)
    # The update sends no signal: who took part in the network, and when, counted again.
    activity.recount(person_ids=found.values("person_id"), network_id=meeting.network_id)
    return marked


# Certificates of participation


def place_of(meeting) -> str:
    """Where the meeting was, as a certificate says it: the venue and host city (the city not
    named twice), and "online" for what was online."""
    city = str(meeting.host_city or "")
    venue = meeting.venue_address
    place = ", ".join(filter(None, [venue, "" if city in venue else city]))
    if meeting.format == MeetingFormat.ONLINE or not place:
        return _("online")
    if meeting.format == MeetingFormat.HYBRID:
        return _("%(place)s and online") % {"place": place}
    return place


def coordinators_named(network) -> str:
    """The public names of the network's coordinators, in Polish order."""
    people = (
        Participation.objects.filter(
            network=network, role=Role.COORDINATOR, status=ParticipationStatus.ACCEPTED
        )
        .select_related("person")
        .order_by("person__sort_key", "person_id")
    )
    return ", ".join(dict.fromkeys(p.person.public_name for p in people))


def certificate_number(meeting, pk: int) -> str:
    return f"EMPIRIE/{timezone.localtime(meeting.starts_at).year}/{pk:06d}"


def _issued(meeting, registrations) -> list[Certificate]:
    """New certificates for registrations (locked, checked) that have none: what they say
    as of now, in Polish (the document's language). Three queries however many."""
    if not registrations:
        return []
    with translation.override("pl"):
        coordinators, place = coordinators_named(meeting.network), place_of(meeting)
    made = []
    for registration in registrations:
        code = secrets.token_urlsafe(24)  # 192 random bits
        made.append(Certificate(
            registration=registration, code=code, number=f"~{code[:30]}",  # until the pk
            person_name=registration.person.public_name, meeting_topic=meeting.topic,
            network_name=meeting.network.name, starts_at=meeting.starts_at,
            ends_at=meeting.ends_at, place=place, coordinator_name=coordinators,
        ))  # fmt: skip
    Certificate.objects.bulk_create(made)
    for certificate in made:
        certificate.number = certificate_number(meeting, certificate.pk)
    Certificate.objects.bulk_update(made, ["number"])
    return made


def certificate_for(*, registration_id: int, by: User) -> Certificate:
    """The certificate of participation of one registration marked present, made the first
    time it is asked for (by its holder or the network's coordinator), the same one after.
    The registration's row is locked, so two requests at once make one certificate."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("meeting__network", "meeting__host_city", "person")
            .get(pk=registration_id)
        )
        if not rules.may_fetch_certificate(by, registration):
            raise PermissionDenied
        if not (certifiable := rules.can_certify(registration)):
            raise ValidationError(certifiable.reason)
        existing = Certificate.objects.filter(registration=registration).first()
        return existing or _issued(registration.meeting, [registration])[0]


def certificates_of_meeting(*, meeting_id: int, by: User) -> list[Certificate]:
    """The certificates of everyone marked present at the meeting, for its coordinator; the
    missing ones are made. A fixed number of queries however many people took part."""
    with transaction.atomic():
        meeting = Meeting.objects.select_related("network", "host_city").get(pk=meeting_id)
        if not rules.can_schedule(by, meeting.network):
            raise PermissionDenied
        present = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(meeting=meeting, attended=True)
            .select_related("person")
            .order_by("pk")
        )
        # The meeting's side of the rule (taken place, not cancelled); each row is present.
        if not (certifiable := rules.can_certify(Registration(meeting=meeting, attended=True))):
            raise ValidationError(certifiable.reason)
        existing = {
            c.registration_id: c
            for c in Certificate.objects.filter(registration__in=[r.pk for r in present])
        }
        made = _issued(meeting, [r for r in present if r.pk not in existing])
        by_registration = {**existing, **{c.registration_id: c for c in made}}
        certificates = []
        for registration in present:
            registration.meeting = meeting
            certificate = by_registration[registration.pk]
            certificate.registration = registration
            certificates.append(certificate)
    return sorted(certificates, key=lambda c: (c.registration.person.sort_key, c.pk))


# The evaluation survey after a meeting.

SURVEY_TEXT_MAX = 4000


def _survey_text(value) -> str:
    text = (value or "").replace("\x00", "").strip()
    if len(text) > SURVEY_TEXT_MAX:
        raise ValidationError(_("Write at most %(max)d characters.") % {"max": SURVEY_TEXT_MAX})
    return text


def _rating(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."))
    return value


def survey_answer(
    *,
    meeting_id: int,
    person: User,
    overall,
    usefulness,
    to_change: str = "",
    topic_wishes: str = "",
) -> None:
    """One answer to the meeting's evaluation survey, once per person. The record that the
    person answered (SurveyTaken) and the answer are apart: an anonymous answer has no person,
    no time and a random key, and neither is written to the audit log. The meeting's row is
    locked, so the answer and a change of the survey's anonymity never cross, and the unique
    SurveyTaken stops a second answer sent at the same moment."""
    overall, usefulness = _rating(overall), _rating(usefulness)
    to_change, topic_wishes = _survey_text(to_change), _survey_text(topic_wishes)
    with transaction.atomic():
        meeting = _locked(meeting_id)
        if not (decision := rules.can_answer_survey(person, meeting)):
            raise ValidationError(decision.reason, code="refused")
        try:
            with transaction.atomic():
                SurveyTaken.objects.create(meeting=meeting, person=person)
        except IntegrityError:
            raise ValidationError(
                _("You have already answered – thank you."), code="refused"
            ) from None
        SurveyAnswer.objects.create(
            meeting=meeting, person=None if meeting.survey_anonymous else person,
            overall=overall, usefulness=usefulness, to_change=to_change,
            topic_wishes=topic_wishes,
        )  # fmt: skip


def survey_invitations_due(now=None):
    """(registration id, start in ISO) of each participant of a meeting that has ended, whose
    survey is open, who was not marked absent, has not answered and has not been invited
    (a SURVEY reminder for the meeting's start). Streams ids, so memory stays flat."""
    now = now or timezone.now()
    invited = Reminder.objects.filter(
        meeting=OuterRef("meeting"), person=OuterRef("person"), kind=ReminderKind.SURVEY,
        starts_at=OuterRef("meeting__starts_at"),
    )  # fmt: skip
    answered = SurveyTaken.objects.filter(meeting=OuterRef("meeting"), person=OuterRef("person"))
    due = (
        Registration.objects.filter(
            Q(attended__isnull=True) | Q(attended=True),
            meeting__ends_at__lte=now,
            meeting__ends_at__gt=now - rules.SURVEY_OPEN,
            meeting__cancelled_at__isnull=True,
            meeting__draft=False,
        )
        .exclude(Exists(invited))
        .exclude(Exists(answered))
        .values_list("pk", "meeting__starts_at")
    )
    for registration_id, starts_at in due.iterator(chunk_size=2000):
        yield registration_id, starts_at.isoformat()


def survey_invite(*, registration_id: int, starts_at: str | None = None) -> bool:
    """Invite one participant to the survey, exactly once (the Reminder row); False when it
    went already, the meeting moved since it was queued, or the person may not answer (no
    longer sees the network's inside, marked absent, answered, the survey closed)."""
    with transaction.atomic():
        registration = _still_due(registration_id, starts_at)
        if registration is None:
            return False
        meeting, person = registration.meeting, registration.person
        if not rules.can_answer_survey(person, meeting, registration=registration):
            return False
        if not _first_of_its_kind(registration, ReminderKind.SURVEY):
            return False
        notify(
            recipient=person,
            kind=NotificationKind.MEETING_SURVEY,
            params={
                "topic": meeting.topic,
                "until": rules.survey_closes_at(meeting).isoformat(),
                "anonymous": meeting.survey_anonymous,
            },
            url=reverse("meetings:survey", args=[meeting.pk]),
            network=meeting.network,
        )
    return True
