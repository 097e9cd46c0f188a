from django.urls import path

from empirie import converters  # noqa: F401 - registers <token:…>

from . import data_views

app_name = "open_data"

urlpatterns = [
    path("", data_views.OpenDataView.as_view(), name="index"),
    path("api/", data_views.ApiReferenceView.as_view(), name="api_reference"),
    path("katalog.json", data_views.CatalogueView.as_view(), name="catalogue"),
    path("<slug:dataset>.<token:kind>", data_views.DownloadView.as_view(), name="download"),
]
