"""Every URL of the portal against every role, with the answer each must get.

The URL list comes from the URL configuration: a URL with no row in MATRIX fails
test_every_url_has_expected_answers, so no page is added without deciding who may open it.
"""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from accounts.choices import Function
from accounts.mail import NOTIFICATION, unsubscribe_token
from accounts.services import partner_card_save
from api.services import api_token_create
from cities.choices import PlanKind, ProgrammeStatus
from cities.models import DevelopmentPlan
from discussions import services as discussion_services
from empirie.sitemaps import SECTIONS as SITEMAP_SECTIONS
from figures.public import sections as public_sections
from figures.staff import sections as staff_sections
from invitations.models import Invitation, token_hash, token_new
from meetings import services
from meetings.choices import MeetingFormat, PublicationLevel
from meetings.models import Meeting, MeetingReport, Registration, WaitingListEntry
from networks.choices import NetworkKind, ParticipationStatus, Role
from networks.models import Continuation, Edition
from partners import services as partner_services
from practices.choices import PracticeStatus
from practices.models import Category, Practice
from results.choices import Stage
from results.models import Comment, Result
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory

ROLES = [
    "visitor",
    "city staff",
    "unverified leader",
    "verified leader",
    "observer",
    "expert",
    "coordinator of this network",
    "coordinator of another network",
    "administrator",
]
V, S, UL, VL, OB, E, CT, CA, A = ROLES
PEOPLE = ROLES[1:]


def answers(default, **by_role):
    """{role: status}: `default` for everyone, then the exceptions (role names with _)."""
    table = dict.fromkeys(ROLES, default)
    for key, status in by_role.items():
        table[key.replace("_", " ")] = status
    return table


EVERYONE = answers(200)
PEOPLE_ONLY = answers(200, visitor=302)
VISITORS_ONLY = answers(302, visitor=200)  # log-in and sign-up send people home
COORDINATORS = answers(404, visitor=302, coordinator_of_this_network=200, administrator=200)
VERIFIERS = answers(
    403,
    visitor=302,
    coordinator_of_this_network=200,
    coordinator_of_another_network=200,
    administrator=200,
)

THEMATIC_INSIDE = answers(
    404, visitor=302, city_staff=200, expert=200, coordinator_of_this_network=200, administrator=200
)
LEADERS_INSIDE = answers(
    404, visitor=302, verified_leader=200, coordinator_of_this_network=200, administrator=200
)
# A report published for observers, and a closed network's report for its members; no log-in
# prompt, as a public report is read without one.
OBSERVERS_TOO = answers(
    404,
    city_staff=200,
    observer=200,
    expert=200,
    coordinator_of_this_network=200,
    administrator=200,
)
LEADERS_READERS = answers(
    404, verified_leader=200, coordinator_of_this_network=200, administrator=200
)
DRAFT_READERS = answers(
    404, city_staff=200, expert=200, coordinator_of_this_network=200, administrator=200
)
RESULT_EDITORS = answers(  # the expert wrote the draft
    404,
    visitor=302,
    city_staff=403,
    expert=200,
    coordinator_of_this_network=200,
    administrator=200,
)
COMMENT_AUTHOR = answers(  # the observer wrote it
    404,
    visitor=302,
    city_staff=403,
    observer=200,
    expert=403,
    coordinator_of_this_network=403,
    administrator=403,
)
# A network's discussions: its people, and its observers (threads opened to them).
DISCUSSION_READERS = answers(
    404, visitor=302, city_staff=200, observer=200, expert=200, coordinator_of_this_network=200,
    administrator=200,
)  # fmt: skip
FIGURES_STAFF = answers(
    404, visitor=302, coordinator_of_this_network=200, coordinator_of_another_network=200,
    administrator=200,
)  # fmt: skip
# A city's development plans: administrators and the city's own confirmed staff.
CITY_EDITORS = answers(403, visitor=302, city_staff=200, administrator=200)
# The ready check: 200, or 503 while no Celery worker answers (as here, with REDIS_URL set);
# the same for everyone, never a log-in or a refusal.
READY_CHECK = answers((200, 503))
CONVERSATION_SIDES = answers(404, visitor=302, city_staff=200, expert=200)
POST_ONLY = answers(405, visitor=302)  # buttons: a GET is refused before anything is read
POST_ONLY_FOR_INSIDE = dict.fromkeys((S, E, CT, A), 405)
POST_ONLY_FOR_LEADERS = dict.fromkeys((VL, CT, A), 405)

# URL name -> [(how to find its arguments in the world, {role: status})]
MATRIX = {
    "home": [(None, VISITORS_ONLY)],  # anyone logged in is sent to their desk
    "desk:home": [(None, PEOPLE_ONLY)],
    "networks:list": [(None, EVERYONE)],
    "accessibility_statement": [(None, EVERYONE)],
    "privacy_notice": [(None, EVERYONE)],
    "accounts:personal_data": [(None, PEOPLE_ONLY)],
    "accounts:erase": [(None, PEOPLE_ONLY)],
    "accounts:partner_card": [(None, PEOPLE_ONLY)],
    "healthz": [(None, EVERYONE)],
    "healthz_ready": [(None, READY_CHECK)],
    "favicon": [(None, answers(301))],
    # Files for robots and researchers (empirie/public_files.py): the same for everyone.
    "robots_txt": [(None, EVERYONE)],
    "security_txt": [(None, EVERYONE)],
    "sitemap": [(None, EVERYONE)],
    "sitemap_section": [
        *((f"sitemap {name}", EVERYONE) for name in SITEMAP_SECTIONS),
        ("unknown sitemap", answers(404)),
    ],
    "set_language": [(None, answers(302))],  # a GET just goes back home
    "networks:detail": [("thematic", EVERYONE), ("leaders", EVERYONE)],
    "networks:inside": [
        (
            "thematic",
            answers(
                404,
                visitor=302,
                city_staff=200,
                expert=200,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
        (
            "leaders",
            answers(404, verified_leader=200, coordinator_of_this_network=200, administrator=200),
        ),
    ],  # fmt: skip
    "networks:apply": [("thematic", PEOPLE_ONLY), ("leaders", PEOPLE_ONLY)],
    "networks:applications": [
        ("thematic", COORDINATORS),
        ("leaders", answers(404, coordinator_of_this_network=200, administrator=200)),
    ],
    "networks:decide": [
        ("thematic application", COORDINATORS),
        ("leaders application", COORDINATORS),
    ],
    # A network's editions: a thematic network's are public, the leaders' network's are its
    # inside's; closing one and opening the next, its coordinator's and administrators'.
    "networks:edition": [
        ("thematic edition", EVERYONE),
        ("leaders edition", LEADERS_READERS),
        ("thematic closed edition", EVERYONE),
        ("stale edition", answers(404)),
    ],
    "networks:edition_close": [
        ("thematic", COORDINATORS),
        ("leaders", answers(404, coordinator_of_this_network=200, administrator=200)),
    ],
    "networks:edition_open": [
        ("thematic", COORDINATORS),
        ("leaders", answers(404, coordinator_of_this_network=200, administrator=200)),
    ],
    # The member asked to confirm they continue: theirs alone.
    "networks:continue": [("staff continuation", answers(404, visitor=302, city_staff=200))],
    "networks:continue_decline": [
        ("staff continuation", answers(404, visitor=302, city_staff=200))
    ],
    "invitations:list": [
        ("thematic", COORDINATORS),
        ("leaders", answers(404, coordinator_of_this_network=200, administrator=200)),
    ],
    "invitations:new": [
        ("thematic", COORDINATORS),
        ("leaders", answers(404, coordinator_of_this_network=200, administrator=200)),
    ],
    "invitations:revoke": [
        ("thematic invitation", COORDINATORS),
        ("leaders invitation", COORDINATORS),
    ],
    "invitations:renew": [("thematic invitation", POST_ONLY)],
    # The link's token is the key: whoever holds it sees the invitation and their next step.
    "invitations:invitation": [
        ("thematic invitation token", EVERYONE),
        ("leaders invitation token", EVERYONE),
        ("stale token", answers(404)),
    ],
    # Signing up with it: visitors; anyone logged in is sent to the invitation's page.
    "invitations:signup": [
        ("leaders invitation token", VISITORS_ONLY),
        ("stale token", answers(404)),
    ],
    "networks:my_participations": [(None, PEOPLE_ONLY)],
    # Hand a person's seat to a successor: the network's coordinator and administrators.
    "networks:successor": [
        ("thematic seat holder", COORDINATORS),
        ("leaders seat holder", COORDINATORS),
    ],
    "networks:participation_end": [("staff membership", answers(404, visitor=302, city_staff=200))],
    "accounts:profile": [(None, PEOPLE_ONLY)],
    "accounts:notifications": [(None, PEOPLE_ONLY)],
    "accounts:notifications_read": [(None, answers(405, visitor=302))],  # POST only
    "accounts:function_verifications": [(None, VERIFIERS)],
    # Any coordinator decides a declared function; a verified leader's (to withdraw it) is for
    # those who run the leaders' network alone.
    "accounts:function_decide": [
        ("declared function", VERIFIERS),
        ("verified function", {**VERIFIERS, CA: 404}),
    ],
    # The unsubscribe link of an e-mail: its token, not a session, is the key; a GET only asks.
    "accounts:unsubscribe": [("unsubscribe token", EVERYONE), ("stale token", answers(400))],
    "meetings:coming": [(None, PEOPLE_ONLY)],
    "meetings:calendar_subscription": [(None, PEOPLE_ONLY)],
    "meetings:archive": [(None, PEOPLE_ONLY)],
    # The token is the key: it works for whoever holds it, and nothing else does.
    "meetings:calendar_feed": [("calendar token", EVERYONE), ("stale token", answers(404))],
    "meetings:schedule": [("thematic", COORDINATORS), ("leaders", COORDINATORS)],
    "meetings:detail": [("thematic meeting", THEMATIC_INSIDE), ("leaders meeting", LEADERS_INSIDE)],
    "meetings:ics": [("thematic meeting", THEMATIC_INSIDE), ("leaders meeting", LEADERS_INSIDE)],
    "meetings:edit": [("thematic meeting", COORDINATORS), ("leaders meeting", COORDINATORS)],
    "meetings:cancel": [("thematic meeting", COORDINATORS), ("leaders meeting", COORDINATORS)],
    "meetings:participants_csv": [("thematic meeting", COORDINATORS)],
    # POST only: 405 to a GET from those who see the meeting
    "meetings:register": [("thematic meeting", {**THEMATIC_INSIDE, **POST_ONLY_FOR_INSIDE})],
    "meetings:unregister": [("leaders meeting", {**LEADERS_INSIDE, **POST_ONLY_FOR_LEADERS})],
    "meetings:city_attendance": [("thematic", COORDINATORS), ("leaders", COORDINATORS)],
    "meetings:plan": [("thematic", COORDINATORS), ("leaders", COORDINATORS)],
    "meetings:publish": [("thematic meeting", {**THEMATIC_INSIDE, **POST_ONLY_FOR_INSIDE})],
    "meetings:city_attendance_export": [
        ("thematic csv", COORDINATORS),
        ("leaders xlsx", COORDINATORS),
    ],
    "meetings:attendance_overview": [(None, answers(404, visitor=302, administrator=200))],
    # Statistics: the public figures for everyone; the networks' figures for those who run one
    # (each sees only their own networks': tests/figures/).
    "figures:public": [(None, EVERYONE)],
    "figures:public_csv": [("public chart", EVERYONE)],
    # Each page's other sections at their own URLs; the first's slug leads to the page's URL.
    "figures:public_section": [
        *((f"public section {section.slug}", EVERYONE) for section in public_sections()[1:]),
        ("first public section", answers(301)),
        ("unknown section", answers(404)),
    ],
    "figures:staff": [(None, FIGURES_STAFF)],
    "figures:staff_section": [
        *((f"staff section {section.slug}", FIGURES_STAFF) for section in staff_sections()[1:]),
        ("first staff section", {**FIGURES_STAFF, CT: 301, CA: 301, A: 301}),
        ("unknown section", answers(404, visitor=302)),
    ],
    "figures:staff_csv": [("staff chart", FIGURES_STAFF), ("quiet cities", FIGURES_STAFF)],
    "meetings:accept_offer": [("thematic meeting", {**THEMATIC_INSIDE, **POST_ONLY_FOR_INSIDE})],
    "meetings:leave_waiting_list": [
        ("leaders meeting", {**LEADERS_INSIDE, **POST_ONLY_FOR_LEADERS})
    ],
    "meetings:move_on_waiting_list": [
        ("leaders waiting", {**LEADERS_INSIDE, **POST_ONLY_FOR_LEADERS})
    ],
    "meetings:report": [("thematic meeting", OBSERVERS_TOO), ("leaders meeting", LEADERS_READERS)],
    "meetings:photo_file": [("thematic photo", OBSERVERS_TOO)],
    "meetings:attachment_file": [("thematic attachment", OBSERVERS_TOO)],
    "meetings:report_edit": [("thematic meeting", COORDINATORS), ("leaders meeting", COORDINATORS)],
    "meetings:attendance": [("thematic meeting", COORDINATORS), ("leaders meeting", COORDINATORS)],
    "meetings:attendance_import": [
        ("thematic meeting", COORDINATORS),
        ("leaders meeting", COORDINATORS),
    ],
    # POST only (one tap at the door): 405 to a GET from the coordinators, 404 to the others
    "meetings:check_in": [
        ("thematic meeting", {**COORDINATORS, CT: 405, A: 405}),
        ("leaders meeting", {**COORDINATORS, CT: 405, A: 405}),
    ],
    "meetings:attendance_list_pdf": [
        ("thematic meeting", COORDINATORS),
        ("leaders meeting", COORDINATORS),
    ],
    # The city staff was marked present at a meeting held: theirs alone; the coordinators
    # download everyone's as a ZIP; anyone with a certificate's code verifies it.
    "meetings:certificate": [("held meeting", answers(404, visitor=302, city_staff=200))],
    "meetings:certificates_zip": [("held meeting", COORDINATORS)],
    "certificates:verify": [("certificate code", EVERYONE), ("stale code", answers(404))],
    # The survey: anyone who sees the meeting reads it (and why they may not answer yet); its
    # results are for the network's coordinators, across its meetings too.
    "meetings:survey": [("thematic meeting", THEMATIC_INSIDE), ("leaders meeting", LEADERS_INSIDE)],
    "meetings:survey_results": [
        ("thematic meeting", COORDINATORS),
        ("leaders meeting", COORDINATORS),
    ],  # fmt: skip
    "meetings:network_surveys": [("thematic", COORDINATORS), ("leaders", COORDINATORS)],
    "practices:list": [(None, EVERYONE)],
    "search:everything": [(None, EVERYONE)],
    "practices:create": [
        (
            None,
            answers(
                200,
                visitor=302,
                expert=302,
                coordinator_of_this_network=302,
                coordinator_of_another_network=302,
                administrator=302,
            ),
        )
    ],
    "practices:review_queue": [(None, VERIFIERS)],
    "practices:detail": [
        ("published practice", EVERYONE),
        ("leaders practice", LEADERS_READERS),
        ("draft practice", answers(404, city_staff=200, administrator=200)),
    ],
    "practices:presentation": [
        ("published practice", EVERYONE),
        ("leaders practice", LEADERS_READERS),
    ],
    "practices:attachments": [
        ("published practice", EVERYONE),
        ("leaders practice", LEADERS_READERS),
        ("draft practice", answers(404, city_staff=200, administrator=200)),
    ],
    "practices:attachment_file": [
        ("published attachment", EVERYONE),
        ("leaders attachment", LEADERS_READERS),
        ("draft attachment", answers(404, city_staff=200, administrator=200)),
    ],
    "practices:attachment_delete": [
        ("draft attachment", answers(404, visitor=302, city_staff=200, administrator=200)),
        ("published attachment", answers(403, visitor=302, administrator=200)),
        (
            "leaders attachment",
            answers(
                404,
                visitor=302,
                verified_leader=403,
                coordinator_of_this_network=403,
                administrator=200,
            ),
        ),
    ],  # fmt: skip
    "practices:map": [(None, EVERYONE)],
    "practices:export": [("csv", EVERYONE), ("xlsx", EVERYONE), ("other format", answers(404))],
    "practices:edit": [
        ("draft practice", answers(404, visitor=302, city_staff=200, administrator=200)),
        ("published practice", answers(404, visitor=302, administrator=200)),
    ],
    "practices:submit": [("draft practice", answers(405, visitor=302))],  # POST only
    "practices:review": [("submitted practice", VERIFIERS)],
    "practices:transfer": [
        (
            "published practice",
            answers(403, visitor=302, unverified_leader=200, verified_leader=200, observer=200),
        )
    ],
    "results:list": [(None, EVERYONE)],
    "results:feed": [(None, EVERYONE)],
    "results:observer_home": [(None, PEOPLE_ONLY)],
    "results:create": [("thematic", THEMATIC_INSIDE), ("leaders", LEADERS_INSIDE)],
    "results:network_feed": [("thematic", EVERYONE), ("leaders", answers(404))],
    "results:reports": [("thematic", COORDINATORS), ("leaders", COORDINATORS)],
    "results:detail": [
        ("draft result", DRAFT_READERS),
        ("observers result", OBSERVERS_TOO),
        ("public result", EVERYONE),
        ("leaders result", LEADERS_READERS),
    ],
    "results:edit": [
        ("draft result", RESULT_EDITORS),
        (
            "observers result",
            answers(
                404,
                visitor=302,
                city_staff=403,
                observer=403,
                expert=403,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
        (
            "leaders result",
            answers(
                404,
                visitor=302,
                verified_leader=200,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
    ],  # fmt: skip
    "results:stage": [
        (
            "draft result",
            answers(
                404,
                visitor=302,
                city_staff=403,
                expert=403,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
        ("public result", answers(403, visitor=302)),  # nowhere further to go
        (
            "leaders result",
            answers(
                404,
                visitor=302,
                verified_leader=403,
                coordinator_of_this_network=403,
                administrator=403,
            ),
        ),
    ],  # fmt: skip
    "results:attachments": [("draft result", RESULT_EDITORS)],
    "results:attachment_file": [
        ("draft result attachment", DRAFT_READERS),
        ("leaders result attachment", LEADERS_READERS),
    ],
    "results:attachment_delete": [("draft result attachment", RESULT_EDITORS)],
    "results:comment_edit": [
        ("observers comment", COMMENT_AUTHOR),
        (
            "leaders comment",
            answers(
                404,
                visitor=302,
                verified_leader=200,
                coordinator_of_this_network=403,
                administrator=403,
            ),
        ),
    ],  # fmt: skip
    "results:comment_delete": [("observers comment", COMMENT_AUTHOR)],
    "results:comment_report": [
        (
            "observers comment",
            answers(
                404,
                visitor=302,
                city_staff=200,
                observer=403,
                expert=200,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
        (
            "leaders comment",
            answers(
                404,
                visitor=302,
                verified_leader=403,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
    ],  # fmt: skip
    "results:comment_hide": [
        (
            "observers comment",
            answers(
                404,
                visitor=302,
                city_staff=403,
                observer=403,
                expert=403,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
        (
            "leaders comment",
            answers(
                404,
                visitor=302,
                verified_leader=403,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
    ],  # fmt: skip
    # POST-only buttons
    "results:comment_restore": [("observers comment", answers(405, visitor=302))],
    "results:comment_dismiss_reports": [("leaders comment", answers(405, visitor=302))],
    "cities:detail": [("city", EVERYONE)],
    # The API (/api/v1/): what the pages show, as JSON; a person's own lists ask who it is
    # (401, with the Bearer scheme, to a visitor). Only published practices, whoever asks.
    "api:root": [(None, EVERYONE)],
    "api:network-list": [(None, EVERYONE)],
    "api:network-detail": [("thematic", EVERYONE), ("leaders", EVERYONE)],
    "api:city-list": [(None, EVERYONE)],
    "api:city-detail": [("city", EVERYONE)],
    "api:practice-list": [(None, EVERYONE)],
    "api:practice-detail": [
        ("published practice", EVERYONE),
        ("leaders practice", LEADERS_READERS),
        ("draft practice", answers(404)),
    ],
    "api:result-list": [(None, EVERYONE)],
    "api:result-detail": [
        ("draft result", DRAFT_READERS),
        ("observers result", OBSERVERS_TOO),
        ("public result", EVERYONE),
        ("leaders result", LEADERS_READERS),
    ],
    "api:report-list": [(None, EVERYONE)],
    "api:report-detail": [("thematic report", OBSERVERS_TOO), ("leaders report", LEADERS_READERS)],
    "api:me": [(None, answers(200, visitor=401))],
    "api:my_networks": [(None, answers(200, visitor=401))],
    "api:my_meetings": [(None, answers(200, visitor=401))],
    "api:my_notifications": [(None, answers(200, visitor=401))],
    "api:schema": [(None, EVERYONE)],
    "api:docs": [(None, EVERYONE)],
    # Personal API tokens, from the profile page: one's own only.
    "api_tokens:create": [(None, PEOPLE_ONLY)],
    "api_tokens:revoke": [("staff token", answers(404, visitor=302, city_staff=200))],
    # Open data: a visitor's view, the same for everyone.
    "open_data:index": [(None, EVERYONE)],
    "open_data:api_reference": [(None, EVERYONE)],
    "open_data:catalogue": [(None, EVERYONE)],
    "open_data:download": [
        ("practices csv", EVERYONE),
        ("practices json", EVERYONE),
        ("statistics csv", EVERYONE),
        ("unknown dataset", answers(404)),
    ],
    # The city staff's own city: ZMP accepted them as its member of a thematic network.
    "cities:status": [("city", answers(403, visitor=302, administrator=200))],
    "cities:plan_create": [("city", CITY_EDITORS)],
    "cities:plan_edit": [("city plan", CITY_EDITORS)],
    "cities:plan_delete": [("city plan", CITY_EDITORS)],
    # The funder's report: ZMP's own page, as attendance_overview.
    **{
        f"funder_report:{name}": [(None, answers(404, visitor=302, administrator=200))]
        for name in ("report", "xlsx", "pdf")
    },
    # allauth's pages
    "account_login": [(None, VISITORS_ONLY)],
    "account_signup": [(None, VISITORS_ONLY)],
    "account_logout": [(None, answers(200, visitor=302))],  # a confirmation page
    "account_inactive": [(None, EVERYONE)],
    "account_reauthenticate": [(None, PEOPLE_ONLY)],
    "account_email": [(None, PEOPLE_ONLY)],
    "account_email_verification_sent": [(None, EVERYONE)],
    "account_confirm_email": [("stale key", EVERYONE)],
    "account_change_password": [(None, PEOPLE_ONLY)],
    "account_set_password": [(None, answers(302))],  # everyone here has a password
    "account_reset_password": [(None, EVERYONE)],
    "account_reset_password_done": [(None, EVERYONE)],
    "account_reset_password_from_key": [("stale reset key", EVERYONE)],
    "account_reset_password_from_key_done": [(None, EVERYONE)],
    "account_confirm_login_code": [(None, answers(302))],  # log-in by code is off
    "usersessions_list": [(None, PEOPLE_ONLY)],
    "mfa_index": [(None, PEOPLE_ONLY)],
    "mfa_activate_totp": [(None, answers(302))],  # people type their password again first
    "mfa_deactivate_totp": [(None, answers(404, visitor=302))],  # nobody here has one yet
    "mfa_authenticate": [(None, answers(302))],  # only halfway through a log-in
    "mfa_reauthenticate": [(None, answers(302))],
    "mfa_view_recovery_codes": [(None, answers(404, visitor=302))],
    "mfa_generate_recovery_codes": [(None, answers(302))],
    "mfa_download_recovery_codes": [(None, answers(404, visitor=302))],
    "discussions:list": [("thematic", DISCUSSION_READERS), ("leaders", LEADERS_INSIDE)],
    "discussions:create": [("thematic", DISCUSSION_READERS), ("leaders", LEADERS_INSIDE)],
    "discussions:mark_read": [("thematic", POST_ONLY), ("leaders", POST_ONLY)],
    "discussions:new_threads": [("thematic", POST_ONLY), ("leaders", POST_ONLY)],
    # The mention autocomplete's names: JSON for those who read the network, or the thread.
    "discussions:people": [("thematic", DISCUSSION_READERS), ("leaders", LEADERS_INSIDE)],
    "discussions:thread_people": [
        ("thematic thread", THEMATIC_INSIDE),
        ("observers thread", DISCUSSION_READERS),
        ("leaders thread", LEADERS_INSIDE),
    ],
    "discussions:thread": [
        ("thematic thread", THEMATIC_INSIDE),
        # The staff started it and has an unread reply: sent to it, at the first unread post.
        ("observers thread", {**DISCUSSION_READERS, S: 302}),
        ("leaders thread", LEADERS_INSIDE),
    ],
    **{
        f"discussions:{name}": [("observers thread", POST_ONLY), ("leaders thread", POST_ONLY)]
        for name in ("watch", "solution", "pin", "lock")
    },
    **{
        f"discussions:{name}": [
            (
                "observers thread",
                answers(
                    404,
                    visitor=302,
                    city_staff=403,
                    observer=403,
                    expert=403,
                    coordinator_of_this_network=200,
                    administrator=200,
                ),
            ),
            (
                "leaders thread",
                answers(
                    404,
                    visitor=302,
                    verified_leader=403,
                    coordinator_of_this_network=200,
                    administrator=200,
                ),
            ),
        ]
        for name in ("move", "merge", "convert")
    },  # fmt: skip
    # A post's files: to whoever reads the post (here an observer's reply, and a leader's).
    **{
        f"discussions:{name}": [
            ("observers post " + sample, DISCUSSION_READERS),
            ("leaders post " + sample, LEADERS_INSIDE),
        ]
        for name, sample in (("post_document_file", "document"), ("post_photo_file", "photo"))
    },
    "discussions:post_edit": [("observers post", COMMENT_AUTHOR)],
    "discussions:post_delete": [("observers post", COMMENT_AUTHOR)],
    "discussions:post_report": [
        (
            "observers post",
            answers(
                404,
                visitor=302,
                city_staff=200,
                observer=403,
                expert=200,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
        (
            "leaders post",
            answers(
                404,
                visitor=302,
                verified_leader=403,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
    ],  # fmt: skip
    "discussions:post_hide": [
        (
            "observers post",
            answers(
                404,
                visitor=302,
                city_staff=403,
                observer=403,
                expert=403,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
        (
            "leaders post",
            answers(
                404,
                visitor=302,
                verified_leader=403,
                coordinator_of_this_network=200,
                administrator=200,
            ),
        ),
    ],  # fmt: skip
    **{
        f"discussions:{name}": [("observers post", POST_ONLY), ("leaders post", POST_ONLY)]
        for name in ("post_useful", "post_restore", "post_dismiss_reports")
    },
    # The directory of trusted partners: a network's people's cards, for those who see its
    # inside (the leaders' people only for those who see the leaders' inside).
    "partners:directory": [("thematic", THEMATIC_INSIDE), ("leaders", LEADERS_INSIDE)],
    "partners:card": [("staff card", THEMATIC_INSIDE), ("leaders card", LEADERS_INSIDE)],
    # Asking: not oneself (404 to the card's or practice's own person).
    "partners:ask_person": [
        (
            "staff card",
            answers(
                404, visitor=302, expert=200, coordinator_of_this_network=200, administrator=200
            ),
        ),
        (
            "leaders card",
            answers(404, visitor=302, coordinator_of_this_network=200, administrator=200),
        ),
    ],  # fmt: skip
    "partners:ask_practice": [
        ("published practice", answers(200, visitor=302, city_staff=404)),
        (
            "leaders practice",
            answers(404, visitor=302, coordinator_of_this_network=200, administrator=200),
        ),
    ],  # fmt: skip
    "partners:conversations": [(None, PEOPLE_ONLY)],
    # A conversation is its two sides' alone (the expert asked the city staff), even to
    # administrators; a reported message reaches ZMP's staff through the admin.
    "partners:conversation": [("conversation", CONVERSATION_SIDES)],
    # Blocking asks first: the confirmation is a page of the conversation's sides.
    "partners:block": [("conversation", CONVERSATION_SIDES)],
    "partners:unblock": [("conversation", POST_ONLY)],
    "partners:message_report": [("conversation message", {**CONVERSATION_SIDES, E: 403})],
    # A reported message, for ZMP's staff alone (its administrators): the message and its
    # reports, nothing else of the conversation; the network's coordinator and both sides
    # find no such page.
    "partners:message_moderate": [
        ("reported message", answers(404, visitor=302, administrator=200))
    ],
    "partners:message_dismiss_reports": [("reported message", POST_ONLY)],
}
# The admin: ZMP's administrators only; everyone else is sent to the admin's log-in. Its
# object pages (with an id in the URL) follow the same rule as the lists checked here.
ADMIN = answers(302, administrator=200)
ADMIN_EXCEPTIONS = {
    # Through the portal's own log-in (its rate limits and second factor); people who are not
    # staff are refused, and an administrator already logged in goes on to the admin.
    "admin:login": answers(403, visitor=302, administrator=302),
    "admin:audit_auditentry_add": answers(302, administrator=403),  # nobody writes the log
    "admin:logout": answers(302, administrator=405),  # POST only, for those logged in to it
    "admin:autocomplete": answers(302, administrator=403),  # asked without its parameters
    # Reports are made by the people who received a message, never in the admin.
    "admin:partners_messagereport_add": answers(302, administrator=403),
    # Editions open through the network's page (its members are asked to continue).
    "admin:networks_edition_add": answers(302, administrator=403),
}


def meeting(network):
    starts_at = timezone.now() + dt.timedelta(days=30)
    return Meeting.objects.create(
        network=network,
        topic="Spotkanie",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=5),
        format=MeetingFormat.HYBRID,
        venue_address="Rynek 1",
        online_url="https://spotkanie.example.org/1",
    )


def practices_of(people, leaders):
    """A published practice of the city staff's city, their draft, a submitted one, and one
    restricted to the leaders' network."""
    category = Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")

    def practice(author, **fields):
        return Practice.objects.create(
            title=fields.pop("title"), slug=fields.pop("slug"), category=category,
            city=author.profile.city, summary="Skrót", author=author, **fields,
        )  # fmt: skip

    published = {"status": PracticeStatus.PUBLISHED, "published_at": timezone.now()}
    practice(people[S], title="Opublikowana", slug="opublikowana", **published)
    practice(people[S], title="Szkic", slug="szkic")
    practice(people[UL], title="Zgłoszona", slug="zgloszona", status=PracticeStatus.SUBMITTED)
    restricted = practice(people[VL], title="Liderska", slug="liderska", restricted_to_networks=True,
                          **published)  # fmt: skip
    restricted.networks.set([leaders])
    arguments = {
        f"{name} practice": {"slug": slug}
        for name, slug in [("published", "opublikowana"), ("draft", "szkic"),
                           ("submitted", "zgloszona"), ("leaders", "liderska")]
    }  # fmt: skip
    for name in ["published", "draft", "leaders"]:
        practice = Practice.objects.get(**arguments[f"{name} practice"])
        attachment = practice.attachments.create(
            title="Opis", kind="pdf", size=9, file=SimpleUploadedFile("o.pdf", b"%PDF-1.4\n")
        )
        arguments[f"{name} attachment"] = {"slug": practice.slug, "pk": attachment.pk}
    return {
        **arguments,
        "csv": {"kind": "csv"}, "xlsx": {"kind": "xlsx"}, "other format": {"kind": "pdf"},
    }  # fmt: skip


def results_of(people, thematic, leaders):
    """A draft (by the expert), one for observers with the observer's comment, a public one,
    and a draft of the leaders' network with a verified leader's comment."""

    def result(network, author, stage, **dates):
        return Result.objects.create(network=network, author=author, stage=stage, kind="report",
                                     title=f"Wynik {stage}", summary="S", **dates)  # fmt: skip

    now = timezone.now()
    draft = result(thematic, people[E], Stage.DRAFT)
    for_observers = result(thematic, people[E], Stage.OBSERVERS, opened_to_observers_at=now)
    public = result(thematic, people[E], Stage.PUBLIC, opened_to_observers_at=now,
                    published_at=now)  # fmt: skip
    secret = result(leaders, people[VL], Stage.DRAFT)
    arguments = {
        "draft result": {"pk": draft.pk},
        "observers result": {"pk": for_observers.pk},
        "public result": {"pk": public.pk},
        "leaders result": {"pk": secret.pk},
        "observers comment": {
            "pk": Comment.objects.create(result=for_observers, author=people[OB], body="Opinia").pk
        },
        "leaders comment": {
            "pk": Comment.objects.create(result=secret, author=people[VL], body="Uwaga").pk
        },
    }
    for name, owner in [("draft result", draft), ("leaders result", secret)]:
        attachment = owner.attachments.create(
            title="Opis", kind="pdf", size=9, file=SimpleUploadedFile("o.pdf", b"%PDF-1.4\n")
        )
        arguments[f"{name} attachment"] = {"pk": owner.pk, "document": attachment.pk}
    return arguments


def reported(meeting, level, coordinator):
    """A published report with one photo and one document. Written straight to the table: the
    meeting is still to come (its registration is in the matrix), and the service writes
    reports only once a meeting has started."""
    MeetingReport.objects.create(
        meeting=meeting, body="<p>Relacja</p>", level=level, published_at=timezone.now(),
        updated_by=coordinator,
    )  # fmt: skip
    image = io.BytesIO()
    Image.new("RGB", (400, 300), "navy").save(image, format="PNG")
    photo = services.photo_add(
        meeting_id=meeting.pk,
        by=coordinator,
        upload=SimpleUploadedFile("z.png", image.getvalue()),
        caption="Uczestnicy",
    )
    attachment = services.attachment_add(
        meeting_id=meeting.pk,
        by=coordinator,
        upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4 minimal"),
        title="Prezentacja",
    )
    return photo, attachment


def discussions_of(people, thematic, leaders):
    """A thread for the thematic network's people, one its observers read too (with the
    observer's reply), and one of the leaders' network; the reply and the leaders' first post
    carry a document and a photo."""

    def files():
        image = io.BytesIO()
        Image.new("RGB", (400, 300), "navy").save(image, format="PNG")
        return {
            "documents": [{"file": SimpleUploadedFile("p.pdf", b"%PDF-1.4 minimal"),
                           "title": "Plan"}],
            "photos": [{"image": SimpleUploadedFile("z.png", image.getvalue()),
                        "caption": "Rynek"}],
        }  # fmt: skip

    def thread(network, author, audience="inside", kind="question", **extra):
        return discussion_services.thread_start(
            by=author, network_id=network.pk, kind=kind, audience=audience, title="Pytanie",
            body="Kto już wdrożył?", **extra,
        )  # fmt: skip

    inside = thread(thematic, people[S])
    opened = thread(thematic, people[S], "observers")
    # Worked out, so that they may be turned into a result: a solved question, a consultation.
    closed = thread(leaders, people[VL], kind="consultation", **files(),
                    feedback_until=timezone.localdate() + dt.timedelta(days=7))  # fmt: skip
    reply = discussion_services.post_add(by=people[OB], thread_id=opened.pk, body="My!", **files())
    discussion_services.solution_mark(by=people[S], thread_id=opened.pk, post_id=reply.pk)
    closed_post = closed.posts.get()
    samples = {}
    for name, slug, thread_id, post in [
        ("observers post", thematic.slug, opened.pk, reply),
        ("leaders post", leaders.slug, closed.pk, closed_post),
    ]:
        where = {"slug": slug, "pk": thread_id, "post": post.pk}
        samples[f"{name} document"] = {**where, "document": post.attachments.get().pk}
        samples[f"{name} photo"] = {**where, "photo": post.photos.get().pk, "size": "pelne"}
    return {
        **samples,
        "thematic thread": {"slug": thematic.slug, "pk": inside.pk},
        "observers thread": {"slug": thematic.slug, "pk": opened.pk},
        "leaders thread": {"slug": leaders.slug, "pk": closed.pk},
        "observers post": {"slug": thematic.slug, "pk": opened.pk, "post": reply.pk},
        "leaders post": {"slug": leaders.slug, "pk": closed.pk, "post": closed.posts.get().pk},
    }


def url_patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(
                entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            )
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def admin_urls():
    for name, pattern in url_patterns():
        if name.startswith("admin:") and not pattern.pattern.regex.groups:
            yield name, reverse(name)


@pytest.fixture
def world(db):
    """Two networks (thematic and closed) and one person for each role."""
    thematic = NetworkFactory(slug="miasto-cyfrowe")
    leaders = NetworkFactory(slug="siec-dla-liderow", kind=NetworkKind.LEADERS)
    elsewhere = NetworkFactory()
    observer_city = CityFactory(programme_status=ProgrammeStatus.OBSERVER)

    def person(function=Function.STAFF, verified=False, city=True, **extra):
        profile = ProfileFactory(
            function=function,
            **({"city": None} if not city else {}),
            **({"verified": True} if verified else {}),
            **extra,
        )
        return profile.user  # fmt: skip

    people = {
        S: person(),
        UL: person(Function.DEPUTY_MAYOR),
        VL: person(Function.PRESIDENT, verified=True),
        OB: person(city=False),
        E: person(Function.OTHER, city=False),
        CT: person(Function.OTHER, city=False),
        CA: person(Function.OTHER, city=False),
        A: person(Function.OTHER, city=False, user__is_superuser=True, user__is_staff=True),
    }
    people[OB].profile.city = observer_city  # represents an observer city
    people[OB].profile.save()
    staff_membership = ParticipationFactory(
        person=people[S], network=thematic, city=people[S].profile.city
    )
    city_plan = DevelopmentPlan.objects.create(
        city=people[S].profile.city, kind=PlanKind.LOCAL, title="Plan Rozwoju Lokalnego",
        period_from=2021, period_to=2030, goals="Cele",
    )  # fmt: skip
    ParticipationFactory(person=people[VL], network=leaders)
    ParticipationFactory(
        person=people[OB], network=thematic, role=Role.OBSERVER, city=observer_city
    )
    ParticipationFactory(person=people[E], network=thematic, role=Role.EXPERT, city=None)
    for network in (thematic, leaders):
        ParticipationFactory(person=people[CT], network=network, role=Role.COORDINATOR, city=None)
    ParticipationFactory(person=people[CA], network=elsewhere, role=Role.COORDINATOR, city=None)
    pending = {"status": ParticipationStatus.APPLIED, "decided_at": None}
    thematic_application = ParticipationFactory(person=people[UL], network=thematic, **pending)
    leaders_application = ParticipationFactory(
        person=person(Function.MAYOR, verified=True), network=leaders, **pending
    )
    invitations = {}
    for name, network in (("thematic", thematic), ("leaders", leaders)):
        token = token_new()
        invitation = Invitation.objects.create(
            network=network, email=f"zaproszony-{name}@example.pl", role=Role.MEMBER,
            token_hash=token_hash(token), invited_by=people[CT],
            expires_at=timezone.now() + dt.timedelta(days=14),
        )  # fmt: skip
        invitations[f"{name} invitation"] = {"slug": network.slug, "pk": invitation.pk}
        invitations[f"{name} invitation token"] = {"token": token}
    thematic_meeting = meeting(thematic)
    leaders_meeting = meeting(leaders)
    held = meeting(thematic)
    Meeting.objects.filter(pk=held.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=5),
    )
    attended = Registration.objects.create(
        meeting=held, person=people[S], mode="in_person", attended=True
    )
    certificate = services.certificate_for(registration_id=attended.pk, by=people[S])
    photo, attachment = reported(thematic_meeting, PublicationLevel.OBSERVERS, people[CT])
    reported(leaders_meeting, PublicationLevel.MEMBERS, people[CT])
    practices = practices_of(people, leaders)
    for holder in (people[S], people[VL]):
        partner_card_save(person_id=holder.pk, shown=True, expertise=["transport"], projects="")
    conversation = partner_services.conversation_start(
        by=people[E], person_id=people[S].pk, body="Jak to zrobiliście?"
    )
    asked = conversation.messages.get()
    # The city staff answers, and the expert reports the answer to ZMP's staff.
    answer = partner_services.reply(
        by=people[S], conversation_id=conversation.pk, body="Nie odpowiadam na takie pytania."
    )
    partner_services.moderator.report(answer.pk, by=people[E], reason="Niegrzeczne")
    # T's first edition is closed and its second open; the staff member is asked to continue.
    closed = thematic.editions.get()
    Edition.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    second = Edition.objects.create(
        network=thematic, number=2, name="2025–2027", starts_on=timezone.localdate()
    )
    continuation = Continuation.objects.create(edition=second, participation=staff_membership)
    arguments = {
        **invitations,
        "thematic edition": {"slug": thematic.slug, "number": second.number},
        "thematic closed edition": {"slug": thematic.slug, "number": closed.number},
        "leaders edition": {"slug": leaders.slug, "number": 1},
        "stale edition": {"slug": thematic.slug, "number": 40000},
        "staff continuation": {"pk": continuation.pk},
        **discussions_of(people, thematic, leaders),
        **practices,
        **results_of(people, thematic, leaders),
        "staff card": {"pk": people[S].pk},
        "leaders card": {"pk": people[VL].pk},
        "conversation": {"pk": conversation.pk},
        "conversation message": {"pk": conversation.pk, "message": asked.pk},
        "reported message": {"pk": answer.pk},
        "city": {"slug": people[S].profile.city.slug},
        "city plan": {"slug": people[S].profile.city.slug, "pk": city_plan.pk},
        "calendar token": {"token": services.calendar_feed_renew(person=people[S]).token},
        "stale token": {"token": "nie-ma-takiego"},
        "unsubscribe token": {"token": unsubscribe_token(people[S].pk, NOTIFICATION)},
        "thematic meeting": {"pk": thematic_meeting.pk},
        "held meeting": {"pk": held.pk},
        "certificate code": {"code": certificate.code},
        "stale code": {"code": "nie-ma-takiego-zaswiadczenia"},
        "thematic report": {"pk": MeetingReport.objects.get(meeting=thematic_meeting).pk},
        "leaders report": {"pk": MeetingReport.objects.get(meeting=leaders_meeting).pk},
        "staff token": {"pk": api_token_create(person_id=people[S].pk, name="Pulpit").token.pk},
        "practices csv": {"dataset": "dobre-praktyki", "kind": "csv"},
        "practices json": {"dataset": "dobre-praktyki", "kind": "json"},
        "statistics csv": {"dataset": "empirie-w-liczbach", "kind": "csv"},
        "unknown dataset": {"dataset": "nie-ma-takich", "kind": "csv"},
        "thematic photo": {"pk": photo.pk, "size": "pelne"},
        "thematic attachment": {"pk": attachment.pk},
        "leaders meeting": {"pk": leaders_meeting.pk},
        "leaders waiting": {
            "pk": leaders_meeting.pk,
            "entry_id": WaitingListEntry.objects.create(
                meeting=leaders_meeting,
                person=people[VL],
                mode="online",
                reason="full",
                position=1,
            ).pk,
        },  # fmt: skip
        None: {},
        **{f"sitemap {name}": {"section": name} for name in SITEMAP_SECTIONS},
        "unknown sitemap": {"section": "wnetrze"},
        "thematic": {"slug": thematic.slug},
        "leaders": {"slug": leaders.slug},
        "thematic csv": {"slug": thematic.slug, "kind": "csv"},
        "leaders xlsx": {"slug": leaders.slug, "kind": "xlsx"},
        "thematic application": {"pk": thematic_application.pk},
        "leaders application": {"pk": leaders_application.pk},
        "staff membership": {"pk": staff_membership.pk},
        "thematic seat holder": {"pk": people[S].pk},
        "leaders seat holder": {"pk": people[VL].pk},
        "declared function": {"pk": people[UL].profile.pk},
        "verified function": {"pk": people[VL].profile.pk},
        **{f"public section {s.slug}": {"section": s.slug} for s in public_sections()},
        **{f"staff section {s.slug}": {"section": s.slug} for s in staff_sections()},
        "first public section": {"section": public_sections()[0].slug},
        "first staff section": {"section": staff_sections()[0].slug},
        "unknown section": {"section": "nie-ma-takiej"},
        "public chart": {"chart": "praktyki-wojewodztwa"},
        "staff chart": {"chart": "frekwencja-spotkania"},
        "quiet cities": {"chart": "bez-udzialu"},
        "stale key": {"key": "stary-klucz"},
        "stale reset key": {"uidb36": "1", "key": "stary-klucz"},
    }
    return people, arguments


def test_every_url_has_expected_answers():
    names = {name for name, _pattern in url_patterns() if not name.startswith("admin:")}
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URLs with no row in the permission matrix: {missing}"
    assert not sorted(set(MATRIX) - names), "the matrix names URLs that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_everywhere(client, world, role):
    people, arguments = world
    if role != V:
        client.force_login(people[role])
    wrong = []
    for name, samples in MATRIX.items():
        for sample, expected in samples:
            url = reverse(name, kwargs=arguments[sample])
            status = client.get(url).status_code
            allowed = expected[role] if isinstance(expected[role], tuple) else (expected[role],)
            if status not in allowed:
                wrong.append(f"{url} ({name}, {sample}): {status}, expected {expected[role]}")
    for name, url in admin_urls():
        status = client.get(url).status_code
        expected = ADMIN_EXCEPTIONS.get(name, ADMIN)[role]
        if status != expected:
            wrong.append(f"{url} ({name}): {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)
