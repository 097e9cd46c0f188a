"""The public statistics as open data (/dane/): every cell of every chart of "EMPIRIE w
liczbach", unfiltered, one record each, so a program reads them without scraping the page.
The same functions draw the page and fill the file (figures.public)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.datasets import Dataset, register

from . import public
from .periods import Period

COLUMNS = ("wykres", "wykres_identyfikator", "kategoria", "seria", "wartosc")


def rows(portal_url: str):
    """A record for each cell: the chart, its category (a quarter, a voivodeship, a network…),
    its series and the value, as the page's table says it. (No links: the address unused.)"""
    everything = {
        "network": None,
        "period": Period.of(None, None, today=timezone.localdate()),
        "voivodeship": "",
    }
    for slug, chart_of in public.CHARTS.items():
        chart = chart_of(**everything)
        header, *table = chart.cells()
        for category, *values in table:
            for series, value in zip(header[1:], values, strict=True):
                yield {
                    "wykres": str(chart.title),
                    "wykres_identyfikator": slug,
                    "kategoria": category,
                    "seria": str(series),
                    "wartosc": value,
                }


STATISTICS = Dataset(
    slug="empirie-w-liczbach",
    title=_("EMPIRIE in numbers"),
    description=_(
        "The figures of the public statistics page: member cities of each network, meetings "
        "held by quarter, published practices by voivodeship, category and city size, "
        "practices taken up by other cities, results made public. One record for each cell "
        "of each chart (chart, category, series, value), for the whole period; counted from "
        "what anyone may read on the portal."
    ),
    update_frequency="daily",
    columns=COLUMNS,
    rows=rows,
    modified=public.last_changed,
    keywords=("statystyki", "sieci", "dobre praktyki", "miasta"),
)


def register_statistics():
    register(STATISTICS)
