"""The statistics pages: "EMPIRIE w liczbach" for everyone, and the networks' figures for
their coordinators and ZMP. Thin: the filters are a GET form, each chart a function of them
(figures.public, figures.staff), drawn by figures.charts; every chart's CSV is the same
function's figures. Not cached: each chart is one aggregate query (README, "Statistics")."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from empirie.spreadsheets import formula_safe, table_response
from networks.access import access_of
from networks.models import Network

from . import public, staff
from .forms import FiguresFilter, bound


class FiguresMixin:
    charts: dict  # slug -> function of the filters giving its Chart
    csv_url_name: str

    def networks(self):
        return Network.objects.order_by("number")

    def filters(self) -> FiguresFilter:
        return bound(self.request.GET, networks=self.networks())

    def arguments(self, form) -> dict:
        data = form.cleaned_data
        return {
            "network": data.get("network"),
            "period": form.period(),
            "voivodeship": data.get("voivodeship") or "",
        }

    def query(self, form) -> str:
        """The filters as asked, for the CSV links: the same figures as the page."""
        return urlencode(
            [(name, self.request.GET[name]) for name in form.fields if self.request.GET.get(name)]
        )


class FiguresPageMixin(FiguresMixin):
    def get_context_data(self, **kwargs):
        form = self.filters()
        context = {"filter_form": form, "csv_url_name": self.csv_url_name, "charts": []}
        if form.is_valid():
            arguments = self.arguments(form)
            drawn = {slug: chart(**arguments) for slug, chart in self.charts.items()}
            more = self.more(arguments)
            context["charts"] = list(drawn.values())
            context["sections"] = [
                {
                    "id": f"czesc-{number}",
                    "heading": heading,
                    "intro": intro,
                    "charts": [drawn[slug] for slug in slugs],
                }
                for number, (heading, slugs, intro) in enumerate(self.sections(), 1)
            ]
            context["query"] = self.query(form)
            context.update(more)
        return super().get_context_data(**context, **kwargs)

    def more(self, arguments) -> dict:
        return {}


class CsvMixin(FiguresMixin):
    def get(self, request, chart):
        if chart not in self.charts:
            raise Http404
        form = self.filters()
        if not form.is_valid():
            problems = [f"{form.fields[name].label}: {' '.join(errors)}"
                        for name, errors in form.errors.items() if name in form.fields]  # fmt: skip
            return HttpResponseBadRequest(
                "\n".join([_("The filters are not right:"), *problems]),
                content_type="text/plain; charset=utf-8",
            )
        drawn = self.charts[chart](**self.arguments(form))
        rows = [[formula_safe(cell) for cell in row] for row in drawn.cells()]
        return table_response(rows, kind="csv", filename=f"empirie-{chart}", sheet=drawn.title)


class PublicFiguresView(FiguresPageMixin, TemplateView):
    """EMPIRIE w liczbach: what anyone may know, counted."""

    template_name = "figures/public.html"
    charts = public.CHARTS
    sections = staticmethod(public.sections)
    csv_url_name = "figures:public_csv"

    def more(self, arguments):
        return {"transfers": public.transfer_figures(**arguments)}


class PublicCsvView(CsvMixin, View):
    charts = public.CHARTS


class StaffMixin(LoginRequiredMixin):
    """For ZMP's administrators (every network) and coordinators (the networks they run, the
    leaders' network only if they see its inside: networks.access); 404 for anyone else."""

    charts = staff.CHARTS
    sections = staticmethod(staff.sections)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not staff.scope(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def networks(self):
        return Network.objects.filter(pk__in=staff.scope(self.request.user)).order_by("number")

    def arguments(self, form):
        return {**super().arguments(form), "user": self.request.user}


class StaffFiguresView(StaffMixin, FiguresPageMixin, TemplateView):
    template_name = "figures/staff.html"
    csv_url_name = "figures:staff_csv"

    def more(self, arguments):
        return {"administrator": access_of(self.request.user).administrator}


class StaffCsvView(StaffMixin, CsvMixin, View):
    pass
