"""Network results: stages and who reads them, comments, moderation, notifications and
digests, feeds, the observer's home; nothing of the leaders' network leaks."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts import tasks as account_tasks
from accounts.choices import EmailMode, Function, NotificationKind
from accounts.models import Notification
from empirie.moderation import ModerationAction
from networks.choices import NetworkKind, ParticipationStatus, Role
from results import rules, services
from results.choices import Stage
from results.models import Comment, Moderation, Result
from tests.conftest import wait_for
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def person_in(network, role=Role.MEMBER, **profile):
    person = ProfileFactory(**profile)
    ParticipationFactory(network=network, person=person.user, city=person.city, role=role)
    return person.user


@pytest.fixture
def world():
    network = NetworkFactory(name="MIASTO CYFROWE", slug="miasto-cyfrowe")
    leaders = NetworkFactory(kind=NetworkKind.LEADERS, slug="siec-dla-liderow")
    return {
        "network": network,
        "leaders": leaders,
        "coordinator": person_in(network, Role.COORDINATOR),
        "expert": person_in(network, Role.EXPERT),
        "member": person_in(network),
        "observer": person_in(network, Role.OBSERVER),
        "other observer": person_in(NetworkFactory(), Role.OBSERVER),
        "stranger": ProfileFactory().user,
        "mayor": person_in(leaders, function=Function.MAYOR, verified=True),
    }


def draft(world, network=None, author=None, title="Rekomendacje e-usług"):
    network = network or world["network"]
    return services.result_draft(
        by=author or world["expert"], network_id=network.pk, kind="recommendation", title=title,
        summary="Dziesięć zaleceń.", body="<p>Tekst</p><script>alert(1)</script>",
    )  # fmt: skip


PEOPLE = ["coordinator", "expert", "member", "observer", "other observer", "stranger", "mayor"]


def readers(result, world):
    """Who reads it (Result.objects.visible_to, the one definition); the visitor counts too."""
    from django.contrib.auth.models import AnonymousUser

    people = [*((n, world[n]) for n in PEOPLE), ("visitor", AnonymousUser())]
    return sorted(
        name
        for name, person in people
        if Result.objects.visible_to(person).filter(pk=result.pk).exists()
    )


def test_a_result_reaches_further_stage_by_stage(world):
    result = draft(world)
    assert result.body == "<p>Tekst</p>"
    assert readers(result, world) == ["coordinator", "expert", "member"]
    with pytest.raises(PermissionDenied):
        services.stage_change(result_id=result.pk, by=world["expert"], to_stage=Stage.OBSERVERS)
    services.stage_change(result_id=result.pk, by=world["coordinator"], to_stage=Stage.OBSERVERS)
    result.refresh_from_db()
    assert readers(result, world) == ["coordinator", "expert", "member", "observer"]
    with pytest.raises(ValidationError):  # forward only
        services.stage_change(result_id=result.pk, by=world["coordinator"], to_stage=Stage.DRAFT)
    services.stage_change(result_id=result.pk, by=world["coordinator"], to_stage=Stage.PUBLIC)
    result.refresh_from_db()
    assert readers(result, world) == sorted([*PEOPLE, "visitor"])
    assert result.published_at and result.opened_to_observers_at
    assert list(result.stage_changes.values_list("from_stage", "to_stage", "by")) == [
        (Stage.DRAFT, Stage.OBSERVERS, world["coordinator"].pk),
        (Stage.OBSERVERS, Stage.PUBLIC, world["coordinator"].pk),
    ]


def test_each_step_tells_those_who_newly_may_read_it(world):
    result = draft(world)
    new = Notification.objects.filter(kind=NotificationKind.RESULT_NEW)
    assert sorted(n.recipient_id for n in new) == sorted(
        [world["coordinator"].pk, world["member"].pk]
    )  # not the author
    services.stage_change(result_id=result.pk, by=world["coordinator"], to_stage=Stage.OBSERVERS)
    told = Notification.objects.filter(recipient=world["observer"])
    assert [n.title for n in told] == [
        "Wynik czeka na Twoją opinię: Rekomendacje e-usług (MIASTO CYFROWE)"
    ]
    assert not Notification.objects.filter(recipient=world["other observer"]).exists()
    assert not Notification.objects.filter(recipient=world["stranger"]).exists()


def test_the_leaders_networks_results_never_leave_it(client, world):
    secret = draft(world, network=world["leaders"], author=world["mayor"], title="Poufne")
    assert rules.next_stages(secret) == []
    coordinator = person_in(world["leaders"], Role.COORDINATOR)
    # Its form promises nothing it will not do: no opening to observers or everyone.
    client.force_login(world["mayor"])
    form = client.get(reverse("results:create", args=[world["leaders"].slug])).content.decode()
    assert "zostają z jej członkami" in form and "obserwatorom" not in form
    client.logout()
    with pytest.raises(ValidationError):
        services.stage_change(result_id=secret.pk, by=coordinator, to_stage=Stage.PUBLIC)
    # Even forced public in the database, it reaches nobody outside.
    Result.objects.filter(pk=secret.pk).update(stage=Stage.PUBLIC, published_at=timezone.now(),
                                               opened_to_observers_at=timezone.now())  # fmt: skip
    secret.refresh_from_db()
    assert readers(secret, world) == ["mayor"]
    for person in [None, world["observer"], world["member"]]:
        if person:
            client.force_login(person)
        assert client.get(reverse("results:detail", args=[secret.pk])).status_code == 404
        assert "Poufne" not in client.get(reverse("results:list")).content.decode()
        assert "Poufne" not in client.get(reverse("results:observer_home")).content.decode()
    assert "Poufne" not in client.get(reverse("results:feed")).content.decode()
    feed = client.get(reverse("results:network_feed", args=[world["leaders"].slug]))
    assert feed.status_code == 404
    assert not any("Poufne" in n.title for n in Notification.objects.visible_to(world["observer"]))


def test_comments_are_plain_text_with_links_and_one_level_of_replies(client, world):
    result = draft(world)
    services.stage_change(result_id=result.pk, by=world["coordinator"], to_stage=Stage.OBSERVERS)
    client.force_login(world["observer"])
    url = reverse("results:detail", args=[result.pk])
    response = client.post(url, {"body": '<script>alert("x")</script> Zob. https://example.org/a'})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert '<a href="https://example.org/a" rel="nofollow">' in page
    opinion = Comment.objects.get()
    # A reply to a reply joins the thread of the first comment.
    client.force_login(world["member"])
    client.post(url, {"body": "Dziękujemy.", "parent": opinion.pk})
    reply = Comment.objects.get(body="Dziękujemy.")
    client.force_login(world["observer"])
    client.post(url, {"body": "Proszę bardzo.", "parent": reply.pk})
    assert Comment.objects.get(body="Proszę bardzo.").parent == opinion
    assert (
        Notification.objects.filter(
            recipient=world["observer"], kind=NotificationKind.COMMENT_REPLY
        ).count()
        == 1
    )
    # An empty comment is refused and the page keeps what stands.
    refused = client.post(url, {"body": "   "})
    assert refused.status_code == 200 and refused.context["form"].errors
    # Those who may not comment cannot.
    client.force_login(world["stranger"])
    assert client.post(url, {"body": "Ja też"}).status_code == 404
    client.force_login(world["other observer"])
    assert client.post(url, {"body": "Ja też"}).status_code == 404


def test_authors_edit_for_fifteen_minutes_and_delete_their_own(client, world):
    result = draft(world)
    comment = services.comment_add(result_id=result.pk, by=world["member"], body="Pierwsza wersja")
    reply = services.comment_add(
        result_id=result.pk, by=world["expert"], body="Odp.", parent_id=comment.pk
    )
    client.force_login(world["member"])
    edit = reverse("results:comment_edit", args=[comment.pk])
    assert client.post(edit, {"body": "Poprawiona"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Poprawiona" and comment.edited_at
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=16)
    )
    assert client.get(edit).status_code == 403
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment_id=Comment.objects.get(pk=comment.pk).pk, by=world["member"],
                              body="Za późno")  # fmt: skip
    client.force_login(world["expert"])
    assert client.post(reverse("results:comment_delete", args=[comment.pk])).status_code == 403
    client.force_login(world["member"])
    delete = reverse("results:comment_delete", args=[comment.pk])
    assert "Poprawiona" in client.get(delete).content.decode()  # asks first
    assert client.post(delete).status_code == 302
    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == ""
    page = client.get(reverse("results:detail", args=[result.pk])).content.decode()
    assert "Usunięty przez autora" in page and "Odp." in page
    assert Comment.objects.filter(pk=reply.pk).exists()


def test_the_coordinator_hides_and_restores_and_sees_reports(client, world):
    result = draft(world)
    abusive = services.comment_add(result_id=result.pk, by=world["member"], body="Obraźliwy tekst")
    client.force_login(world["expert"])
    report_url = reverse("results:comment_report", args=[abusive.pk])
    assert client.post(report_url, {"reason": "Obraża"}).status_code == 302
    again = client.post(report_url, {"reason": "Jeszcze raz"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    assert client.get(reverse("results:comment_hide", args=[abusive.pk])).status_code == 403
    assert client.get(reverse("results:reports", args=["miasto-cyfrowe"])).status_code == 404
    client.force_login(world["coordinator"])
    reports = client.get(reverse("results:reports", args=["miasto-cyfrowe"])).content.decode()
    assert "Obraźliwy tekst" in reports and "Obraża" in reports
    hide = reverse("results:comment_hide", args=[abusive.pk])
    assert client.post(hide, {"reason": ""}).status_code == 200  # a reason is required
    assert client.post(hide, {"reason": "Narusza zasady"}).status_code == 302
    client.force_login(world["observer"])
    services.stage_change(result_id=result.pk, by=world["coordinator"], to_stage=Stage.OBSERVERS)
    page = client.get(reverse("results:detail", args=[result.pk])).content.decode()
    assert "Ukryty przez moderatora" in page and "Obraźliwy tekst" not in page
    client.force_login(world["member"])
    assert (
        "Narusza zasady" in client.get(reverse("results:detail", args=[result.pk])).content.decode()
    )
    client.force_login(world["coordinator"])
    assert (
        "Obraźliwy"
        not in client.get(reverse("results:reports", args=["miasto-cyfrowe"])).content.decode()
    )
    client.post(reverse("results:comment_restore", args=[abusive.pk]))
    abusive.refresh_from_db()
    assert not abusive.is_hidden
    assert list(Moderation.objects.values_list("action", "by")) == [
        (ModerationAction.HIDDEN, world["coordinator"].pk),
        (ModerationAction.RESTORED, world["coordinator"].pk),
    ]


def test_the_observers_home_lists_what_awaits_their_opinion(client, world):
    older = draft(world, title="Starszy wynik")
    newer = draft(world, title="Nowszy wynik")
    draft(world, title="Wciąż szkic")
    older, newer = (
        services.stage_change(
            result_id=result.pk, by=world["coordinator"], to_stage=Stage.OBSERVERS
        )
        for result in [older, newer]
    )
    Result.objects.filter(pk=older.pk).update(
        opened_to_observers_at=timezone.now() - dt.timedelta(days=2)
    )
    services.comment_add(result_id=newer.pk, by=world["member"], body="Dzięki.")
    Result.objects.filter(pk=older.pk).update(opinions_until=dt.date(2100, 1, 31))
    client.force_login(world["observer"])
    home = reverse("results:observer_home")
    response = client.get(home)
    assert [r.title for r in response.context["results"]] == ["Starszy wynik", "Nowszy wynik"]
    assert [r.comment_count for r in response.context["results"]] == [0, 1]
    assert "opinie do <time" in response.content.decode() and "31 stycznia 2100" in (
        response.content.decode()
    )
    # The observer's opinion moves the result to the answered list, at once (a cached copy of
    # the list is the person's own).
    services.comment_add(result_id=newer.pk, by=world["observer"], body="Dobre.")
    assert [r.title for r in client.get(home).context["results"]] == ["Starszy wynik"]
    answered = client.get(home, {"lista": "zaopiniowane"})
    assert [r.title for r in answered.context["results"]] == ["Nowszy wynik"]
    assert 'aria-current="page">Zaopiniowane</a>' in answered.content.decode()
    assert "Twoja opinia z <time" in answered.content.decode()  # when, besides the date asked
    client.force_login(world["other observer"])
    assert list(client.get(home).context["results"]) == []
    assert list(client.get(home, {"lista": "zaopiniowane"}).context["results"]) == []


def test_feeds_carry_public_results_only(client, world):
    hidden = draft(world, title="Jeszcze dla obserwatorów")
    public = draft(world, title="Wynik publiczny")
    services.stage_change(result_id=hidden.pk, by=world["coordinator"], to_stage=Stage.OBSERVERS)
    services.stage_change(result_id=public.pk, by=world["coordinator"], to_stage=Stage.PUBLIC)
    for url in [reverse("results:feed"), reverse("results:network_feed", args=["miasto-cyfrowe"])]:
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)
        titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
        assert titles == ["Wynik publiczny"]


@pytest.mark.django_db(transaction=True)
def test_the_digest_holds_only_what_the_person_may_still_read(world, celery_worker):
    observer = world["observer"]
    observer.profile.email_mode = EmailMode.DIGEST
    observer.profile.save()
    kept = draft(world, title="Wynik dla obserwatorów")
    services.stage_change(result_id=kept.pk, by=world["coordinator"], to_stage=Stage.OBSERVERS)
    # A second network the person observed until yesterday: its news is no longer theirs.
    left = NetworkFactory()
    coordinator = person_in(left, Role.COORDINATOR)
    ParticipationFactory(network=left, person=observer, city=observer.profile.city,
                         role=Role.OBSERVER)  # fmt: skip
    gone = draft(world, network=left, author=coordinator, title="Wynik sieci opuszczonej")
    services.stage_change(result_id=gone.pk, by=coordinator, to_stage=Stage.OBSERVERS)
    left.participations.filter(person=observer).update(
        status=ParticipationStatus.LEFT, left_at=timezone.now()
    )
    account_tasks.send_daily_digests.apply()
    assert wait_for(lambda: any(m.to == [observer.email] for m in mail.outbox))
    digest = next(m for m in mail.outbox if m.to == [observer.email])
    assert "Wynik dla obserwatorów" in digest.body
    assert "Wynik sieci opuszczonej" not in digest.body
    # ...and what they may no longer read is settled unsent, so no digest keeps finding it (once
    # the worker's transaction, which hands the mail over before it commits, is done).
    assert wait_for(
        lambda: not Notification.objects.filter(recipient=observer, emailed_at=None).exists()
    )
    # Beat firing again the same day sends nothing more.
    account_tasks.send_daily_digests.apply()
    assert account_services.digest_send(observer.pk) == 0
    assert sum(m.to == [observer.email] for m in mail.outbox) == 1
    # Let the worker finish the others' immediate e-mails before the tables are emptied.
    unsent = Notification.objects.filter(
        emailed_at=None, recipient__profile__email_mode=EmailMode.IMMEDIATE
    )
    assert wait_for(lambda: not unsent.exists())


def test_result_page_queries_do_not_grow_with_comments(
    uncached_fragments, client, world, django_assert_max_num_queries
):
    result = draft(world)
    url = reverse("results:detail", args=[result.pk])
    services.comment_add(result_id=result.pk, by=world["member"], body="Pierwszy")
    client.force_login(world["coordinator"])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    people = [person_in(world["network"]) for _ in range(6)]
    for number in range(44):
        comment = services.comment_add(
            result_id=result.pk, by=people[number % 6], body=f"Opinia {number}"
        )
        services.comment_add(
            result_id=result.pk, by=world["expert"], body="Odpowiedź", parent_id=comment.pk
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["comment_count"] == 89
    # The discussion comes in pages of 30 threads; a new opinion is shown on its page.
    assert len(response.context["threads"]) == 30
    second = client.get(url, {"opinie": 2})
    assert [c.body for c, _replies in second.context["threads"]][-1] == "Opinia 43"
    client.force_login(people[0])
    added = client.post(url, {"body": "Najnowsza"})
    assert added.url.startswith(f"{url}?opinie=2#komentarz-")


def test_no_reply_to_a_comment_that_is_gone_and_the_text_stays(client, world):
    result = draft(world)
    gone = services.comment_add(result_id=result.pk, by=world["member"], body="Będzie usunięty")
    services.comment_delete(comment_id=gone.pk, by=world["member"])
    with pytest.raises(ValidationError):
        services.comment_add(
            result_id=result.pk, by=world["expert"], body="Odp.", parent_id=gone.pk
        )
    client.force_login(world["expert"])
    url = reverse("results:detail", args=[result.pk])
    for parent in [gone.pk, 999999, "x"]:
        response = client.post(url, {"body": "Moja ważna odpowiedź", "parent": parent})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Moja ważna odpowiedź" in page and 'class="field__errors"' in page
    assert Comment.objects.count() == 1


def test_the_admin_sanitises_a_result_and_the_feed_escapes_summaries(client, world):
    result = draft(world, title="Wynik")
    services.stage_change(result_id=result.pk, by=world["coordinator"], to_stage=Stage.PUBLIC)
    Result.objects.filter(pk=result.pk).update(summary="<b>pogrubione</b>")
    admin = ProfileFactory(user__is_superuser=True, user__is_staff=True, city=None).user
    client.force_login(admin)
    change = reverse("admin:results_result_change", args=[result.pk])
    form = client.get(change).context["adminform"].form
    data = {
        name: form[name].value() or ""
        for name in form.fields
        if name not in ("meetings", "practices", "plans")
    }
    data.update({"body": "<p>Tekst</p><script>alert(1)</script>", "stage_changes-TOTAL_FORMS": 0,
                 "stage_changes-INITIAL_FORMS": 0, "attachments-TOTAL_FORMS": 0,
                 "attachments-INITIAL_FORMS": 0, "author": world["expert"].pk})  # fmt: skip
    assert client.post(change, data).status_code == 302
    result.refresh_from_db()
    assert result.body == "<p>Tekst</p>"
    feed = client.get(reverse("results:feed")).content.decode()
    assert "&lt;b&gt;pogrubione" in feed.replace("&amp;lt;", "&lt;").replace("&amp;gt;", "&gt;")
    assert "<b>pogrubione" not in feed


def test_news_one_may_no_longer_read_is_settled_unsent(world, django_capture_on_commit_callbacks):
    member = world["member"]
    with django_capture_on_commit_callbacks(execute=False):
        draft(world, title="Szkic dla członków")
    notification = Notification.objects.get(recipient=member)
    world["network"].participations.filter(person=member).update(
        status=ParticipationStatus.LEFT, left_at=timezone.now()
    )
    assert account_services.notification_email_deliver(notification.pk) is False
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert not mail.outbox
    assert notification.pk not in set(
        account_services.unsent_immediate_notifications(dt.timedelta(0))
    )


def test_opening_to_observers_asks_for_the_date_of_their_opinions(client, world):
    """The coordinator sets it on the stage form; observers see it in the notification, on the
    result and on their desk; once it has passed, the coordinator's desk asks them to move on."""
    result = draft(world)
    url = reverse("results:stage", args=[result.pk])
    client.force_login(world["coordinator"])
    form = client.get(url).content.decode()
    default = (timezone.localdate() + dt.timedelta(weeks=4)).isoformat()
    assert f'value="{default}"' in form  # four weeks ahead, unless the coordinator says else
    far = (timezone.localdate() + dt.timedelta(days=800)).isoformat()
    for wrong, message in (
        ("", "Podaj datę"), (timezone.localdate().isoformat(), "późniejsza"),
        (far, "najpóźniej"), ("31.02.2027", "Wpisz poprawną datę"),
    ):  # fmt: skip
        page = client.post(url, {"to_stage": Stage.OBSERVERS, "opinions_until": wrong})
        text = page.content.decode()
        assert page.status_code == 200 and message in text, wrong
        assert wrong == "" or "Podaj datę" not in text  # one error, the one that is true
    result.refresh_from_db()
    assert result.stage == Stage.DRAFT  # nothing changed by a refused form
    until = timezone.localdate() + dt.timedelta(days=10)
    client.post(url, {"to_stage": Stage.OBSERVERS, "opinions_until": until.isoformat()})
    result.refresh_from_db()
    assert (result.stage, result.opinions_until) == (Stage.OBSERVERS, until)
    told = Notification.objects.get(recipient=world["observer"])
    assert told.title.startswith("Wynik czeka na Twoją opinię do ")
    assert str(until.day) in told.title
    client.force_login(world["observer"])
    assert (
        until.isoformat()
        in client.get(reverse("results:detail", args=[result.pk])).content.decode()
    )
    assert until.isoformat() in client.get(reverse("desk:home")).content.decode()
    # Past the date, the coordinator's desk lists it to move on.
    Result.objects.filter(pk=result.pk).update(
        opinions_until=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(world["coordinator"])
    desk = client.get(reverse("desk:home")).content.decode()
    assert "Rekomendacje e-usług" in desk and "minął termin opinii" in desk
