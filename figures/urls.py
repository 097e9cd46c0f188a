from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("", views.PublicFiguresView.as_view(), name="public"),
    path("csv/<slug:chart>/", views.PublicCsvView.as_view(), name="public_csv"),
    path("sieci/", views.StaffFiguresView.as_view(), name="staff"),
    path("sieci/csv/<slug:chart>/", views.StaffCsvView.as_view(), name="staff_csv"),
    # A section of each page (figures.public.sections, figures.staff.sections), after the
    # paths above: no section's slug is "csv" or "sieci" (nor "raport": empirie/urls.py).
    path("sieci/<slug:section>/", views.StaffFiguresView.as_view(), name="staff_section"),
    path("<slug:section>/", views.PublicFiguresView.as_view(), name="public_section"),
]
