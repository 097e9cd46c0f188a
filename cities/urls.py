from django.urls import path

from . import views

app_name = "cities"

urlpatterns = [
    path("<slug:slug>/", views.CityDetailView.as_view(), name="detail"),
    path("<slug:slug>/status/", views.CityStatusView.as_view(), name="status"),
    path("<slug:slug>/plany/nowy/", views.PlanCreateView.as_view(), name="plan_create"),
    path("<slug:slug>/plany/<int:pk>/", views.PlanEditView.as_view(), name="plan_edit"),
    path("<slug:slug>/plany/<int:pk>/usun/", views.PlanDeleteView.as_view(), name="plan_delete"),
]
