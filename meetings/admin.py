from django.contrib import admin

from .models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["topic", "network", "starts_at", "format", "host_city"]
    list_filter = ["network", "format"]
    search_fields = ["topic", "host_city__name"]
    list_select_related = ["network", "host_city"]
    autocomplete_fields = ["host_city"]
    date_hierarchy = "starts_at"
