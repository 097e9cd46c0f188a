from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from empirie import sanitise

from . import exchange, services
from .forms import restricted_needs_networks
from .models import Category, Practice, PracticeAttachment, PracticeContact

MAX_IMPORT_BYTES = 10 * 1024 * 1024


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ContactInline(admin.TabularInline):
    model = PracticeContact
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 0
    fields = ["title", "kind", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields  # added through the practice's page, where the file is checked


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns as the README describes; the list's export has them too."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file; save nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file may have at most 10 MB."))
        return upload


class PracticeAdminForm(forms.ModelForm):
    class Meta:
        model = Practice
        fields = "__all__"  # noqa: DJ007  # the admin shows every field, as without a form of its own

    def clean(self):
        cleaned = super().clean()
        restricted_needs_networks(self, cleaned)
        return cleaned


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    form = PracticeAdminForm
    list_display = ["title", "city", "category", "status", "updated_at"]
    list_filter = ["status", "category", "city__voivodeship"]
    search_fields = ["title", "summary", "city__name"]
    list_select_related = ["city", "category"]
    autocomplete_fields = ["city", "category", "author", "plans"]
    filter_horizontal = ["networks", "tags"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ContactInline, AttachmentInline]
    actions = ["export_csv", "export_xlsx"]
    change_list_template = "admin/practices/practice/change_list.html"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.presentation = sanitise.rich_text(form.instance.presentation)
        Practice.objects.filter(pk=form.instance.pk).update(presentation=form.instance.presentation)
        services.search_index(form.instance)

    @admin.action(description=_("Export the selected practices to CSV"))
    def export_csv(self, request, queryset):
        return self._export(queryset, "csv")

    @admin.action(description=_("Export the selected practices to XLSX"))
    def export_xlsx(self, request, queryset):
        return self._export(queryset, "xlsx")

    def _export(self, queryset, kind):
        stamp = timezone.localdate().isoformat()
        return exchange.export_response(queryset, kind=kind, filename=f"praktyki-{stamp}")

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="practices_practice_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload, check (dry run by default), then import: all rows or none."""
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        report = file_error = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = exchange.read_table(upload, upload.name)
            except exchange.ImportFileError as error:
                file_error = str(error)
            else:
                report = exchange.import_practices(rows, dry_run=form.cleaned_data["dry_run"])
                if report.imported:
                    self.message_user(request, report.summary(), messages.SUCCESS)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import good practices"),
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "file_error": file_error,
            "columns": exchange.COLUMNS,
        }
        return TemplateResponse(request, "admin/practices/practice/import.html", context)
