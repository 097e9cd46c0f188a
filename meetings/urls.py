from django.urls import path

from empirie import converters  # noqa: F401 - registers <token:…>

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.ComingMeetingsView.as_view(), name="coming"),
    path("archiwum/", views.MeetingArchiveView.as_view(), name="archive"),
    path("kalendarz/", views.CalendarSubscriptionView.as_view(), name="calendar_subscription"),
    path("kalendarz/<token:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("nowe/<slug:slug>/", views.ScheduleView.as_view(), name="schedule"),
    path("plan/<slug:slug>/", views.PlanView.as_view(), name="plan"),
    path("frekwencja/", views.AttendanceOverviewView.as_view(), name="attendance_overview"),
    path("frekwencja/<slug:slug>/", views.CityAttendanceView.as_view(), name="city_attendance"),
    path(
        "frekwencja/<slug:slug>.<token:kind>",
        views.CityAttendanceExportView.as_view(),
        name="city_attendance_export",
    ),
    path("ankiety/<slug:slug>/", views.NetworkSurveysView.as_view(), name="network_surveys"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="detail"),
    path("<int:pk>/ankieta/", views.SurveyView.as_view(), name="survey"),
    path("<int:pk>/ankieta/wyniki/", views.SurveyResultsView.as_view(), name="survey_results"),
    path("<int:pk>/edycja/", views.EditView.as_view(), name="edit"),
    path("<int:pk>/odwolanie/", views.CancelView.as_view(), name="cancel"),
    path("<int:pk>/publikacja/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/rejestracja/", views.RegisterView.as_view(), name="register"),
    path("<int:pk>/wypisanie/", views.UnregisterView.as_view(), name="unregister"),
    path(
        "<int:pk>/lista-oczekujacych/potwierdzenie/",
        views.AcceptOfferView.as_view(),
        name="accept_offer",
    ),
    path(
        "<int:pk>/lista-oczekujacych/rezygnacja/",
        views.LeaveWaitingListView.as_view(),
        name="leave_waiting_list",
    ),
    path(
        "<int:pk>/lista-oczekujacych/<int:entry_id>/przesuniecie/",
        views.MoveOnWaitingListView.as_view(),
        name="move_on_waiting_list",
    ),
    path("<int:pk>/relacja/", views.ReportView.as_view(), name="report"),
    path("<int:pk>/relacja/edycja/", views.ReportEditView.as_view(), name="report_edit"),
    path("<int:pk>/obecnosc/", views.AttendanceView.as_view(), name="attendance"),
    path("<int:pk>/obecnosc/wejscie/", views.CheckInView.as_view(), name="check_in"),
    path(
        "<int:pk>/obecnosc/import/",
        views.AttendanceImportView.as_view(),
        name="attendance_import",
    ),
    path("zdjecia/<int:pk>/<token:size>/", views.photo_file, name="photo_file"),
    path("zalaczniki/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("<int:pk>/spotkanie.ics", views.IcsView.as_view(), name="ics"),
    path("<int:pk>/uczestnicy.csv", views.ParticipantsCsvView.as_view(), name="participants_csv"),
    path(
        "<int:pk>/lista-obecnosci.pdf",
        views.AttendanceListPdfView.as_view(),
        name="attendance_list_pdf",
    ),
    path("<int:pk>/zaswiadczenie.pdf", views.CertificateView.as_view(), name="certificate"),
    path(
        "<int:pk>/zaswiadczenia.zip", views.CertificatesZipView.as_view(), name="certificates_zip"
    ),
]
