from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.views.generic import TemplateView

from empirie.pdf import pdf_response
from meetings.rules import SURVEY_SHOWN_FROM
from networks.access import access_of

from .report import funder_report, summary_rows
from .report_documents import report_filename, report_pdf, report_xlsx, tables
from .report_forms import ReportPeriodForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FunderReportView(LoginRequiredMixin, TemplateView):
    """For ZMP's administrators: the networks' figures for a period, as the programme's
    operator asks for them; the same as a workbook and a PDF. A period that is not one of
    the choices is the form's error on the page (400), never a server error."""

    template_name = "figures/report.html"
    download = None  # "xlsx" or "pdf"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access_of(request.user).administrator:
            raise Http404  # ZMP's own page: nobody else needs to know it exists
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = ReportPeriodForm(request.GET)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        report = funder_report(request.user, form.period())
        if self.download == "xlsx":
            response = HttpResponse(report_xlsx(report), content_type=XLSX)
            response["Content-Disposition"] = (
                f'attachment; filename="{report_filename(report, "xlsx")}"'
            )
            response["Cache-Control"] = "private, no-store"
            return response
        if self.download == "pdf":
            return pdf_response(report_pdf(report), filename=report_filename(report, "pdf"))
        return self.render_to_response(
            self.get_context_data(
                form=form,
                report=report,
                summary=summary_rows(report)[1:],
                tables=tables(report),
                query=form.query(),
                survey_shown_from=SURVEY_SHOWN_FROM,
            )
        )
