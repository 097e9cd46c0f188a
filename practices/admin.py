from django.contrib import admin

from .models import Category, Practice


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "category", "status", "updated_at"]
    list_filter = ["status", "category", "city__voivodeship"]
    search_fields = ["title", "summary", "city__name"]
    list_select_related = ["city", "category"]
    autocomplete_fields = ["city", "category", "author"]
    filter_horizontal = ["networks"]
    prepopulated_fields = {"slug": ["title"]}
