from django import forms
from django.utils.translation import gettext_lazy as _

from empirie.moderation import HideForm, ReportForm

from .services import MESSAGE_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Plain text; links become clickable. Your e-mail address is not shown: the answer "
            "comes here, on the portal."
        ),
        error_messages={"required": _("Write your message.")},
    )


class MessageReportForm(ReportForm):
    question = _("What is wrong with this message?")
    help_text = _("ZMP's staff will read the reported message and your words, nothing else.")


class MessageHideForm(HideForm):
    """ZMP's staff's reason for hiding a reported message: its author reads it; the other
    side reads only that ZMP's staff hid it."""

    help_text = _(
        "Shown to the author of the message; the other side sees only that it was hidden."
    )
