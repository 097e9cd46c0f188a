from django.contrib import admin

from .models import City, DevelopmentPlan


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "unit_type", "county", "voivodeship", "population", "programme_status"]
    list_filter = ["voivodeship", "unit_type", "programme_status", "is_zmp_member"]
    search_fields = ["name", "county"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "kind", "period_from", "period_to"]
    list_filter = ["kind"]
    search_fields = ["title", "city__name"]
    list_select_related = ["city"]
    autocomplete_fields = ["city"]
