from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class RegistrationMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")


class WaitingReason(models.TextChoices):
    """Why a person waits for a place instead of having one."""

    FULL = "full", _("all places were taken")
    CITY_QUOTA = "city_quota", _("the places for the city were taken")


class ReminderKind(models.TextChoices):
    WEEK_BEFORE = "7d", _("7 days before")
    DAY_BEFORE = "1d", _("1 day before")
    SURVEY = "ev", _("evaluation survey after the meeting")


class AttendanceSource(models.TextChoices):
    """How a person's presence (or absence) came to be recorded."""

    DOOR = "door", _("checked in at the door")
    LIST = "list", _("the attendance form")
    ZOOM = "zoom", _("Zoom participant report")
    TEAMS = "teams", _("Microsoft Teams attendance report")


class PublicationLevel(models.TextChoices):
    """Who reads a meeting's report."""

    MEMBERS = "members", _("the network's members")
    OBSERVERS = "observers", _("members and observer cities")
    PUBLIC = "public", _("everyone")


# The answers to the survey's two ratings, each said in words as well as by its number.
SURVEY_RATINGS = [
    (1, _("1 – very poor")),
    (2, _("2 – poor")),
    (3, _("3 – fair")),
    (4, _("4 – good")),
    (5, _("5 – very good")),
]
USEFULNESS_RATINGS = [
    (1, _("1 – not useful at all")),
    (2, _("2 – of little use")),
    (3, _("3 – fairly useful")),
    (4, _("4 – useful")),
    (5, _("5 – very useful")),
]
