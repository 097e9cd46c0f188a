"""The quarterly plan: quarters planned at once as drafts that only the coordinators see,
hosts taking turns, a draft published once its details are set, and the network's meetings
as a timeline."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from empirie.i18n import Quarter
from meetings import plan, rules, services
from meetings.models import Meeting
from tests.factories import CityFactory, ProfileFactory
from tests.meetings.test_waiting_list import member

pytestmark = pytest.mark.django_db

NOW = timezone.now()
THIS = Quarter.of(NOW)
NEXT = plan.quarters_from(THIS, 2)[1]


def post_plan(client, network, first, count, rows=None, before_sending=None):
    """The plan's second step as the page sends it: every free quarter ticked with the
    proposed values, changed by `rows` ({quarter: {field: value}}); `before_sending` runs
    between showing the page and sending it."""
    page = client.get(reverse("meetings:plan", args=[network.slug]),
                      {"od": f"{first.year}-{first.number}", "kwartaly": count})  # fmt: skip
    formset = page.context["formset"]
    data = {"od": f"{first.year}-{first.number}", "kwartaly": count,
            "plan-TOTAL_FORMS": len(formset.forms), "plan-INITIAL_FORMS": len(formset.forms),
            "wolne": page.context["free_quarters"]}  # fmt: skip
    for index, form in enumerate(formset.forms):
        values = {name: form[name].value() for name in form.fields}
        values.update((rows or {}).get(form.row.quarter, {}))
        for name, value in values.items():
            if name == "planned" and not value:
                continue
            if isinstance(value, dt.date | dt.time):
                value = value.strftime("%Y-%m-%d" if isinstance(value, dt.date) else "%H:%M")
            data[f"plan-{index}-{name}"] = "" if value is None else value
    if before_sending:
        before_sending()
    return client.post(reverse("meetings:plan", args=[network.slug]), data)


def test_quarters_follow_each_other_across_years():
    assert plan.quarters_from(Quarter(2022, 2), 8) == [
        Quarter(2022, 2), Quarter(2022, 3), Quarter(2022, 4), Quarter(2023, 1),
        Quarter(2023, 2), Quarter(2023, 3), Quarter(2023, 4), Quarter(2024, 1),
    ]  # fmt: skip
    start, end = plan.quarter_bounds(Quarter(2023, 4))
    assert (start.date(), end.date()) == (dt.date(2023, 10, 1), dt.date(2024, 1, 1))
    assert plan.proposed_day(Quarter(2024, 2)) == dt.date(2024, 5, 9)  # 2nd Thursday of May
    assert all(Quarter.of(plan.proposed_day(q)) == q for q in plan.quarters_from(THIS, 12))


def test_no_day_is_proposed_on_a_public_holiday():
    """11 November 2027 is the second Thursday of November: the Thursday after is proposed."""
    assert plan.proposed_day(Quarter(2027, 4)) == dt.date(2027, 11, 18)
    assert plan.easter_sunday(2027) == dt.date(2027, 3, 28)
    assert dt.date(2026, 6, 4) in plan.public_holidays(2026)  # Corpus Christi, a Thursday
    for quarter in plan.quarters_from(Quarter(2022, 1), 80):
        day = plan.proposed_day(quarter)
        assert day.weekday() == 3 and Quarter.of(day) == quarter
        assert day not in plan.public_holidays(quarter.year)


def test_hosts_rotate_over_the_member_cities_that_have_not_hosted_first(network):
    bochnia, gorlice, nisko = (CityFactory(name=n) for n in ("Bochnia", "Gorlice", "Nisko"))
    for city in (bochnia, gorlice, nisko):
        member(network, city)
    start = NOW - dt.timedelta(days=100)
    Meeting.objects.create(
        network=network, topic="Było", starts_at=start, ends_at=start + dt.timedelta(hours=2),
        format="online", online_url="https://x.pl", host_city=bochnia,
    )  # fmt: skip
    assert [c.name for c in plan.host_rotation(network)] == ["Gorlice", "Nisko", "Bochnia"]
    rows = plan.plan_rows(network, NEXT, 4)
    assert [row.host_city.name for row in rows] == ["Gorlice", "Nisko", "Bochnia", "Gorlice"]


def test_a_coordinator_plans_a_cycle_as_drafts_the_members_do_not_see(client, network, coordinator):
    city = CityFactory(name="Kalisz")
    person = member(network, city)
    client.force_login(coordinator)
    response = post_plan(client, network, NEXT, 8)
    assert response.status_code == 302, response.context["formset"].errors
    drafts = list(Meeting.objects.filter(network=network).order_by("starts_at"))
    assert len(drafts) == 8 and all(m.draft for m in drafts)
    assert [m.quarter for m in drafts] == plan.quarters_from(NEXT, 8)
    assert all(m.host_city == city and m.format == "in_person" for m in drafts)
    assert drafts[0].topic == f"Spotkanie w {NEXT}"
    # Only the coordinators see a draft: not the members, not the network's public page.
    assert set(Meeting.objects.visible_to(coordinator)) == set(drafts)
    assert not Meeting.objects.visible_to(person).exists()
    assert not Meeting.objects.announced().exists()
    client.force_login(person)
    assert client.get(reverse("meetings:detail", args=[drafts[0].pk])).status_code == 404
    assert drafts[0].topic not in client.get(reverse("meetings:coming")).content.decode()
    decision = rules.can_take_part(person, drafts[0])
    assert not decision and "zapisy ruszą po jego opublikowaniu" in str(decision.reason)
    # The plan page shows them on the timeline and proposes nothing for the planned quarters;
    # the coordinator's list of coming meetings marks them as drafts.
    client.force_login(coordinator)
    assert "zaplanowane, szkic" in client.get(reverse("meetings:coming")).content.decode()
    page = client.get(reverse("meetings:plan", args=[network.slug]),
                      {"od": f"{NEXT.year}-{NEXT.number}", "kwartaly": 8})  # fmt: skip
    assert page.context["formset"].forms == []
    assert page.content.decode().count("timeline__item--draft") == 8


def test_a_quarter_left_unticked_is_not_planned_and_a_wrong_day_is_said_at_its_field(
    client, network, coordinator
):
    client.force_login(coordinator)
    following = plan.quarters_from(NEXT, 2)[1]
    response = post_plan(client, network, NEXT, 2, {
        NEXT: {"planned": False, "day": "not a day"},
        following: {"day": plan.proposed_day(NEXT).isoformat()},
    })  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Wybierz dzień w {following}" in page and "error-summary" in page
    assert not Meeting.objects.exists()
    response = post_plan(client, network, NEXT, 2, {NEXT: {"planned": False}})
    assert response.status_code == 302
    assert [m.quarter for m in Meeting.objects.all()] == [following]


def test_a_quarter_filled_meanwhile_is_refused_and_nothing_is_planned(network, coordinator):
    day = plan.proposed_day(NEXT)
    tz = timezone.get_current_timezone()
    row = {"quarter": NEXT, "topic": "X", "format": "online", "host_city": None,
           "starts_at": dt.datetime.combine(day, dt.time(10), tzinfo=tz),
           "ends_at": dt.datetime.combine(day, dt.time(12), tzinfo=tz)}  # fmt: skip
    plan.meeting_plan(network_id=network.pk, by=coordinator, quarters=[row])
    with pytest.raises(ValidationError) as refused:
        plan.meeting_plan(network_id=network.pk, by=coordinator, quarters=[row])
    assert "ma już spotkanie w tym kwartale" in refused.value.messages[0]
    assert Meeting.objects.count() == 1
    with pytest.raises(PermissionDenied):
        plan.meeting_plan(network_id=network.pk, by=ProfileFactory().user, quarters=[row])


def test_a_plan_sent_after_another_planned_one_of_its_quarters_keeps_what_was_typed(
    client, network, coordinator
):
    """Two tabs (or two coordinators): the second plan names the quarter planned meanwhile,
    plans nothing, and keeps each other quarter's typed values at that quarter."""
    client.force_login(coordinator)
    following = plan.quarters_from(NEXT, 2)[1]

    def the_other_tab_plans_next():
        assert post_plan(client, network, NEXT, 1).status_code == 302

    response = post_plan(
        client, network, NEXT, 2, {following: {"topic": "Wpisany temat"}},
        before_sending=the_other_tab_plans_next,
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert f"W międzyczasie zaplanowano spotkanie w {NEXT}" in page and "error-summary" in page
    (form,) = response.context["formset"].forms
    assert form.row.quarter == following and form["topic"].value() == "Wpisany temat"
    assert Meeting.objects.count() == 1
    response = client.post(reverse("meetings:plan", args=[network.slug]), {
        **dict(form.data.items()), "wolne": response.context["free_quarters"],
    })  # fmt: skip
    assert response.status_code == 302
    assert (
        Meeting.objects.get(starts_at__gt=Meeting.objects.earliest("starts_at").starts_at).topic
        == "Wpisany temat"
    )


def test_hostile_plan_posts_are_refused_in_words_never_a_500(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("meetings:plan", args=[network.slug])
    od = f"{NEXT.year}-{NEXT.number}"
    for data in (
        {},
        {"od": "1999-1", "kwartaly": 8},
        {"od": od, "kwartaly": "99"},
        {"od": od, "kwartaly": 2, "plan-TOTAL_FORMS": "1000", "plan-INITIAL_FORMS": "0"},
        {"od": od, "kwartaly": 2, "plan-TOTAL_FORMS": "x"},
        {"od": od, "kwartaly": 2, "plan-TOTAL_FORMS": "2", "plan-INITIAL_FORMS": "2",
         "plan-0-planned": "on", "plan-0-topic": "\x00", "plan-0-day": "2999-01-01",
         "plan-0-starts": "25:00", "plan-0-ends": "10:00", "plan-0-format": "boat",
         "plan-0-host_city": "999999"},
        {"od": od, "kwartaly": 2, "wolne": "x-y,2020-9,,-", "plan-TOTAL_FORMS": "1",
         "plan-0-planned": "on"},
    ):  # fmt: skip
        response = client.post(url, data)
        assert response.status_code == 200, data
    assert not Meeting.objects.exists()
    assert client.get(url, {"od": "garbage", "kwartaly": "-1"}).status_code == 200


def test_a_draft_is_saved_without_its_venue_and_published_once_complete(
    client, network, coordinator
):
    person = member(network)
    day = plan.proposed_day(NEXT)
    tz = timezone.get_current_timezone()
    [draft] = plan.meeting_plan(network_id=network.pk, by=coordinator, quarters=[{
        "quarter": NEXT, "topic": "Szkic", "format": "in_person", "host_city": None,
        "starts_at": dt.datetime.combine(day, dt.time(10), tzinfo=tz),
        "ends_at": dt.datetime.combine(day, dt.time(14), tzinfo=tz),
    }])  # fmt: skip
    client.force_login(coordinator)
    detail = client.get(reverse("meetings:detail", args=[draft.pk])).content.decode()
    assert "Szkic planu spotkań" in detail and "adresu miejsca" in detail
    # Published without a venue: refused, said, nothing changes.
    response = client.post(reverse("meetings:publish", args=[draft.pk]))
    assert response.status_code == 302 and response.url.endswith("/edycja/")
    draft.refresh_from_db()
    assert draft.draft
    fields = {name: getattr(draft, name) for name in services.MEETING_FIELDS}
    form = {
        **{k: v for k, v in fields.items() if v is not None},
        "starts_at": timezone.localtime(draft.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(draft.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "registration_deadline": "", "agenda-TOTAL_FORMS": "0", "agenda-INITIAL_FORMS": "0",
        "description": "Opis",
    }  # fmt: skip
    edit = reverse("meetings:edit", args=[draft.pk])
    assert client.post(edit, form).status_code == 302  # the draft saved without a venue
    response = client.post(edit, {**form, "publish": "1"})
    assert response.status_code == 200 and "adresu miejsca" in response.content.decode()
    draft.refresh_from_db()
    assert draft.draft and draft.description == "Opis"
    response = client.post(edit, {**form, "publish": "1", "venue_address": "Rynek 1, Kalisz"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.draft and draft.created_at > NOW
    assert Meeting.objects.visible_to(person).filter(pk=draft.pk).exists()
    assert rules.can_take_part(person, draft)
    # The members' page and the public announcement list it now.
    assert Meeting.objects.announced().filter(pk=draft.pk).exists()
    # Publishing again changes nothing; another network's coordinator may not.
    assert client.post(reverse("meetings:publish", args=[draft.pk])).status_code == 302
    client.force_login(person)
    assert client.post(reverse("meetings:publish", args=[draft.pk])).status_code == 404


def test_the_timeline_says_held_next_announced_draft_and_cancelled(network):
    def meeting(days, **extra):
        start = NOW + dt.timedelta(days=days)
        return Meeting.objects.create(
            network=network, topic=f"T{days}", starts_at=start,
            ends_at=start + dt.timedelta(hours=2), format="online", online_url="https://x.pl",
            **extra,
        )  # fmt: skip

    made = [meeting(-90), meeting(10), meeting(100), meeting(190, draft=True),
            meeting(280, cancelled_at=NOW)]  # fmt: skip
    stages = [m.stage for m in plan.timeline(made)]
    assert stages == ["held", "next", "planned", "draft", "cancelled"]


def test_the_plan_page_reads_a_fixed_number_of_queries_however_long_the_plan(
    client, network, coordinator
):
    for name in ("Bochnia", "Gorlice"):
        member(network, CityFactory(name=name))
    client.force_login(coordinator)
    url = reverse("meetings:plan", args=[network.slug])
    od = f"{NEXT.year}-{NEXT.number}"

    def queries(count):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"od": od, "kwartaly": count}).status_code == 200
        return len(captured)

    queries(2)  # the person's access, read once and then kept
    short = queries(2)
    for name in ("Nisko", "Sanok", "Jasło"):
        member(network, CityFactory(name=name))
    queries(2)  # the access again, after the network's people changed
    assert queries(12) == short  # twelve rows to propose, each with the five cities
    post_plan(client, network, NEXT, 6)
    queries(2)
    assert queries(12) == short  # six of them on the timeline, six rows to propose
