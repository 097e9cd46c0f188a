"""Creating and revoking a token is in the audit log (never its hash, nor each use)."""

from audit.registry import track

from .models import ApiToken

track(ApiToken, exclude=("key_hash", "last_used_at"))
