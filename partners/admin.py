"""Reported messages, for ZMP's staff: the message reported and the report, nothing else of
the conversation (conversations themselves are not in the admin: they are their sides')."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import MessageReport
from .services import moderator


@admin.register(MessageReport)
class MessageReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reporter", "reported_text", "reason", "handled_at"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter)]
    fields = ["reporter", "reported_text", "reason", "created_at", "handled_at"]
    readonly_fields = fields
    actions = ["hide_messages", "dismiss_reports"]
    ordering = ["handled_at", "-created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reporter", "message__author")

    @admin.display(description=_("reported message"))
    def reported_text(self, report):
        return report.message.body

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def _act(self, request, queryset, act, done):
        count = 0
        for message_id in set(queryset.values_list("message_id", flat=True)):
            try:
                act(message_id)
                count += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
        self.message_user(request, done(count))

    @admin.action(description=_("Hide the reported messages"))
    def hide_messages(self, request, queryset):
        reason = str(_("Hidden by ZMP's staff after a report."))
        self._act(
            request, queryset,
            lambda pk: moderator.hide(pk, by=request.user, reason=reason),
            lambda n: ngettext("%d message hidden.", "%d messages hidden.", n) % n,
        )  # fmt: skip

    @admin.action(description=_("Dismiss the reports (the messages are fine)"))
    def dismiss_reports(self, request, queryset):
        self._act(
            request, queryset,
            lambda pk: moderator.dismiss_reports(pk, by=request.user),
            lambda n: ngettext(
                "Reports of %d message dismissed.", "Reports of %d messages dismissed.", n
            ) % n,
        )  # fmt: skip
