from django.contrib import admin

from empirie import sanitise

from .models import Comment, CommentReport, Moderation, Result, ResultAttachment, StageChange


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ["from_stage", "to_stage", "by", "at"]
    can_delete = False


class AttachmentInline(admin.TabularInline):
    model = ResultAttachment
    extra = 0
    fields = ["title", "kind", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "kind", "stage", "updated_at"]
    list_filter = ["stage", "kind", "network"]
    search_fields = ["title", "summary"]
    list_select_related = ["network"]
    autocomplete_fields = ["author", "plans"]
    filter_horizontal = ["meetings", "practices"]
    # Stages move through the portal's stage form, which records and notifies.
    readonly_fields = ["stage", "opened_to_observers_at", "published_at"]
    inlines = [StageChangeInline, AttachmentInline]

    def save_model(self, request, obj, form, change):
        # As the portal's form does: the page shows it as HTML.
        obj.body = sanitise.rich_text(obj.body)
        super().save_model(request, obj, form, change)


class ModerationInline(admin.TabularInline):
    model = Moderation
    extra = 0
    readonly_fields = ["action", "reason", "by", "at"]
    can_delete = False


class ReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    readonly_fields = ["reporter", "reason", "created_at", "handled_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "result", "author", "created_at", "hidden_at", "deleted_at"]
    list_filter = ["result__network"]
    list_select_related = ["result", "author"]
    search_fields = ["body"]
    readonly_fields = ["result", "parent", "author", "created_at", "edited_at", "deleted_at"]
    inlines = [ReportInline, ModerationInline]
