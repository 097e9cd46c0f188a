from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from empirie.admin import ReadOnlyModelAdmin, confirmed_or_asked

from . import services
from .choices import FunctionStatus
from .models import Notification, OutgoingEmail, Profile, User
from .personal_data import account_erase


def record_function_decision(profile, form, by):
    """A verification set in the admin says who decided and when, as one made on the portal
    does (the database requires the date)."""
    if "function_status" not in form.changed_data:
        return
    if profile.function_status == FunctionStatus.DECLARED:
        profile.function_verified_by, profile.function_verified_at = None, None
    else:
        profile.function_verified_by, profile.function_verified_at = by, timezone.now()


class ProfileInline(admin.StackedInline):
    model = Profile
    fk_name = "user"
    autocomplete_fields = ["city"]
    readonly_fields = ["function_verified_by", "function_verified_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [ProfileInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (_("City's seat"), {"fields": ("seat",)}),
    )
    readonly_fields = ["seat"]
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ["erase_personal_data"]

    def save_formset(self, request, form, formset, change):
        decided = []
        for inline_form in formset.forms:
            if isinstance(inline_form.instance, Profile) and inline_form.has_changed():
                record_function_decision(inline_form.instance, inline_form, request.user)
                decided.append(inline_form)
        super().save_formset(request, form, formset, change)
        for inline_form in decided:
            services.profile_saved_in_admin(
                profile_id=inline_form.instance.pk,
                function_status_changed="function_status" in inline_form.changed_data,
            )

    @admin.display(description=_("Successor"))
    def seat(self, person):
        """When a person leaves their city's office, their seat passes on the portal's page
        (networks.successions), which names what moves before it does."""
        from networks.successions import seats_of  # networks build on accounts

        if person.pk is None or not seats_of(person):
            return "–"  # no seat of a city to hand over
        return format_html(
            '<a href="{}">{}</a>',
            reverse("networks:successor", args=[person.pk]),
            _("Hand this person's seat in the networks to a successor"),
        )

    @admin.action(description=_("Erase personal data (RODO request)"), permissions=["change"])
    def erase_personal_data(self, request, queryset):
        """Anonymise the chosen accounts, after a page that names them and asks again."""
        asked = confirmed_or_asked(
            self, request, queryset, title=_("Erase personal data"),
            explanation=_("These accounts will be anonymised: name, e-mail, password, "
                          "notifications and registrations for coming meetings removed; "
                          "comments kept as a former user's; memberships kept without a name. "
                          "This cannot be undone."),
            items=[f"{person.get_full_name() or '–'} ({person.email})" for person in queryset],
            confirm=_("Yes, erase"),
        )  # fmt: skip
        if asked:
            return asked
        for person in queryset:
            account_erase(person=person)
        self.message_user(
            request,
            _("Erased the personal data of %(count)d account(s).") % {"count": len(queryset)},
        )
        return None


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "city", "function", "function_status"]
    list_filter = ["function", "function_status"]
    search_fields = ["user__email", "user__last_name", "city__name"]
    list_select_related = ["user", "city"]
    autocomplete_fields = ["user", "city"]
    readonly_fields = ["function_verified_by", "function_verified_at"]

    def save_model(self, request, obj, form, change):
        record_function_decision(obj, form, request.user)
        super().save_model(request, obj, form, change)
        services.profile_saved_in_admin(
            profile_id=obj.pk, function_status_changed="function_status" in form.changed_data
        )


class OutboxStateFilter(admin.SimpleListFilter):
    title = pgettext_lazy("of an e-mail", "state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("waiting for its first try")),
            ("retrying", _("failed, to be tried again")),
            ("failed", _("given up")),
            ("sent", _("sent")),
        ]

    def queryset(self, request, queryset):
        unsent = queryset.filter(sent_at__isnull=True, failed_at__isnull=True)
        return {
            "waiting": unsent.filter(attempts=0),
            "retrying": unsent.filter(attempts__gt=0),
            "failed": queryset.filter(failed_at__isnull=False),
            "sent": queryset.filter(sent_at__isnull=False),
        }.get(self.value(), queryset)


class ResendMixin:
    """An admin action that sends chosen e-mails again after a page that lists them and asks
    once more; who did it goes to the audit log (accounts.services)."""

    def has_resend_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def confirm_resend(self, request, queryset, *, explanation, resend):
        asked = confirmed_or_asked(
            self, request, queryset, title=_("Send again"), explanation=explanation,
            items=[str(item) for item in queryset], confirm=_("Yes, send again"),
        )  # fmt: skip
        if asked:
            return asked
        count = resend([item.pk for item in queryset])
        self.message_user(request, _("Sent again: %(count)d.") % {"count": count})
        return None


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ResendMixin, ReadOnlyModelAdmin):
    """The outbox, for administrators to see what failed and send it again. Never the body:
    it holds password-reset and confirmation links."""

    list_display = [
        "subject", "recipients", "state", "created_at", "attempts", "next_attempt_at",
        "last_error", "failed_at", "sent_at",
    ]  # fmt: skip
    list_display_links = None
    fields = list_display
    readonly_fields = list_display
    list_filter = [OutboxStateFilter]
    # The recipients are a JSON list: searched as its text.
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body", "alternatives", "attachments")

    @admin.display(description=_("recipients"))
    def recipients(self, email):
        return ", ".join(email.to)

    @admin.display(description=pgettext_lazy("of an e-mail", "state"))
    def state(self, email):
        if email.sent_at:
            return _("sent")
        if email.failed_at:
            return _("given up")
        return _("failed, to be tried again") if email.attempts else _("waiting for its first try")

    @admin.action(description=_("Send again (tries start anew)"), permissions=["resend"])
    def resend(self, request, queryset):
        return self.confirm_resend(
            request, queryset.filter(sent_at__isnull=True),
            explanation=_("These e-mails will be sent again, with their tries counted anew. "
                          "Those already sent are left out."),
            resend=services.outbox_resend,
        )  # fmt: skip

    def get_urls(self):
        # No add page at all (not even one that refuses): the portal alone writes the outbox.
        return [url for url in super().get_urls() if not (url.name or "").endswith("_add")]


class EmailedFilter(admin.SimpleListFilter):
    title = _("e-mail")
    parameter_name = "emailed"

    def lookups(self, request, model_admin):
        return [("no", _("not yet e-mailed")), ("yes", _("e-mailed or settled"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(emailed_at__isnull=self.value() == "no")
        return queryset


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", _("unread")), ("yes", _("read"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notification)
class NotificationAdmin(ResendMixin, ReadOnlyModelAdmin):
    """Notifications, for administrators to see whether one was e-mailed, and have it
    e-mailed again."""

    list_display = ["created_at", "recipient", "kind", "read_at", "emailed_at"]
    list_display_links = None
    fields = ["recipient", "kind", "url", "network", "created_at", "read_at", "emailed_at"]
    readonly_fields = fields
    list_filter = [EmailedFilter, ReadFilter, "kind"]
    search_fields = ["recipient__email", "recipient__last_name"]
    list_select_related = ["recipient"]
    # A large table: newest first by its primary key (indexed), and no second count of all.
    ordering = ["-pk"]
    show_full_result_count = False
    actions = ["resend"]

    @admin.action(description=_("E-mail again"), permissions=["resend"])
    def resend(self, request, queryset):
        return self.confirm_resend(
            request, queryset,
            explanation=_("These notifications will be e-mailed again to their recipients, "
                          "at once or in their digest, as each chose. Recipients who want no "
                          "e-mails are left out."),
            resend=services.notifications_resend,
        )  # fmt: skip

    def get_urls(self):
        # The portal alone writes notifications.
        return [url for url in super().get_urls() if not (url.name or "").endswith("_add")]
