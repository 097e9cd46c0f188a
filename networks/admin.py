from django.contrib import admin
from django.utils.translation import pgettext_lazy

from .models import Edition, Network, Participation


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


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """A network's editions, to look at and to correct a name or a date. Opening and closing
    one are the network's page's (networks.editions: opening asks the members to confirm they
    continue, closing archives the work), so neither is done here, nor a deletion, which would
    take the edition's meetings, results and threads with it."""

    list_display = ["network", "number", "name", "starts_on", "ends_on", "state"]
    list_display_links = ["name"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter), "network"]
    list_select_related = ["network"]
    search_fields = ["name", "network__name"]
    ordering = ["network__number", "-number"]
    fields = ["network", "number", "name", "starts_on", "ends_on", "closed_at", "closed_by"]
    readonly_fields = ["network", "number", "closed_at", "closed_by"]

    @admin.display(
        description=pgettext_lazy("an edition, open or closed", "state"), ordering="closed_at"
    )
    def state(self, edition):
        return (
            pgettext_lazy("edition", "closed")
            if edition.is_closed
            else pgettext_lazy("edition", "open")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
