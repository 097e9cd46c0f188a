from django.contrib import admin

from .models import Network, Participation


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "theme", "kind"]
    list_display_links = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["person", "network", "city", "role", "status", "applied_at", "decided_at"]
    list_filter = ["network", "role", "status"]
    search_fields = ["person__email", "person__last_name", "city__name"]
    list_select_related = ["person", "network", "city"]
    autocomplete_fields = ["person", "city", "decided_by"]
