"""The open data's datasets (/dane/): a small registry another module adds its own to
(`register(Dataset(...))` in its AppConfig.ready), each described in the metadata of Poland's
open-data portal, dane.gov.pl (title, description, licence, update frequency, formats, last
update). The good practices are the first; the statistics' tables may follow."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Uznanie autorstwa 4.0 Międzynarodowe",
    "url": "https://creativecommons.org/licenses/by/4.0/legalcode.pl",
}
ATTRIBUTION = "Związek Miast Polskich, portal EMPIRIE"
# dane.gov.pl's codes for how often a dataset is updated, with their words.
FREQUENCIES = {
    "daily": _("daily"),
    "weekly": _("weekly"),
    "monthly": _("monthly"),
    "quarterly": _("quarterly"),
    "yearly": _("yearly"),
    "irregular": _("irregularly"),
}
FORMATS = {"csv": "text/csv", "json": "application/json"}


@dataclass(frozen=True)
class Dataset:
    slug: str  # in the downloads' addresses: /dane/<slug>.csv
    title: str
    description: str
    update_frequency: str  # a key of FREQUENCIES
    columns: tuple[str, ...]  # the records' keys, in the CSV's order
    # The records, public only, in a stable order; given the portal's address (the
    # request's, "https://host"), for the links they hold.
    rows: Callable[[str], Iterable[dict]]
    modified: Callable[[], object]  # when its content last changed (a datetime or None)
    keywords: tuple[str, ...] = ()
    formats: tuple[str, ...] = field(default=("csv", "json"))


_registry: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    if dataset.update_frequency not in FREQUENCIES:
        raise ValueError(f"unknown update frequency: {dataset.update_frequency}")
    unknown = set(dataset.formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown formats: {sorted(unknown)}")
    _registry[dataset.slug] = dataset
    return dataset


def registered() -> list[Dataset]:
    return list(_registry.values())


def dataset_named(slug: str) -> Dataset | None:
    return _registry.get(slug)


# The good practices: what a visitor sees, as a visitor sees it (visible_to of nobody).


def _public_practices():
    from practices import selectors  # the practices' models read this registry's apps

    return selectors.published_for(AnonymousUser())


def practice_rows(portal_url: str):
    from django.urls import reverse

    practices = (
        _public_practices()
        .annotate(transfer_count=Count("transfers"))
        .prefetch_related("networks", "tags")
        .order_by("published_at", "pk")
    )
    for p in practices.iterator(chunk_size=500):
        top, sub = (p.category.parent, p.category) if p.category.parent_id else (p.category, None)
        yield {
            "identyfikator": p.slug,
            "tytul": p.title,
            "adres_strony": portal_url + reverse("practices:detail", args=[p.slug]),
            "kategoria": str(top),
            "podkategoria": str(sub) if sub else "",
            "miasto": p.city.name,
            "miasto_identyfikator": p.city.slug,
            "powiat": p.city.county,
            "wojewodztwo": p.city.get_voivodeship_display(),
            "rodzaj_jednostki": p.city.get_unit_type_display(),
            "liczba_mieszkancow": p.inhabitants or p.city.population,
            "skrot": p.summary,
            "jednostka_realizujaca": p.implementing_unit,
            "strona_www": p.website,
            "sieci": "; ".join(n.name for n in p.networks.all()),
            "tagi": "; ".join(t.name for t in p.tags.all()),
            "liczba_przeniesien": p.transfer_count,
            "data_publikacji": p.published_at.date().isoformat() if p.published_at else "",
            "data_aktualizacji": p.updated_at.date().isoformat(),
        }


def practices_modified():
    from practices import selectors  # as _public_practices: the practices read this registry

    return selectors.public_last_changed()


PRACTICES = register(
    Dataset(
        slug="dobre-praktyki",
        title=_("Good practices of Polish cities"),
        description=_(
            "The published good practices of the EMPIRIE portal's database: title, category, "
            "city and its voivodeship, summary, implementing unit, networks, tags and how many "
            "other cities took each one up. Only what anyone may read on the portal; no "
            "contact persons."
        ),
        update_frequency="daily",
        columns=(
            "identyfikator",
            "tytul",
            "adres_strony",
            "kategoria",
            "podkategoria",
            "miasto",
            "miasto_identyfikator",
            "powiat",
            "wojewodztwo",
            "rodzaj_jednostki",
            "liczba_mieszkancow",
            "skrot",
            "jednostka_realizujaca",
            "strona_www",
            "sieci",
            "tagi",
            "liczba_przeniesien",
            "data_publikacji",
            "data_aktualizacji",
        ),  # fmt: skip
        rows=practice_rows,
        modified=practices_modified,
        keywords=("dobre praktyki", "miasta", "samorząd", "Związek Miast Polskich"),
    )
)
