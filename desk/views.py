from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.generic import TemplateView

from accounts.selectors import person_family
from discussions.selectors import readings_family
from empirie.fragments import Fragment, next_midnight
from meetings import selectors as meeting_selectors
from networks.services import visits_family
from practices.rules import can_submit_practices
from practices.selectors import PRACTICE_LINKS

from . import selectors


def next_change_of_mine(view):
    """When the person's own part changes by itself: a meeting it lists starts, ends or
    closes its registration (one that ends makes room for the next), or a day ends (an
    opinion date passes, a result is no longer new). Asked once the part is rendered, from
    the meetings it read."""
    meeting = meeting_selectors.next_change_among(view.mine["meetings"])
    return min(moment for moment in (meeting, next_midnight()) if moment)


class DeskView(LoginRequiredMixin, TemplateView):
    """The home page of anyone logged in: what awaits them, each item with its next step."""

    template_name = "desk/desk.html"
    fragments = {
        # The person's own networks, meetings (and their registrations), results, opinions
        # and practices; the coordinator's queue is read anew on every visit.
        "mine": Fragment(
            families=(
                "people",
                "meetings",
                "results",
                PRACTICE_LINKS,
                "discussions",
                lambda view: person_family(view.request.user.pk),  # their applications
                lambda view: visits_family(view.request.user.pk),
                lambda view: readings_family(view.request.user.pk),
            ),  # fmt: skip
            personal=True,
            changes_at=next_change_of_mine,
        ),
    }

    @cached_property
    def mine(self):
        return selectors.member_desk(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        queues = selectors.coordinator_queues(user)
        to_do = sum(queue.total for queue in queues)
        # The navigation shows the same numbers as this page, not a cached copy of them.
        self.request.desk_numbers = {"to_do": to_do}
        return super().get_context_data(
            queues=queues,
            to_do=to_do,
            reviews=bool(queues),
            function_awaiting=selectors.function_awaiting(user),
            # Read only when the cached copy of the person's part is stale.
            mine=SimpleLazyObject(lambda: self.mine),
            observer=SimpleLazyObject(lambda: selectors.observer_desk(user) or {}),
            may_describe_practices=can_submit_practices(user),
            **kwargs,
        )
