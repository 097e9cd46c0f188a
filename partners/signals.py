"""Reports of messages and their moderation in the audit log (the messages themselves are
their sides' correspondence, not logged)."""

from audit.registry import track
from empirie.cache import stale_on_change

from .models import MessageModeration, MessageReport

for model in (MessageReport, MessageModeration):
    track(model)

# ZMP's staff's desks count reported messages: a report, or a decision on one (a hiding or a
# dismissal is recorded), changes the number. Messages themselves do not: sending one changes
# nobody's queue.
stale_on_change("message-reports", MessageReport, MessageModeration)
