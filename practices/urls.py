from django.urls import path

from empirie import converters  # noqa: F401 - registers <token:…>

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.PracticeListView.as_view(), name="list"),
    path("nowa/", views.PracticeFormView.as_view(), name="create"),
    path("mapa/", views.PracticeMapView.as_view(), name="map"),
    path("eksport.<token:kind>", views.PracticeExportView.as_view(), name="export"),
    path("do-recenzji/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("<slug:slug>/", views.PracticeDetailView.as_view(), name="detail"),
    path("<slug:slug>/prezentacja/", views.PracticePresentationView.as_view(), name="presentation"),
    path("<slug:slug>/zalaczniki/", views.PracticeAttachmentsView.as_view(), name="attachments"),
    path(
        "<slug:slug>/zalaczniki/<int:pk>/",
        views.AttachmentFileView.as_view(),
        name="attachment_file",
    ),
    path(
        "<slug:slug>/zalaczniki/<int:pk>/usun/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path("<slug:slug>/edycja/", views.PracticeFormView.as_view(), name="edit"),
    path("<slug:slug>/zgloszenie/", views.PracticeSubmitView.as_view(), name="submit"),
    path("<slug:slug>/recenzja/", views.ReviewView.as_view(), name="review"),
    path("<slug:slug>/przeniesienie/", views.TransferView.as_view(), name="transfer"),
]
