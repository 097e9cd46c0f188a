from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("<slug:slug>/", views.NetworkDetailView.as_view(), name="detail"),
]
