from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from empirie.admin import ReadOnlyModelAdmin

from . import services
from .choices import FunctionStatus
from .models import OutgoingEmail, Profile, User
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
    )
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

    @admin.action(description=_("Erase personal data (RODO request)"), permissions=["change"])
    def erase_personal_data(self, request, queryset):
        """Anonymise the chosen accounts, after a page that names them and asks again."""
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/accounts/user/erase_confirmation.html",
                {**self.admin_site.each_context(request), "people": queryset,
                 "opts": self.model._meta, "title": _("Erase personal data")},
            )  # fmt: skip
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


@admin.register(OutgoingEmail)
class FailedEmailAdmin(ReadOnlyModelAdmin):
    """The outbox e-mails given up after repeated failures, for administrators to see, read
    only. Never the body: it holds password-reset and confirmation links."""

    list_display = ["subject", "recipients", "created_at", "attempts", "last_error", "failed_at"]
    list_display_links = None
    fields = list_display
    readonly_fields = list_display
    search_fields = ["subject"]
    date_hierarchy = "failed_at"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(failed_at__isnull=False).defer("body")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": _("E-mails given up after repeated failures"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("recipients"))
    def recipients(self, email):
        return ", ".join(email.to)

    def get_urls(self):
        # No add page at all (not even one that refuses): the portal alone writes the outbox.
        return [url for url in super().get_urls() if not (url.name or "").endswith("_add")]
