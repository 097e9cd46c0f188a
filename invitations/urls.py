from django.urls import path

from . import views

app_name = "invitations"

urlpatterns = [
    path("sieci/<slug:slug>/zaproszenia/", views.InvitationListView.as_view(), name="list"),
    path("sieci/<slug:slug>/zaproszenia/nowe/", views.InviteView.as_view(), name="new"),
    path(
        "sieci/<slug:slug>/zaproszenia/<int:pk>/wycofaj/",
        views.RevokeView.as_view(),
        name="revoke",
    ),
    path(
        "sieci/<slug:slug>/zaproszenia/<int:pk>/ponow/",
        views.RenewView.as_view(),
        name="renew",
    ),
    path("zaproszenie/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path(
        "zaproszenie/<str:token>/rejestracja/",
        views.InvitationSignupView.as_view(),
        name="signup",
    ),
]
