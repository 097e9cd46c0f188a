"""The portal's URLs plus a bare view: the yardstick the benchmark divides by (bench/run.py)."""

from django.http import HttpResponse
from django.urls import path

from .urls import urlpatterns as portal


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal]
