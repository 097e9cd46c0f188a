"""Discussions in the audit log: threads, posts, their reports and moderation."""

from audit.registry import track
from empirie.cache import stale_on_change

from .models import Post, PostModeration, PostReport, Thread

for model in (Thread, Post, PostReport, PostModeration):
    track(model)

# Desks count unread threads and reported posts: a new thread or post (which moves its
# thread), a report or a moderation makes them stale. A dismissal changes no post (its
# reports are closed by an UPDATE, which sends no signal): its record is what tells.
stale_on_change("discussions", Thread, Post, PostReport, PostModeration)
