"""Every page of the portal, read from the URL configuration.

Each named URL pattern must appear here: in PAGES with the arguments to open it with, or in
NOT_PAGES with the reason it is not a page. A new URL without either fails
test_every_url_is_accounted_for, so no page escapes the accessibility check.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Profile, User
from discussions.models import Thread
from figures import public as figures_public
from figures import staff as figures_staff
from meetings.models import Meeting, Registration
from networks.models import Network, Participation
from practices.models import PracticeAttachment
from results.models import Comment, Result


def pending_application():
    applied = Participation.objects.filter(status="applied", network__slug="miasto-cyfrowe")
    return {"pk": applied.earliest("applied_at").pk}


def own_live_participation(email="pracownik@empirie.test"):
    return {"pk": Participation.objects.live().filter(person__email=email).first().pk}


def leaders_seat_holder():
    """The demo's mayor: her seat in the leaders' network may pass to a successor."""
    return {"pk": User.objects.get(email="lider@empirie.test").pk}


def coming_meeting():
    return {"pk": Meeting.objects.filter(network__slug="miasto-cyfrowe").latest("starts_at").pk}


def reported_meeting():
    return {"pk": Meeting.objects.filter(report__isnull=False).first().pk}


def demo_certificate():
    """The certificate of someone marked present at a meeting held (made if need be)."""
    from meetings import services

    registration = Registration.objects.filter(
        attended=True, meeting__cancelled_at__isnull=True, meeting__draft=False
    ).latest("meeting__starts_at")
    coordinator = Participation.objects.filter(
        network=registration.meeting.network_id, role="coordinator", status="accepted"
    ).first()
    certificate = services.certificate_for(registration_id=registration.pk, by=coordinator.person)
    return {"code": certificate.code}


def demo_practice():
    return {"slug": "promocja-kultury-narzedziem-realizacji-celow-strategii-rozwoju-miasta"}


def demo_attachment():
    practice = demo_practice()
    attachment = PracticeAttachment.objects.filter(practice__slug=practice["slug"]).first()
    return {**practice, "pk": attachment.pk}


def demo_result():
    return {
        "pk": Result.objects.get(
            network__slug="miasto-cyfrowe",
            title="Rekomendacje: e-usługi w urzędzie miasta średniej wielkości",
        ).pk
    }


def demo_result_attachment():
    result = Result.objects.get(
        network__slug="miasto-cyfrowe",
        title="Rekomendacje: e-usługi w urzędzie miasta średniej wielkości",
    )
    return {"pk": result.pk, "document": result.attachments.first().pk}


def demo_plan():
    """A plan of Przemyśl, the demo clerk's city (the clerk edits it)."""
    from cities.models import DevelopmentPlan

    return {
        "slug": "przemysl",
        "pk": DevelopmentPlan.objects.filter(city__slug="przemysl").first().pk,
    }


def demo_comment():
    return {"pk": Comment.objects.filter(parent=None).first().pk}


def declared_function():
    return {"pk": Profile.objects.get(user__email="zastepca@empirie.test").pk}


def demo_question(network="miasto-cyfrowe"):
    """The network's question: the city staff's in MIASTO CYFROWE, the leader's in theirs."""
    return {"slug": network, "pk": Thread.objects.get(network__slug=network, kind="question").pk}


def demo_leaders_question():
    return demo_question("siec-dla-liderow")


def demo_question_post():
    """The question's first post: its author's (the city staff's) to edit and delete."""
    question = demo_question()
    return {**question, "post": Thread.objects.get(pk=question["pk"]).posts.earliest("pk").pk}


def demo_reply():
    """The reply that solved the question: another city's, to report or hide."""
    question = demo_question()
    return {**question, "post": Thread.objects.get(pk=question["pk"]).solution_id}


def demo_card(email="pracownik@empirie.test"):
    """A card shown in MIASTO CYFROWE's directory: the city staff's."""
    return {"pk": User.objects.get(email=email).pk}


def demo_leader_card():
    return demo_card("lider@empirie.test")


def demo_conversation():
    """The expert's question to the city staff (a page for its two sides, 404 to others)."""
    from partners.models import Conversation

    return {"pk": Conversation.objects.get(starter__email="ekspert@empirie.test").pk}


def demo_message():
    """The expert's message, which the city staff may report."""
    from partners.models import Message

    conversation = demo_conversation()
    first = Message.objects.filter(conversation_id=conversation["pk"]).earliest("pk")
    return {**conversation, "message": first.pk}


def demo_reported_message():
    """The advertisement the city staff reported: its moderation page, ZMP's staff's alone."""
    from partners.models import MessageReport

    return {"pk": MessageReport.objects.get(reporter__email="pracownik@empirie.test").message_id}


# URL name -> list of kwargs to open it with ({} for none), or functions that find them in the
# demo data. Pages a role may not open still get checked: they show the role's 403, 404 or
# log-in page.
def demo_token():
    from api.services import api_token_create

    person = User.objects.get(email="pracownik@empirie.test")
    return {"pk": api_token_create(person_id=person.pk, name="Pulpit miasta").token.pk}


def unsubscribe_link():
    from accounts.mail import NOTIFICATION, unsubscribe_token

    person = User.objects.get(email="pracownik@empirie.test")
    return {"token": unsubscribe_token(person.pk, NOTIFICATION)}


def demo_invitation(*, expired=False):
    """A pending invitation to MIASTO CYFROWE (or one expired), and its link's token."""
    import datetime as dt

    from django.utils import timezone

    from invitations.models import Invitation, token_hash, token_new

    token, now = token_new(), timezone.now()
    made = now - dt.timedelta(days=20 if expired else 0)
    invitation = Invitation.objects.create(
        network=Network.objects.get(slug="miasto-cyfrowe"),
        email=f"zaproszona-{token[:8].lower()}@example.pl",
        name="Ewa Zaproszona",
        role="member",
        token_hash=token_hash(token),
        invited_by=User.objects.get(email="koordynator@empirie.test"),
        created_at=made,
        expires_at=made + dt.timedelta(days=14),
    )
    return {"slug": "miasto-cyfrowe", "pk": invitation.pk, "token": token}


def demo_invitation_pk():
    invitation = demo_invitation()
    return {"slug": invitation["slug"], "pk": invitation["pk"]}


def demo_invitation_token():
    return {"token": demo_invitation()["token"]}


def expired_invitation_token():
    return {"token": demo_invitation(expired=True)["token"]}


def demo_continuation():
    """The staff member asked to confirm they continue in MIASTO CYFROWE's edition."""
    from networks.models import Continuation, Edition

    participation = Participation.objects.get(
        person__email="pracownik@empirie.test", network__slug="miasto-cyfrowe", status="accepted"
    )
    edition = Edition.objects.open().get(network=participation.network)
    continuation, _made = Continuation.objects.get_or_create(
        edition=edition, participation=participation
    )
    return {"pk": continuation.pk}


PAGES = {
    "invitations:list": [{"slug": "miasto-cyfrowe"}, {"slug": "siec-dla-liderow"}],
    "invitations:new": [{"slug": "miasto-cyfrowe"}, {"slug": "siec-dla-liderow"}],
    "invitations:revoke": [demo_invitation_pk],
    "invitations:invitation": [
        demo_invitation_token,
        expired_invitation_token,
        {"token": "nie-ma-takiego-zaproszenia"},
    ],
    "invitations:signup": [demo_invitation_token],
    "home": [{}],
    "desk:home": [{}],
    "networks:list": [{}],
    "accessibility_statement": [{}],
    "privacy_notice": [{}],
    "accounts:personal_data": [{}],
    "accounts:erase": [{}],
    "networks:detail": [{"slug": "miasto-cyfrowe"}, {"slug": "siec-dla-liderow"}],
    "networks:inside": [{"slug": "miasto-cyfrowe"}, {"slug": "siec-dla-liderow"}],
    "networks:apply": [{"slug": "miasto-obywateli"}, {"slug": "siec-dla-liderow"}],
    "networks:applications": [{"slug": "miasto-cyfrowe"}],
    "networks:decide": [pending_application],
    "networks:my_participations": [{}],
    "networks:participation_end": [own_live_participation],
    "networks:successor": [leaders_seat_holder],
    "networks:edition": [
        {"slug": "miasto-cyfrowe", "number": 1},
        {"slug": "siec-dla-liderow", "number": 1},
    ],
    "networks:edition_close": [{"slug": "miasto-cyfrowe"}],
    "networks:edition_open": [{"slug": "miasto-cyfrowe"}],
    "networks:continue": [demo_continuation],
    "networks:continue_decline": [demo_continuation],
    "meetings:coming": [{}],
    "meetings:calendar_subscription": [{}],
    "meetings:archive": [{}],
    "meetings:schedule": [{"slug": "miasto-cyfrowe"}],
    "meetings:detail": [coming_meeting],
    "meetings:edit": [coming_meeting],
    "meetings:cancel": [coming_meeting],
    "meetings:report": [reported_meeting],
    "meetings:report_edit": [reported_meeting],
    "meetings:attendance": [reported_meeting],
    "meetings:attendance_import": [reported_meeting],
    "meetings:city_attendance": [{"slug": "miasto-cyfrowe"}],
    "meetings:plan": [{"slug": "miasto-cyfrowe"}],
    "meetings:attendance_overview": [{}],
    "figures:public": [{}],
    "figures:public_section": [{"section": s.slug} for s in figures_public.sections()[1:]],
    "figures:staff": [{}],
    "figures:staff_section": [{"section": s.slug} for s in figures_staff.sections()[1:]],
    "certificates:verify": [demo_certificate],
    "meetings:survey": [reported_meeting],
    "meetings:survey_results": [reported_meeting],
    "meetings:network_surveys": [{"slug": "miasto-cyfrowe"}],
    "practices:list": [{}],
    "search:everything": [{}],
    "practices:create": [{}],
    "practices:review_queue": [{}],
    "practices:detail": [demo_practice],
    "practices:presentation": [demo_practice],
    "practices:attachments": [demo_practice],
    "practices:attachment_delete": [demo_attachment],
    "practices:map": [{}],
    "practices:edit": [demo_practice],
    "practices:review": [demo_practice],
    "practices:transfer": [demo_practice],
    "results:list": [{}],
    "results:observer_home": [{}],
    "results:create": [{"slug": "miasto-cyfrowe"}],
    "results:reports": [{"slug": "miasto-cyfrowe"}],
    "results:detail": [demo_result],
    "results:edit": [demo_result],
    "results:stage": [demo_result],
    "results:attachments": [demo_result],
    "results:attachment_delete": [demo_result_attachment],
    "results:comment_edit": [demo_comment],
    "results:comment_delete": [demo_comment],
    "results:comment_report": [demo_comment],
    "results:comment_hide": [demo_comment],
    "discussions:list": [{"slug": "miasto-cyfrowe"}, {"slug": "siec-dla-liderow"}],
    "discussions:create": [{"slug": "miasto-cyfrowe"}, {"slug": "siec-dla-liderow"}],
    "discussions:thread": [demo_question, demo_leaders_question],
    "discussions:post_edit": [demo_question_post],
    "discussions:post_delete": [demo_question_post],
    "discussions:post_report": [demo_reply],
    "discussions:post_hide": [demo_reply],
    "discussions:move": [demo_question],
    "discussions:merge": [demo_question],
    "discussions:convert": [demo_question],
    "cities:detail": [{"slug": "bochnia"}, {"slug": "przemysl"}],
    "cities:status": [{"slug": "przemysl"}],
    "cities:plan_create": [{"slug": "przemysl"}],
    "cities:plan_edit": [demo_plan],
    "cities:plan_delete": [demo_plan],
    "funder_report:report": [{}],
    "accounts:profile": [{}],
    "accounts:partner_card": [{}],
    "partners:directory": [{"slug": "miasto-cyfrowe"}, {"slug": "siec-dla-liderow"}],
    "partners:card": [demo_card, demo_leader_card],
    "partners:ask_person": [demo_card],
    "partners:ask_practice": [demo_practice],
    "partners:conversations": [{}],
    "partners:conversation": [demo_conversation],
    "partners:message_report": [demo_message],
    "partners:message_moderate": [demo_reported_message],
    "accounts:notifications": [{}],
    "accounts:function_verifications": [{}],
    "accounts:function_decide": [declared_function],
    "account_login": [{}],
    "account_logout": [{}],
    "account_inactive": [{}],
    "account_signup": [{}],
    "account_reauthenticate": [{}],
    "account_email": [{}],
    "account_email_verification_sent": [{}],
    "account_change_password": [{}],
    "account_set_password": [{}],
    "account_reset_password": [{}],
    "account_reset_password_done": [{}],
    "account_reset_password_from_key_done": [{}],
    "account_confirm_login_code": [{}],
    "usersessions_list": [{}],
    "mfa_index": [{}],
    "mfa_activate_totp": [{}],  # first the password again (account_reauthenticate's page)
    "mfa_deactivate_totp": [{}],
    "mfa_authenticate": [{}],
    "mfa_reauthenticate": [{}],
    "mfa_view_recovery_codes": [{}],
    "mfa_generate_recovery_codes": [{}],
    # With a key that matches nothing: the "bad link" page a person sees for an old e-mail.
    "account_confirm_email": [{"key": "stary-klucz"}],
    "account_reset_password_from_key": [{"uidb36": "1", "key": "stary-klucz"}],
    "open_data:index": [{}],
    "open_data:api_reference": [{}],
    # The page an e-mail's "stop these e-mails" link opens, and the one for a broken link.
    "accounts:unsubscribe": [unsubscribe_link, {"token": "zepsuty-link"}],
    "api_tokens:create": [{}],
    "api_tokens:revoke": [demo_token],
}

NOT_PAGES = {
    "funder_report:xlsx": "the funder's report as a workbook (its contents are tested)",
    "funder_report:pdf": "the funder's report as a PDF (its text is tested)",
    "healthz": "JSON for load balancers and monitoring",
    "healthz_ready": "JSON for load balancers and monitoring",
    "robots_txt": "plain text for crawlers (its rules are tested)",
    "security_txt": "plain text (RFC 9116) for security researchers (its fields are tested)",
    "sitemap": "XML for crawlers (its contents are tested, and the canary crawl reads it)",
    "sitemap_section": "XML for crawlers (its contents are tested, and the canary crawl reads it)",
    "favicon": "a redirect to the icon, for tools that do not read the pages' <link>",
    "set_language": "a POST-only endpoint that redirects back to the page",
    "accounts:notifications_read": "a POST-only endpoint behind the notifications page's button",
    "partners:block": "a POST-only endpoint behind a conversation page's button",
    "invitations:renew": "a POST-only endpoint behind the invitations list's button (an "
    "expired or withdrawn invitation sent again)",
    "partners:unblock": "a POST-only endpoint behind a conversation page's button",
    "partners:message_dismiss_reports": "a POST-only endpoint behind a reported message's page's button",
    "practices:submit": "a POST-only endpoint behind the practice page's button",
    "meetings:register": "a POST-only endpoint behind the meeting page's button",
    "meetings:unregister": "a POST-only endpoint behind the meeting page's button",
    "meetings:accept_offer": "a POST-only endpoint behind the meeting page's button",
    "meetings:publish": "a POST-only endpoint behind a draft meeting's button",
    "meetings:city_attendance_export": "a CSV or XLSX file of the table (its contents are tested)",
    "figures:public_csv": "a CSV file of a chart's figures (tests/figures/)",
    "figures:staff_csv": "a CSV file of a chart's figures (tests/figures/)",
    "meetings:leave_waiting_list": "a POST-only endpoint behind the meeting page's button",
    "meetings:move_on_waiting_list": "a POST-only endpoint behind the waiting list's buttons",
    "meetings:check_in": "a POST-only endpoint behind the attendance page's buttons",
    "meetings:ics": "an iCalendar file, not a page (its contents are tested)",
    "meetings:calendar_feed": "an iCalendar feed for calendar programs (its contents are tested)",
    "meetings:photo_file": "an image file (served through the rules; tested)",
    "meetings:attachment_file": "a document download (served through the rules; tested)",
    "practices:attachment_file": "a document download (served through the rules; tested)",
    "practices:export": "a CSV or XLSX file of the filtered list (its contents are tested)",
    "results:feed": "an Atom feed for feed readers (its contents are tested)",
    "results:network_feed": "an Atom feed for feed readers (its contents are tested)",
    "results:attachment_file": "a document download (served through the rules; tested)",
    "results:comment_restore": "a POST-only endpoint behind the comment's button",
    "results:comment_dismiss_reports": "a POST-only endpoint behind the reports page's button",
    "meetings:participants_csv": "a CSV file, not a page (its contents are tested)",
    "meetings:attendance_list_pdf": "a PDF to print, not a page (its contents are tested)",
    "meetings:certificate": "a PDF, not a page (its contents are tested)",
    "meetings:certificates_zip": "a ZIP of PDFs, not a page (its contents are tested)",
    "discussions:post_document_file": "a document download (served through the rules; tested)",
    "discussions:post_photo_file": "an image file (served through the rules; tested)",
    "discussions:people": "JSON for the mention autocomplete (tested in its journey)",
    "discussions:thread_people": "JSON for the mention autocomplete (tested in its journey)",
    **{
        f"discussions:{name}": "a POST-only endpoint behind a button of the discussion pages"
        for name in (
            "mark_read",
            "new_threads",
            "watch",
            "solution",
            "pin",
            "lock",
            "post_useful",
            "post_restore",
            "post_dismiss_reports",
        )
    },  # fmt: skip
    "mfa_download_recovery_codes": "a text file of the person's recovery codes",
    "open_data:catalogue": "JSON metadata of the open data for programs (tested in tests/api)",
    "open_data:download": "a CSV or JSON file of a dataset (its contents are tested)",
    "api:docs": (
        "the API's documentation for programmers, drawn by Swagger UI (third-party; its "
        "working under the CSP is tested in tests/browser/test_api_pages.py)"
    ),
    **dict.fromkeys(
        (
            "api:root",
            "api:network-list",
            "api:network-detail",
            "api:city-list",
            "api:city-detail",
            "api:practice-list",
            "api:practice-detail",
            "api:result-list",
            "api:result-detail",
            "api:report-list",
            "api:report-detail",
            "api:me",
            "api:my_networks",
            "api:my_meetings",
            "api:my_notifications",
            "api:schema",
        ),  # fmt: skip
        "JSON of the read-only API for programs (tested in tests/api)",
    ),
}
# Django's admin is ZMP staff's back office, outside the portal's pages (see the
# accessibility statement).
NOT_PAGE_NAMESPACES = {"admin"}


def url_names(resolver=None, namespace=""):
    """Every named URL pattern's full name ("networks:detail"), admin aside."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in NOT_PAGE_NAMESPACES:
                continue
            yield from url_names(entry, inner)
        elif isinstance(entry, URLPattern):
            yield (
                f"{namespace}{entry.name}"
                if entry.name
                else f"{namespace}<unnamed {entry.pattern}>"
            )


def page_urls():
    """(name, path) of every page, in Polish."""
    for name, arguments in PAGES.items():
        for kwargs in arguments:
            yield name, reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs)
