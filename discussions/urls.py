from django.urls import path

from empirie import converters  # noqa: F401 - registers <token:…>

from . import views

app_name = "discussions"

POST = "<int:pk>/wpisy/<int:post>/"

urlpatterns = [
    path("", views.ThreadListView.as_view(), name="list"),
    path("nowy/", views.ThreadCreateView.as_view(), name="create"),
    path("przeczytane/", views.NetworkActionView.as_view(action="read"), name="mark_read"),
    path("nowe-watki/", views.NetworkActionView.as_view(action="news"), name="new_threads"),
    path("osoby/", views.PeopleToMentionView.as_view(), name="people"),
    path("<int:pk>/", views.ThreadView.as_view(), name="thread"),
    path("<int:pk>/osoby/", views.ThreadPeopleToMentionView.as_view(), name="thread_people"),
    path("<int:pk>/obserwuj/", views.ThreadActionView.as_view(action="watch"), name="watch"),
    path(
        "<int:pk>/rozwiazanie/", views.ThreadActionView.as_view(action="solution"), name="solution"
    ),
    path("<int:pk>/przypnij/", views.ThreadActionView.as_view(action="pin"), name="pin"),
    path("<int:pk>/zamknij/", views.ThreadActionView.as_view(action="lock"), name="lock"),
    path("<int:pk>/przenies/", views.ThreadMoveView.as_view(), name="move"),
    path("<int:pk>/polacz/", views.ThreadMergeView.as_view(), name="merge"),
    path("<int:pk>/do-wiedzy/", views.ThreadConvertView.as_view(), name="convert"),
    path(POST + "edycja/", views.PostEditView.as_view(), name="post_edit"),
    path(POST + "usun/", views.PostDeleteView.as_view(), name="post_delete"),
    path(
        POST + "pliki/<int:document>/", views.PostDocumentView.as_view(), name="post_document_file"
    ),
    path(
        POST + "zdjecia/<int:photo>/<token:size>/",
        views.PostPhotoView.as_view(),
        name="post_photo_file",
    ),  # fmt: skip
    path(POST + "przydatne/", views.UsefulView.as_view(), name="post_useful"),
    path(POST + "zglos/", views.PostReportView.as_view(), name="post_report"),
    path(POST + "ukryj/", views.PostHideView.as_view(), name="post_hide"),
    path(
        POST + "przywroc/",
        views.PostModerationActionView.as_view(action="restore"),
        name="post_restore",
    ),  # fmt: skip
    path(
        POST + "odrzuc-zgloszenia/",
        views.PostModerationActionView.as_view(action="dismiss"),
        name="post_dismiss_reports",
    ),  # fmt: skip
]
