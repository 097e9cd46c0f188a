"""The statistics pages: "EMPIRIE w liczbach" for everyone, and the networks' figures for
their coordinators and ZMP. Thin: the filters are a GET form, each chart a function of them
(figures.public, figures.staff), drawn by figures.charts; every chart's CSV is the same
function's figures. Not cached: each chart is one aggregate query (README, "Statistics").

Each page shows one of its sections at a time, at a URL of its own (the first at the page's
own URL, so the old links open it), with links between them that keep the filters: only the
section's charts are drawn, a few queries, where the whole page drew all of them."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from empirie.spreadsheets import formula_safe, table_response
from networks.access import access_of
from networks.models import Network

from . import public, staff
from .forms import FiguresFilter, bound

PAGES = {"public": public.sections, "staff": staff.sections}  # figures:<page> -> its sections


def section_routes(page) -> list:
    """[(section, URL name, kwargs)] of the page's sections: the first at the page's own URL
    (figures:public, figures:staff), the others at figures:<page>_section."""
    return [
        (section, f"figures:{page}", {})
        if number == 0
        else (section, f"figures:{page}_section", {"section": section.slug})
        for number, section in enumerate(PAGES[page]())
    ]


def section_urls(page) -> list:
    """[(section, path)] of the page's sections, in their order."""
    return [
        (section, reverse(name, kwargs=kwargs)) for section, name, kwargs in section_routes(page)
    ]


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
        """The filters as asked, for the CSV links (the same figures as the page) and the links
        to the other sections (the same filters there)."""
        return urlencode(
            [(name, self.request.GET[name]) for name in form.fields if self.request.GET.get(name)]
        )


class FiguresPageMixin(FiguresMixin):
    page: str  # "public" or "staff": PAGES

    def get(self, request, *args, **kwargs):
        routes = section_routes(self.page)
        asked = self.kwargs.get("section")
        if asked == routes[0][0].slug:  # the first section's slug: the page's own URL
            query = request.GET.urlencode()
            return HttpResponsePermanentRedirect(
                reverse(routes[0][1]) + (f"?{query}" if query else "")
            )
        if asked is None:
            self.section = routes[0][0]
        else:
            self.section = next((s for s, _name, _kw in routes if s.slug == asked), None)
            if self.section is None:
                raise Http404
        self.routes = routes
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.pop("section", None)  # the URL's slug: self.section is the section
        form = self.filters()
        query = self.query(form)  # as asked, valid or not: the next section says the same
        section = self.section
        context = {
            "filter_form": form,
            "csv_url_name": self.csv_url_name,
            "section": section,
            "section_links": [
                {
                    "heading": other.heading,
                    "url": reverse(name, kwargs=kw) + (f"?{query}" if query else ""),
                    "current": other == section,
                }
                for other, name, kw in self.routes
            ],
            "query": query,
            "charts": [],
        }
        if form.is_valid():
            arguments = self.arguments(form)
            # Only this section's charts: the others' queries are not run.
            context["charts"] = [self.charts[slug](**arguments) for slug in section.charts]
            context.update(self.more(arguments, section))
        return super().get_context_data(**context, **kwargs)

    def more(self, arguments, section) -> dict:
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
    page = "public"
    charts = public.CHARTS
    csv_url_name = "figures:public_csv"

    def more(self, arguments, section):
        if section.intro != public.TRANSFER_FIGURES:
            return {}
        return {"transfers": public.transfer_figures(**arguments)}


class PublicCsvView(CsvMixin, View):
    charts = public.CHARTS


class StaffMixin(LoginRequiredMixin):
    """For ZMP's administrators (every network) and coordinators (the networks they run, the
    leaders' network only if they see its inside: networks.access); 404 for anyone else."""

    charts = staff.CHARTS

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
    page = "staff"
    csv_url_name = "figures:staff_csv"

    def more(self, arguments, section):
        return {"administrator": access_of(self.request.user).administrator}


class StaffCsvView(StaffMixin, CsvMixin, View):
    pass
