from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitType(models.TextChoices):
    URBAN = "gmina_miejska", _("urban municipality (gmina miejska)")
    URBAN_RURAL = "gmina_miejsko_wiejska", _("urban-rural municipality (gmina miejsko-wiejska)")
    RURAL = "gmina_wiejska", _("rural municipality (gmina wiejska)")
    CITY_COUNTY = "miasto_na_prawach_powiatu", _("city with county rights")


class Voivodeship(models.TextChoices):
    DOLNOSLASKIE = "dolnoslaskie", "dolnośląskie"
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", "kujawsko-pomorskie"
    LUBELSKIE = "lubelskie", "lubelskie"
    LUBUSKIE = "lubuskie", "lubuskie"
    LODZKIE = "lodzkie", "łódzkie"
    MALOPOLSKIE = "malopolskie", "małopolskie"
    MAZOWIECKIE = "mazowieckie", "mazowieckie"
    OPOLSKIE = "opolskie", "opolskie"
    PODKARPACKIE = "podkarpackie", "podkarpackie"
    PODLASKIE = "podlaskie", "podlaskie"
    POMORSKIE = "pomorskie", "pomorskie"
    SLASKIE = "slaskie", "śląskie"
    SWIETOKRZYSKIE = "swietokrzyskie", "świętokrzyskie"
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", "warmińsko-mazurskie"
    WIELKOPOLSKIE = "wielkopolskie", "wielkopolskie"
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", "zachodniopomorskie"


class ProgrammeStatus(models.TextChoices):
    """The city's place in the "Rozwój Lokalny" programme."""

    LAUREATE = "laureate", _("laureate (received a grant)")
    FINALIST = "finalist", _("finalist")
    OBSERVER = "observer", _("observer city")
    NONE = "none", _("not in the programme")


class PlanKind(models.TextChoices):
    """The two plans a city brought to the programme "Rozwój Lokalny"."""

    LOCAL = "local", _("local development plan (Plan Rozwoju Lokalnego)")
    INSTITUTIONAL = (
        "institutional",
        _("institutional development plan (Plan Rozwoju Instytucjonalnego)"),
    )
