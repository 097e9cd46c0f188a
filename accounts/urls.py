from django.urls import path

from empirie import converters  # noqa: F401 - registers <signed:…>

from . import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.ProfileView.as_view(), name="profile"),
    path("wizytowka/", views.PartnerCardView.as_view(), name="partner_card"),
    path("powiadomienia/", views.NotificationListView.as_view(), name="notifications"),
    path(
        "powiadomienia/przeczytane/",
        views.NotificationsReadView.as_view(),
        name="notifications_read",
    ),
    path("wypisz/<signed:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("moje-dane/", views.PersonalDataView.as_view(), name="personal_data"),
    path("usun-konto/", views.AccountEraseView.as_view(), name="erase"),
    path("funkcje/", views.FunctionVerificationListView.as_view(), name="function_verifications"),
    path("funkcje/<int:pk>/", views.FunctionDecisionView.as_view(), name="function_decide"),
]
