from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("networks", views.NetworkViewSet, basename="network")
router.register("cities", views.CityViewSet, basename="city")
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("results", views.ResultViewSet, basename="result")
router.register("meeting-reports", views.MeetingReportViewSet, basename="report")

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/networks/", views.MyNetworksView.as_view(), name="my_networks"),
    path("me/meetings/", views.MyMeetingsView.as_view(), name="my_meetings"),
    path("me/notifications/", views.MyNotificationsView.as_view(), name="my_notifications"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
