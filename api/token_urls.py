from django.urls import path

from . import token_views

app_name = "api_tokens"

urlpatterns = [
    path("nowy/", token_views.TokenCreateView.as_view(), name="create"),
    path("<int:pk>/uniewaznij/", token_views.TokenRevokeView.as_view(), name="revoke"),
]
