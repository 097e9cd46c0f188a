from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import Profile, User
from .personal_data import account_erase


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
