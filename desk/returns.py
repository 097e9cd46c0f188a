"""A task opened from the desk leads back to it: its link says so (?z=pulpit) and the form's
success and cancel go to the desk rather than to the list the task also sits on. Only this
one word is read, so no address from the request is ever followed."""

from django.shortcuts import redirect, resolve_url

FROM_DESK = "pulpit"


def from_desk(url: str) -> str:
    return f"{url}?z={FROM_DESK}"


def came_from_desk(request) -> bool:
    return request.GET.get("z") == FROM_DESK


def back(request, *fallback):
    """Where a decision made on a task's page leads: the desk, if it was opened there."""
    return redirect("desk:home" if came_from_desk(request) else resolve_url(*fallback))


def cancel_url(request, *fallback) -> str:
    return resolve_url("desk:home") if came_from_desk(request) else resolve_url(*fallback)
