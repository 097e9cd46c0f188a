from django.contrib import admin

from empirie.admin import ReadOnlyModelAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    """Read only: an audit log nobody can edit, not even an administrator."""

    list_display = ["at", "actor_label", "ip", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type", "at"]
    search_fields = ["actor_label", "object_repr", "object_id", "ip"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
