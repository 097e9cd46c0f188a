"""Moderation, one way for every kind of text people write for others to read (a result's
comments, a discussion's posts, and whatever comes next): readers report a text once each, the
coordinator hides it with a reason its author reads, restores it, or finds it fine and dismisses
its reports; every act is recorded with who did it and why (and, through the app's
`audit.track`, in the audit log).

A new kind of text gets moderation with a model built on `Hideable`, a report model built on
`Report` and a record model built on `ModerationRecord` that name the text (`reported_field`,
the ForeignKey each adds), a `Moderator` that names its rules and words, and views built on
the mixins below that name the text in the URL (`moderated`) and where to go back (`back()`).
Each app keeps its models, its tables and its rules; only the mechanism is here."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .sanitise import visible


class ModerationAction(models.TextChoices):
    HIDDEN = "hidden", _("hidden")
    RESTORED = "restored", _("restored")
    REPORTS_DISMISSED = "dismissed", _("reports dismissed")


# The models


class Hideable(models.Model):
    """A text the moderator may hide: readers then see that it was, its author sees why."""

    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("why hidden"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class Report(models.Model):
    """Somebody thinks a text breaks the rules; the coordinator looks at it. Each model adds
    the ForeignKey to the text and names it in `reported_field`, and a unique constraint on it
    and the reporter: one report per person."""

    reported_field: str

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("reported by"),
    )  # fmt: skip
    reason = models.CharField(_("what is wrong"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        # Ids, not names: this is the audit log's label of the report.
        return f"{self.reporter_id} → {_reported_id(self)}"


class ModerationRecord(models.Model):
    """What a moderator did to a text, and why: the record of moderation. Each model adds the
    ForeignKey to the text and names it in `reported_field`."""

    reported_field: str

    action = models.CharField(_("action"), max_length=10, choices=ModerationAction.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        abstract = True
        verbose_name = _("moderation")
        verbose_name_plural = _("moderations")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {_reported_id(self)}"


def _reported_id(row):
    return getattr(row, row._meta.get_field(row.reported_field).attname)


# Reading the reports


def open_reports(reports: type[Report]):
    """The reports not handled yet."""
    return reports.objects.filter(handled_at=None)  # visible: callers narrow it to texts read


def oldest_open_report(reports: type[Report]):
    """The oldest open report of the text of the outer query (OuterRef("pk")), for a
    Subquery of one of its values."""
    field = reports.reported_field
    return open_reports(reports).filter(**{field: OuterRef("pk")}).order_by("created_at", "pk")


def reported(texts, reports: type[Report]):
    """The texts (already through their `visible_to`) with reports not handled yet, each with
    `reported_at`, when its oldest open report came."""
    field = reports.reported_field
    # A subquery, not a join and a GROUP BY: planning that took longer than running it.
    first = oldest_open_report(reports)
    return texts.filter(pk__in=open_reports(reports).values(f"{field}_id")).annotate(
        reported_at=Subquery(first.values("created_at")[:1])
    )


# Acting


class Moderator:
    """The acts on one kind of text. An app's moderator names its models (`reports`,
    `records`), its rules (`readable`, `locked`, `may_report`, `may_moderate`), its words for
    the refusals, and what else a hidden or restored text changes (`changed`)."""

    reports: type[Report]
    records: type[ModerationRecord]
    already_reported: str
    already_hidden: str
    not_hidden: str

    def readable(self, by):
        """The texts the person may read (and so report)."""
        raise NotImplementedError

    def locked(self, pk, by):
        """The text, locked for update (select_for_update), or PermissionDenied."""
        raise NotImplementedError

    def may_report(self, by, text) -> bool:
        raise NotImplementedError

    def may_moderate(self, by, text) -> bool:
        raise NotImplementedError

    def changed(self, text) -> None:
        """The text was hidden or restored: what depends on it follows (a search index)."""

    def _open_reports_of(self, text):
        return open_reports(self.reports).filter(**{self.reports.reported_field: text})

    def reported_by(self, person, text) -> bool:
        """Whether the person has reported the text already (a report counts once)."""
        field = self.reports.reported_field
        return self.reports.objects.filter(**{field: text}, reporter=person).exists()

    def _recorded(self, text, action, reason, by):
        self.records.objects.create(
            **{self.records.reported_field: text}, action=action, reason=reason, by=by
        )

    def report(self, pk, *, by, reason: str) -> Report:
        """Once per person: the database's unique constraint says a second one is refused."""
        text = self.readable(by).filter(pk=pk).first()
        if text is None or not self.may_report(by, text):
            raise PermissionDenied
        try:
            with transaction.atomic():
                return self.reports.objects.create(
                    **{self.reports.reported_field: text}, reporter=by, reason=visible(reason)
                )
        except IntegrityError as error:
            raise ValidationError(self.already_reported) from error

    def _moderated(self, pk, by):
        """The text locked, its rule checked on the locked row."""
        text = self.locked(pk, by)
        if not self.may_moderate(by, text):
            raise PermissionDenied
        return text

    @transaction.atomic
    def hide(self, pk, *, by, reason: str):
        """Hidden with the reason its author reads; its open reports are handled by this."""
        text = self._moderated(pk, by)
        if not visible(reason):
            raise ValidationError(_("Give the reason; the author will see it."))
        if text.is_hidden:
            raise ValidationError(self.already_hidden)
        text.hidden_at, text.hidden_reason = timezone.now(), visible(reason)
        text.save(update_fields=["hidden_at", "hidden_reason"])
        self.changed(text)
        self._recorded(text, ModerationAction.HIDDEN, text.hidden_reason, by)
        self._open_reports_of(text).update(handled_at=text.hidden_at)
        return text

    @transaction.atomic
    def restore(self, pk, *, by, reason: str = ""):
        text = self._moderated(pk, by)
        if not text.is_hidden:
            raise ValidationError(self.not_hidden)
        text.hidden_at, text.hidden_reason = None, ""
        text.save(update_fields=["hidden_at", "hidden_reason"])
        self.changed(text)
        self._recorded(text, ModerationAction.RESTORED, visible(reason), by)
        return text

    @transaction.atomic
    def dismiss_reports(self, pk, *, by, reason: str = "") -> int:
        """The coordinator finds the text fine: its open reports are closed, and that
        recorded. How many were closed."""
        text = self._moderated(pk, by)
        handled = self._open_reports_of(text).update(handled_at=timezone.now())
        if not handled:  # dismissed already (two tabs, the desk and the page), or never made
            raise ValidationError(_("There are no reports to dismiss."))
        self._recorded(text, ModerationAction.REPORTS_DISMISSED, visible(reason), by)
        return handled


# Forms


class ReportForm(forms.Form):
    """The reader's report; `question` names the text ("What is wrong with this post?")."""

    question = ""
    help_text = ""

    reason = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = self.question
        self.fields["reason"].help_text = self.help_text


class HideForm(forms.Form):
    """The moderator's reason for hiding a text; `help_text` says who reads it."""

    help_text = ""

    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = self.help_text


# Views: each names `moderator` (its Moderator), `moderated` (the text in the URL, already
# through its `visible_to`: a 404 otherwise) and `back()` (to the text, or to the desk).


class ReportMixin:
    """A reader reports the text; refused (403) to those who may not (its author, say). One
    who reported it already is told so, not given the form again."""

    def get(self, request, *args, **kwargs):
        if self.moderator.reported_by(request.user, self.moderated):
            messages.info(request, self.moderator.already_reported)
            return self.back()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        if not self.moderator.may_report(self.request.user, self.moderated):
            raise PermissionDenied
        return super().get_form_kwargs()

    def form_valid(self, form):
        try:
            self.moderator.report(
                self.moderated.pk, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you; the coordinator will look at it."))
        return self.back()


class HideMixin:
    """The moderator hides the text, with the reason; `hidden_message` says it was. A text
    hidden already sends the moderator back to it, where "Restore" is."""

    hidden_message: str

    def get(self, request, *args, **kwargs):
        if self.moderated.is_hidden and self.moderator.may_moderate(request.user, self.moderated):
            messages.info(request, self.moderator.already_hidden)
            return self.back()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        if not self.moderator.may_moderate(self.request.user, self.moderated):
            raise PermissionDenied
        return super().get_form_kwargs()

    def form_valid(self, form):
        try:
            self.moderator.hide(
                self.moderated.pk, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.hidden_message)
        return self.back()


class ModerationActionMixin:
    """POST-only buttons: restore a hidden text (`action = "restore"`), dismiss a text's
    reports (otherwise); a refusal is said as a message. Back where `next` says: "desk", or
    one of the app's own (`next_page()`), else to the text."""

    action = None
    restored_message: str
    dismissed_message: str

    def post(self, request, *args, **kwargs):
        text, by = self.moderated, request.user
        if not self.moderator.may_moderate(by, text):
            raise PermissionDenied
        try:
            if self.action == "restore":
                self.moderator.restore(text.pk, by=by)
                messages.success(request, self.restored_message)
            else:
                self.moderator.dismiss_reports(text.pk, by=by)
                messages.success(request, self.dismissed_message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return self.next_page(request.POST.get("next"))

    def next_page(self, name):
        if name == "desk":
            return redirect("desk:home")
        return self.back()
