"""Reports of messages and their moderation in the audit log (the messages themselves are
their sides' correspondence, not logged)."""

from audit.registry import track

from .models import MessageModeration, MessageReport

for model in (MessageReport, MessageModeration):
    track(model)
