"""A task opened from the desk leads back to it: its link says so (?z=pulpit) and the form's
success and cancel go to the desk rather than to the list the task also sits on. Only this
one word is read, so no address from the request is ever followed."""

from django.shortcuts import redirect, resolve_url

FROM_DESK = "pulpit"


def from_desk(url: str) -> str:
    return f"{url}?z={FROM_DESK}"


def came_from_desk(request) -> bool:
    return request.GET.get("z") == FROM_DESK


def keeping_the_desk(request, url: str) -> str:
    """The next page of the same task (a photo added beside the report): still leading back."""
    return from_desk(url) if came_from_desk(request) else url


class ReturnsToDeskMixin:
    """A task's form view: its cancel link (`cancel_url` in the context) and `back()` after
    the decision lead to the desk if the task was opened there, else to `fallback_url()`."""

    def fallback_url(self) -> str:
        raise NotImplementedError

    def return_url(self) -> str:
        return resolve_url("desk:home") if came_from_desk(self.request) else self.fallback_url()

    def back(self):
        return redirect(self.return_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.return_url(), **kwargs)
