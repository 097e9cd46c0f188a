from django.contrib import admin
from django.template.response import TemplateResponse


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Read in the admin, written only by the portal itself (the audit log, the outbox)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def confirmed_or_asked(model_admin, request, queryset, *, title, explanation, items, confirm):
    """None once the person confirmed the admin action; until then the page that names what it
    will act on (`items`, as text) and asks once more."""
    if request.POST.get("confirmed") == "yes":
        return None
    return TemplateResponse(
        request,
        "admin/action_confirmation.html",
        {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta,
         "title": title, "explanation": explanation, "items": items, "confirm": confirm,
         "action": request.POST.get("action", ""), "chosen": [item.pk for item in queryset]},
    )  # fmt: skip
