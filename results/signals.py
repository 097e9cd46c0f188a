"""Cached pages that show results go stale when a result, its discussion or its
moderation change."""

from audit.registry import track
from empirie.cache import stale_on_change

from .models import Comment, CommentReport, Moderation, Result, ResultAttachment, StageChange

stale_on_change(
    "results", Result, StageChange, ResultAttachment, Comment, CommentReport, Moderation
)
for model in (Result, Comment, Moderation, CommentReport):
    track(model)
