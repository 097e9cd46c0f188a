import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.selectors import plan_label
from empirie import moderation
from empirie.widgets import RICH_TEXT_HELP, RichTextarea
from meetings.models import Meeting
from practices.choices import PracticeStatus
from practices.models import Practice

from .choices import ResultKind, Stage
from .models import Comment, Result
from .services import plans_for


class ResultForm(forms.ModelForm):
    class Meta:
        model = Result
        fields = ["kind", "title", "summary", "body", "meetings", "practices", "plans"]
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "body": RichTextarea(attrs={"rows": 14}),
            "meetings": forms.CheckboxSelectMultiple,
            "practices": forms.CheckboxSelectMultiple,
            "plans": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "body": RICH_TEXT_HELP,
            "meetings": _("The network's meetings this result comes from."),
            "practices": _("Published practices of this network's cities that it draws on."),
            "plans": _("The development plans of the network's member cities that it serves."),
        }

    def __init__(self, *args, network, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ResultKind.choices  # radio buttons need no empty choice
        self.fields["meetings"].queryset = (
            Meeting.objects.visible_to(user)
            .published()
            .filter(network=network)
            .select_related("network")
            .order_by("-starts_at")
        )
        self.fields["practices"].queryset = (
            Practice.objects.visible_to(user)
            .filter(status=PracticeStatus.PUBLISHED, networks=network)
            .select_related("city")
            .order_by("title")
        )
        self.fields["practices"].label_from_instance = lambda p: f"{p.title} ({p.city})"
        self.fields["plans"].queryset = plans_for(network)
        self.fields["plans"].label_from_instance = plan_label

    def save_arguments(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"], "title": data["title"], "summary": data["summary"],
            "body": data["body"], "meetings": data["meetings"], "practices": data["practices"],
            "plans": data["plans"],
        }  # fmt: skip


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Open the result to"), widget=forms.RadioSelect)
    opinions_until = forms.DateField(
        label=_("Opinions until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When opening it to observers: the date by which the network asks for "
                    "their opinions. Observers see it on the result and on their desk."),
    )  # fmt: skip
    # Needed when opening the result to observers: not marked "(opcjonalnie)"; its help says so.
    opinions_until.marked_optional = False

    OPINION_WEEKS = 4

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in stages]
        if Stage.OBSERVERS in stages:
            self.initial.setdefault(
                "opinions_until",
                timezone.localdate() + datetime.timedelta(weeks=self.OPINION_WEEKS),
            )
        else:
            del self.fields["opinions_until"]

    def clean(self):
        data = super().clean()
        if data.get("to_stage") == Stage.OBSERVERS:
            until = data.get("opinions_until")
            if "opinions_until" in self.errors:
                pass  # what was typed is not a date: that error says it
            elif until is None:
                self.add_error("opinions_until", _("Give the date by which observers may give "
                                                   "their opinions."))  # fmt: skip
            elif until <= timezone.localdate():
                self.add_error("opinions_until", _("The date must be after today."))
            elif until > timezone.localdate() + datetime.timedelta(days=366):
                self.add_error("opinions_until", _("Ask for opinions within a year at most."))
        return data


class CommentForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        queryset=Comment.objects.none(), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"body": _("Plain text; web addresses become links.")}

    def __init__(self, *args, result=None, **kwargs):
        super().__init__(*args, **kwargs)
        if result is not None:
            self.fields["parent"].queryset = result.comments.all()


class ModerationForm(moderation.HideForm):
    help_text = _("Shown to the author of the comment.")


class ReportForm(moderation.ReportForm):
    question = _("What is wrong with this comment?")
