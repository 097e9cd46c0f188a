from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("", views.PublicFiguresView.as_view(), name="public"),
    path("csv/<slug:chart>/", views.PublicCsvView.as_view(), name="public_csv"),
    path("sieci/", views.StaffFiguresView.as_view(), name="staff"),
    path("sieci/csv/<slug:chart>/", views.StaffCsvView.as_view(), name="staff_csv"),
]
