from django.urls import path

from . import views
from .feeds import NetworkResultsFeed, PublicResultsFeed

app_name = "results"

urlpatterns = [
    path("", views.ResultListView.as_view(), name="list"),
    path("kanal.atom", PublicResultsFeed(), name="feed"),
    path("do-opinii/", views.ObserverHomeView.as_view(), name="observer_home"),
    path("siec/<slug:slug>/nowy/", views.ResultCreateView.as_view(), name="create"),
    path("siec/<slug:slug>/kanal.atom", NetworkResultsFeed(), name="network_feed"),
    path(
        "siec/<slug:slug>/zgloszone-komentarze/",
        views.ReportedCommentsView.as_view(),
        name="reports",
    ),
    path("<int:pk>/", views.ResultDetailView.as_view(), name="detail"),
    path("<int:pk>/edycja/", views.ResultEditView.as_view(), name="edit"),
    path("<int:pk>/etap/", views.StageView.as_view(), name="stage"),
    path("<int:pk>/zalaczniki/", views.AttachmentsView.as_view(), name="attachments"),
    path(
        "<int:pk>/zalaczniki/<int:document>/",
        views.AttachmentFileView.as_view(),
        name="attachment_file",
    ),
    path(
        "<int:pk>/zalaczniki/<int:document>/usun/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path("komentarze/<int:pk>/edycja/", views.CommentEditView.as_view(), name="comment_edit"),
    path("komentarze/<int:pk>/usun/", views.CommentDeleteView.as_view(), name="comment_delete"),
    path("komentarze/<int:pk>/zglos/", views.CommentReportView.as_view(), name="comment_report"),
    path("komentarze/<int:pk>/ukryj/", views.CommentHideView.as_view(), name="comment_hide"),
    path(
        "komentarze/<int:pk>/przywroc/",
        views.CommentModerationActionView.as_view(action="restore"),
        name="comment_restore",
    ),
    path(
        "komentarze/<int:pk>/odrzuc-zgloszenia/",
        views.CommentModerationActionView.as_view(action="dismiss"),
        name="comment_dismiss_reports",
    ),
]
