from django.contrib import admin

from .models import City


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "unit_type", "county", "voivodeship", "population", "programme_status"]
    list_filter = ["voivodeship", "unit_type", "programme_status", "is_zmp_member"]
    search_fields = ["name", "county"]
    prepopulated_fields = {"slug": ["name"]}
