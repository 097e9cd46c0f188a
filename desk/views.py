from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from accounts.rules import can_verify_functions
from practices.rules import can_submit_practices

from . import selectors


class DeskView(LoginRequiredMixin, TemplateView):
    """The home page of anyone logged in: what awaits them, each item with its next step."""

    template_name = "desk/desk.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        queues = selectors.coordinator_queues(user)
        member = selectors.member_desk(user)
        observer = selectors.observer_desk(user)
        to_do = sum(queue.total for queue in queues)
        # The navigation shows the same numbers as this page, not a cached copy of them.
        self.request.desk_numbers = {"to_do": to_do}
        return super().get_context_data(
            queues=queues,
            to_do=to_do,
            reviews=bool(queues),
            function_awaiting=selectors.function_awaiting(user),
            observer=observer,
            may_describe_practices=can_submit_practices(user),
            may_verify_functions=can_verify_functions(user),
            **member,
            **kwargs,
        )
