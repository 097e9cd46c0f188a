import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import TOKEN_START, ApiToken, token_hash

# A token's use is written at most this often: not a write on every request.
LAST_USED_EVERY = timezone.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token, shown once and never stored


def api_token_create(*, person_id: int, name: str) -> NewToken:
    """A new token of the person: its prefix found again by lookup, the rest only hashed."""
    for _attempt in range(5):
        prefix = secrets.token_hex(4)
        secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    person_id=person_id, name=name, prefix=prefix, key_hash=token_hash(secret)
                )
        except IntegrityError:  # the prefix is taken (one chance in four billion): another
            continue
        return NewToken(token=token, secret=secret)
    raise RuntimeError("no free token prefix")


def api_token_revoke(*, token_id: int, person_id: int) -> bool:
    """Revoke one of the person's live tokens; False if there is none by that id (revoked
    already, or not theirs). The next request with it is refused."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update()
            .live()
            .filter(pk=token_id, person_id=person_id)
            .first()
        )
        if token is None:
            return False
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return True


def api_token_used(*, token: ApiToken) -> None:
    """Note when the token was last used, at most once a minute (a plain update: bookkeeping,
    not a decision, so not in the audit log)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
