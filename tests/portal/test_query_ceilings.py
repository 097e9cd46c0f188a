"""Every main page, as the role that uses it, runs at most 12 SQL queries, and as many on the
small national-scale sample as with twice as much again added (`national_data`)."""

import os
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from discussions.models import Thread
from figures.views import section_urls
from meetings.services import calendar_feed_renew
from networks.management.commands.national_data import LONG_THREAD
from practices.models import Practice
from results.models import Result

CEILING = 12
MEMBER, OBSERVER = "pracownik@empirie.test", "obserwator@empirie.test"
COORDINATOR = "koordynator@empirie.test"
PAGES = [
    ("home", None, "/"),
    ("network's public page", None, "/sieci/miasto-cyfrowe/"),
    ("network's inside", MEMBER, "/sieci/miasto-cyfrowe/wnetrze/"),
    ("coming meetings", MEMBER, "/spotkania/"),
    ("meetings archive", MEMBER, "/spotkania/archiwum/"),
    ("calendar feed", None, "calendar"),
    ("practice list", None, "/praktyki/"),
    (
        "practice search + filters",
        None,
        "search",
    ),
    ("map of practices", None, "/praktyki/mapa/"),
    ("API: practice search, a page of 50", None, "api search"),
    ("API: practice search with a session", MEMBER, "api search"),
    ("results", None, "/wyniki/"),
    ("result and its discussion", OBSERVER, "result"),
    ("observer's home", OBSERVER, "/wyniki/do-opinii/"),
    ("notifications", MEMBER, "/konto/powiadomienia/"),
    ("network's discussions", MEMBER, "/sieci/miasto-cyfrowe/dyskusje/"),
    ("a long thread, its last page", MEMBER, "long thread"),
    ("statistics", None, "/statystyki/"),
    ("statistics of a year", None, "/statystyki/?year=2023&voivodeship=mazowieckie"),
    # Each other section of the statistics (figures.views), as its public and its staff.
    *(
        (f"{kind}: {section.slug}{label}", who, f"{path}{query}")
        for page, kind, who in (
            ("public", "statistics", None),
            ("staff", "statistics (coordinator)", COORDINATOR),
        )
        for section, path in section_urls(page)[page == "public" :]
        for label, query in (("", ""), (" of a year", "?year=2023&voivodeship=mazowieckie"))
    ),
]


def query_counts(client):
    paths = {
        "calendar": f"/spotkania/kalendarz/{calendar_feed_renew(person=User.objects.get(email=MEMBER)).token}.ics",
        "result": f"/wyniki/{Result.objects.get(title__startswith='Rekomendacje: e-usługi').pk}/",
        "long thread": Thread.objects.get(title=LONG_THREAD).get_absolute_url() + "?strona=10",
    }
    # A search that finds something at every size: a word of a generated practice, its region.
    practice = (
        Practice.objects.filter(slug__startswith="bench-").select_related("city").earliest("pk")
    )
    paths["search"] = "/praktyki/?" + urlencode({
        "q": practice.title.split()[0], "voivodeship": practice.city.voivodeship,
        "unit_type": practice.city.unit_type,
    })  # fmt: skip
    paths["api search"] = "/api/v1/practices/?" + urlencode({
        "q": practice.title.split()[0], "voivodeship": practice.city.voivodeship,
    })  # fmt: skip
    counts = {}
    for name, email, path in PAGES:
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        path = paths.get(path, path)
        client.get(path)  # fill what is cached, as a running portal would have
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            assert response.status_code == 200, path
        counts[name] = [q["sql"][:120] for q in queries.captured_queries]
    return counts


@pytest.mark.django_db
@pytest.mark.usefixtures("uncached_fragments")
def test_main_pages_stay_under_the_ceiling_whatever_the_data(client):
    with open(os.devnull, "w") as quiet:
        call_command("national_data", scale=0.03, stdout=quiet)
        small = query_counts(client)
        call_command("national_data", scale=0.06, tag="more", seed=7, stdout=quiet)
    large = query_counts(client)
    over = {name: len(sql) for name, sql in large.items() if len(sql) > CEILING}
    assert not over, over
    grown = {name: (small[name], large[name]) for name in small
             if len(large[name]) > len(small[name])}  # fmt: skip
    assert not grown, f"queries grew with the data: {grown}"
