from django.contrib import admin


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Read in the admin, written only by the portal itself (the audit log, the outbox)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
