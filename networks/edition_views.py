"""What the pages that make new work (a meeting, a result, a thread) share about editions."""

from django.shortcuts import render

from . import editions, rules


class NeedsOpenEditionMixin:
    """A page that makes new work in `self.network`: while the network has no open edition it
    says so, and what to do, instead of offering a form whose sending would be refused. The
    view's own checks of who may make the work (`check_may_create`) come first."""

    new_work_title = ""  # the page's heading, as the form's would be

    def check_may_create(self):
        """Raise as the view does for someone who may not make the work here."""

    def no_open_edition(self, request):
        self.check_may_create()
        if editions.open_edition(self.network) is not None:
            return None
        network = self.network
        return render(
            request,
            "networks/no_open_edition.html",
            {
                "network": network,
                "title": self.new_work_title,
                "reason": editions.read_only_reason(None),
                "can_open": rules.can_manage_editions(request.user, network),
            },
        )

    def get(self, request, *args, **kwargs):
        return self.no_open_edition(request) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.no_open_edition(request) or super().post(request, *args, **kwargs)
