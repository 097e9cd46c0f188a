from django.urls import path

from .report_views import FunderReportView

app_name = "funder_report"

urlpatterns = [
    path("", FunderReportView.as_view(), name="report"),
    path("raport.xlsx", FunderReportView.as_view(download="xlsx"), name="xlsx"),
    path("raport.pdf", FunderReportView.as_view(download="pdf"), name="pdf"),
]
