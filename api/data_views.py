"""Open data (/dane/): each registered dataset as CSV and JSON downloads, streamed, with its
metadata as dane.gov.pl lists it, on the page and as JSON."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from empirie.spreadsheets import BOM, csv_writer, formula_safe

from . import datasets
from .reference import reference

# Downloads and their metadata are the same for everyone (a visitor's view): any cache may keep
# them a while.
PUBLIC_FOR = "public, max-age=300"


def address_of(request) -> str:
    """The portal's address as the request reached it ("https://host"), for the links: the
    host name or proxy the reader came through (settings.PORTAL_URL is for e-mails and
    tasks, which have no request)."""
    return request.build_absolute_uri("/").removesuffix("/")


def metadata(dataset, modified, portal_url: str) -> dict:
    """The dataset as dane.gov.pl describes one (its names in English keys, words in Polish)."""
    with translation.override("pl"):
        return {
            "title": str(dataset.title),
            "notes": str(dataset.description),
            "url": portal_url + reverse("open_data:index") + f"#{dataset.slug}",
            "license": datasets.LICENCE,
            "license_condition_source": datasets.ATTRIBUTION,
            "update_frequency": dataset.update_frequency,
            "update_frequency_label": str(datasets.FREQUENCIES[dataset.update_frequency]),
            "modified": modified.isoformat() if modified else None,
            "keywords": list(dataset.keywords),
            "resources": [
                {
                    "title": f"{dataset.title} ({kind.upper()})",
                    "format": kind.upper(),
                    "media_type": datasets.FORMATS[kind],
                    "link": portal_url
                    + reverse("open_data:download", kwargs={"dataset": dataset.slug, "kind": kind}),
                }
                for kind in dataset.formats
            ],
        }


def catalogue(portal_url: str) -> dict:
    return {
        "publisher": {"name": "Związek Miast Polskich", "url": portal_url + "/"},
        "datasets": [
            metadata(dataset, dataset.modified(), portal_url) for dataset in datasets.registered()
        ],
    }


class OpenDataView(TemplateView):
    template_name = "api/open_data.html"

    def get_context_data(self, **kwargs):
        described, address = [], address_of(self.request)
        for dataset in datasets.registered():
            modified = dataset.modified()
            described.append(
                {
                    "dataset": dataset,
                    "meta": metadata(dataset, modified, address),
                    "modified": modified,
                    "frequency": datasets.FREQUENCIES[dataset.update_frequency],
                }
            )
        return super().get_context_data(
            datasets=described,
            licence=datasets.LICENCE,
            attribution=datasets.ATTRIBUTION,
            **kwargs,
        )


class ApiReferenceView(TemplateView):
    """The API's reference in the page's language (api/reference.py)."""

    template_name = "api/reference.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reference=reference(get_language()),
            base=address_of(self.request) + reverse("api:root"),
            **kwargs,
        )


class CatalogueView(View):
    def get(self, request):
        response = JsonResponse(
            catalogue(address_of(request)), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Cache-Control"] = PUBLIC_FOR
        return response


class DownloadView(View):
    """A dataset as a file, streamed a record at a time."""

    def get(self, request, dataset, kind):
        found = datasets.dataset_named(dataset)
        if found is None or kind not in found.formats:
            raise Http404
        address = address_of(request)
        stream = csv_lines(found, address) if kind == "csv" else json_lines(found, address)
        response = StreamingHttpResponse(
            stream, content_type=f"{datasets.FORMATS[kind]}; charset=utf-8"
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{found.slug}-{stamp}.{kind}"'
        response["Cache-Control"] = PUBLIC_FOR
        return response


def csv_lines(dataset, portal_url):
    """Semicolons and a BOM, as every CSV of the portal (Polish Excel opens it in columns)."""

    class Echo:
        def write(self, value):
            return value

    writer = csv_writer(Echo())
    with translation.override("pl"):
        yield BOM
        yield writer.writerow(dataset.columns)
        for row in dataset.rows(portal_url):
            yield writer.writerow([formula_safe(row[name]) for name in dataset.columns])


def json_lines(dataset, portal_url):
    """A JSON array of the records, one a line."""
    with translation.override("pl"):
        first = True
        yield "["
        for row in dataset.rows(portal_url):
            yield ("\n" if first else ",\n") + json.dumps(
                {name: row[name] for name in dataset.columns},
                ensure_ascii=False,
                cls=DjangoJSONEncoder,
            )
            first = False
        yield "\n]\n"
