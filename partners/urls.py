from django.urls import path

from . import views

app_name = "partners"

CONVERSATION = "konto/wiadomosci/<int:pk>/"
REPORTED = "zgloszone-wiadomosci/<int:pk>/"

urlpatterns = [
    path("sieci/<slug:slug>/partnerzy/", views.DirectoryView.as_view(), name="directory"),
    path("partnerzy/<int:pk>/", views.CardView.as_view(), name="card"),
    path("konto/wiadomosci/", views.ConversationListView.as_view(), name="conversations"),
    path("konto/wiadomosci/nowa/osoba/<int:pk>/", views.AskView.as_view(), name="ask_person"),
    path(
        "konto/wiadomosci/nowa/praktyka/<slug:slug>/",
        views.AskView.as_view(),
        name="ask_practice",
    ),
    path(CONVERSATION, views.ConversationView.as_view(), name="conversation"),
    path(f"{CONVERSATION}zablokuj/", views.BlockView.as_view(), name="block"),
    path(f"{CONVERSATION}odblokuj/", views.BlockView.as_view(block=False), name="unblock"),
    path(
        f"{CONVERSATION}<int:message>/zglos/",
        views.MessageReportView.as_view(),
        name="message_report",
    ),
    # ZMP's staff's moderation of a reported message (not its conversation).
    path(REPORTED, views.MessageModerateView.as_view(), name="message_moderate"),
    path(
        f"{REPORTED}odrzuc-zgloszenia/",
        views.MessageModerationActionView.as_view(action="dismiss"),
        name="message_dismiss_reports",
    ),
]
