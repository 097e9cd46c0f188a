from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import NetworkAudience
from empirie.attachments import WithFilesForm
from empirie.moderation import HideForm, ReportForm
from empirie.widgets import QuickSelect
from practices.forms import CategoryChoiceField

from . import rules
from .choices import NewThreadNews, ThreadKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
POST_HELP = _(
    "Plain text. A blank line starts a new paragraph; lines starting with “- ” make a list; "
    "web addresses become links. Write @ and a person's first and last name to let them know."
)


def post_text(label, *, rows: int) -> forms.CharField:
    """The text of a post, a reply or an edit: one limit, one help, one word when empty."""
    return forms.CharField(
        label=label, max_length=10000, help_text=POST_HELP,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": _("Write something first.")},
    )  # fmt: skip


class ThreadForm(WithFilesForm):
    kind = forms.ChoiceField(label=_("What is it?"), widget=forms.RadioSelect)
    audience = forms.ChoiceField(label=_("Who reads it?"), widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = post_text(_("Your post"), rows=8)
    feedback_until = forms.DateField(
        label=_("Feedback asked by (consultations)"), required=False, widget=DATE,
        help_text=_("For a project consultation only, and then needed: the day by which you ask "
                    "the network for its feedback."),
    )  # fmt: skip
    pinned_until = forms.DateField(
        label=_("Pinned on top until (announcements)"), required=False, widget=DATE,
    )  # fmt: skip

    def __init__(self, *args, user, network, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = rules.kinds_to_start(user, network)
        self.fields["kind"].choices = [(k, ThreadKind(k).label) for k in kinds]
        audiences = rules.audiences_to_choose(user, network)
        self.fields["audience"].choices = [
            (a, _("only the network's people") if a == NetworkAudience.INSIDE
             else _("the network's people and its observer cities"))
            for a in audiences
        ]  # fmt: skip
        if len(audiences) == 1:
            self.fields["audience"].initial = audiences[0]
            self.fields["audience"].widget = forms.HiddenInput()
        # Needed for a consultation: not marked "(opcjonalnie)"; its label says when.
        self.fields["feedback_until"].marked_optional = False
        if ThreadKind.ANNOUNCEMENT not in kinds:
            del self.fields["pinned_until"]

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("kind") == ThreadKind.CONSULTATION:
            until = data.get("feedback_until")
            if until is None:
                self.add_error("feedback_until", _("Give the day by which you ask for feedback."))
            elif until <= today:
                self.add_error("feedback_until", _("The day for feedback must be after today."))
        pinned = data.get("pinned_until")
        if pinned is not None and pinned < today:
            self.add_error("pinned_until", _("Choose today or a later day."))
        return data


class PostForm(WithFilesForm):
    body = post_text(_("Your reply"), rows=6)
    quoted = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PostEditForm(WithFilesForm):
    body = post_text(_("Your post"), rows=8)
    remove = forms.MultipleChoiceField(
        label=_("Remove from the post"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].marked_optional = False  # a choice to tick, not a gap to fill
        self.fields["remove"].choices = [
            *((f"dokument-{a.pk}", _("the document “%(title)s”") % {"title": a.title})
              for a in post.attachments.all()),
            *((f"zdjecie-{p.pk}", _("the photo “%(caption)s”") % {"caption": p.caption})
              for p in post.photos.all()),
        ]  # fmt: skip

    def removed(self, prefix) -> list[int]:
        """The ids of the post's documents ("dokument") or photos ("zdjecie") ticked."""
        return [int(v.split("-")[1]) for v in self.cleaned_data["remove"] if v.startswith(prefix)]


class NewThreadNewsForm(forms.Form):
    new_threads = forms.ChoiceField(
        label=_("Which new threads do you want to hear of?"), choices=NewThreadNews.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip


class PinForm(forms.Form):
    until = forms.DateField(label=_("Pinned until"), required=False, widget=DATE)


class FilterForm(forms.Form):
    """The list's filters; anything odd in the address is ignored, not an error page."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("— any kind —")), *ThreadKind.choices],
        widget=QuickSelect,
    )  # fmt: skip
    state = forms.ChoiceField(
        label=_("Questions"), required=False,
        choices=[
            ("", _("— solved or open —")), ("rozwiazane", _("solved")),
            ("otwarte", pgettext_lazy("a question not yet solved", "open")),
        ],
        widget=QuickSelect,
    )  # fmt: skip
    # Typed, not chosen: a national network's threads come from hundreds of cities, too many
    # to read through in a list, and the letters typed find them in any case and diacritics.
    city = forms.CharField(
        label=_("Author's city"), required=False,
        help_text=_("The beginning of its name is enough, e.g. “krak” or “lodz”."),
    )  # fmt: skip


class PostReportForm(ReportForm):
    question = _("What is wrong with this post?")
    help_text = _("You may leave it empty; a few words help the coordinator decide.")


class MoveForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Move the thread to"), queryset=None, empty_label=_("— choose a network —")
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge this thread into"), queryset=None, empty_label=_("— choose a thread —"),
        help_text=_("Threads of this network read by the same people, the latest active first."),
    )  # fmt: skip

    def __init__(self, *args, threads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = threads
        self.fields["into"].label_from_instance = lambda thread: thread.title


class ConvertForm(forms.Form):
    into = forms.ChoiceField(
        label=_("Turn the thread into"), widget=forms.RadioSelect,
        choices=[("wynik", _("a draft result of the network")),
                 ("praktyka", _("a draft good practice of the author's city"))],
    )  # fmt: skip
    category = CategoryChoiceField(
        label=_("Category (for a practice)"), required=False,
        empty_label=_("— choose a category —"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].marked_optional = False  # needed for a practice: the label says

    def clean(self):
        data = super().clean()
        if data.get("into") == "praktyka" and not data.get("category"):
            self.add_error("category", _("Choose the practice's category."))
        return data


class PostHideForm(HideForm):
    """The moderator's reason for hiding a post, as for a comment; the post's author reads it."""

    help_text = _("Shown to the author of the post.")
