from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.PracticeListView.as_view(), name="list"),
    path("nowa/", views.PracticeFormView.as_view(), name="create"),
    path("do-recenzji/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("<slug:slug>/", views.PracticeDetailView.as_view(), name="detail"),
    path("<slug:slug>/prezentacja/", views.PracticePresentationView.as_view(), name="presentation"),
    path("<slug:slug>/edycja/", views.PracticeFormView.as_view(), name="edit"),
    path("<slug:slug>/zgloszenie/", views.PracticeSubmitView.as_view(), name="submit"),
    path("<slug:slug>/recenzja/", views.ReviewView.as_view(), name="review"),
    path("<slug:slug>/przeniesienie/", views.TransferView.as_view(), name="transfer"),
]
