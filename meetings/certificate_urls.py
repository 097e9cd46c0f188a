"""The public verification of a certificate of participation (`/zaswiadczenia/<code>/`): apart
from the meetings' addresses, as anyone may open it, without logging in."""

from django.urls import path

from empirie import converters  # noqa: F401 - registers <token:…>

from . import views

app_name = "certificates"

urlpatterns = [
    path("<token:code>/", views.certificate_verify, name="verify"),
]
