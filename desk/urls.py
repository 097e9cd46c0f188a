from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [path("", views.DeskView.as_view(), name="home")]
