from django.urls import path

from . import succession_views, views

app_name = "networks"

urlpatterns = [
    path("", views.NetworkListView.as_view(), name="list"),
    path("moje-zgloszenia/", views.MyParticipationsView.as_view(), name="my_participations"),
    path(
        "udzial/<int:pk>/zakoncz/", views.ParticipationEndView.as_view(), name="participation_end"
    ),
    path("zgloszenia/<int:pk>/decyzja/", views.DecisionView.as_view(), name="decide"),
    path("osoby/<int:pk>/nastepca/", succession_views.SuccessorView.as_view(), name="successor"),
    path("kontynuacja/<int:pk>/", views.ContinueView.as_view(), name="continue"),
    path(
        "kontynuacja/<int:pk>/rezygnacja/",
        views.ContinueDeclineView.as_view(),
        name="continue_decline",
    ),
    path("<slug:slug>/", views.NetworkDetailView.as_view(), name="detail"),
    path("<slug:slug>/wnetrze/", views.NetworkInsideView.as_view(), name="inside"),
    path("<slug:slug>/zgloszenie/", views.ApplyView.as_view(), name="apply"),
    path("<slug:slug>/zgloszenia/", views.ApplicationsView.as_view(), name="applications"),
    path("<slug:slug>/edycje/<int:number>/", views.EditionView.as_view(), name="edition"),
    path("<slug:slug>/edycje/zamknij/", views.EditionCloseView.as_view(), name="edition_close"),
    path("<slug:slug>/edycje/nowa/", views.EditionOpenView.as_view(), name="edition_open"),
]
