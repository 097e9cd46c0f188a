"""Redis as a cache that a Redis outage cannot break: a read misses, a write is skipped, and
the page is only slower. The portal's data lives in PostgreSQL; nothing here is the only copy.

A process that could not reach Redis may have missed making cached pages stale (a lost
`empirie.cache.changed`), so the first time it reaches Redis again it moves the epoch every
cached version includes: everything cached before is never read again."""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .cache import EPOCH_KEY, new_version

log = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    """One redis-py client per connection pool, not a new one per call: making a client
    builds its table of response callbacks, which cost more than the call itself."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if id(pool) not in clients:
            clients[id(pool)] = self._client(connection_pool=pool)
        return clients[id(pool)]

    def _pipeline(self):
        return self.get_client(write=True).pipeline(transaction=False)

    def add_many_then_get(self, data):
        pipeline = self._pipeline()
        for key, value in data.items():
            pipeline.set(key, self._serializer.dumps(value), nx=True)
        pipeline.mget(list(data))
        found = pipeline.execute()[-1]
        return {
            key: self._serializer.loads(value)
            for key, value in zip(data, found, strict=True)
            if value is not None
        }

    def set_each(self, entries):
        pipeline = self._pipeline()
        for key, (value, timeout) in entries.items():
            pipeline.set(key, self._serializer.dumps(value), ex=timeout)
        pipeline.execute()

    def incr_or_add(self, keys, value):
        pipeline = self._pipeline()
        for key in keys:
            pipeline.set(key, self._serializer.dumps(value), nx=True)
            pipeline.incr(key)
        pipeline.execute()


class ForgivingRedisCache(RedisCache):
    lost_touch = False

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _call(self, name, fallback, *args, **kwargs):
        return self._forgiving(getattr(super(), name), fallback, *args, **kwargs)

    def _forgiving(self, operation, fallback, *args, **kwargs):
        try:
            if self.lost_touch:
                self._new_epoch()
            return operation(*args, **kwargs)
        except UNREACHABLE as error:
            if not self.lost_touch:
                log.warning("Redis unreachable, serving without the cache: %s", error)
            self.lost_touch = True
            if isinstance(fallback, BaseException):
                raise fallback from error
            return fallback

    def _new_epoch(self):
        try:
            super().incr(EPOCH_KEY)
        except ValueError:
            super().add(EPOCH_KEY, new_version(), timeout=None)
        self.lost_touch = False
        log.warning("Redis reachable again: everything cached before is stale")

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", {}, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", False, *args, **kwargs)

    def add(self, *args, **kwargs):
        # As if added: allauth's rate-limit lock is an add, and a page must not wait for a
        # lock nobody can hold. Rate limits are not enforced while Redis is away (logged).
        return self._call("add", True, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", None, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._call("set_many", list(data), data, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", False, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", None, *args, **kwargs)

    def incr(self, key, *args, **kwargs):
        # As if the key were missing: callers then set it, which is skipped too.
        return self._call("incr", ValueError(key), key, *args, **kwargs)

    # A first visit creates several versions and keeps several new copies: each of these is
    # one round trip for all its keys.

    def add_many_then_get(self, data: dict) -> dict:
        """Each key added with its value where missing (none overwritten, none expiring),
        then all of them read back: whoever added a key first decided its value."""
        keys = {self.make_and_validate_key(key): key for key in data}
        found = self._forgiving(
            self._cache.add_many_then_get, {}, {key: data[name] for key, name in keys.items()}
        )
        return {keys[key]: value for key, value in found.items()}

    def set_each(self, entries: dict) -> None:
        """Each key set to its value for its own seconds: {key: (value, timeout)}."""
        made = {
            self.make_and_validate_key(key): (value, self.get_backend_timeout(timeout))
            for key, (value, timeout) in entries.items()
        }
        # No time to live is nothing to keep (set() would delete the key).
        made = {key: entry for key, entry in made.items() if entry[1] != 0}
        if made:
            self._forgiving(self._cache.set_each, None, made)

    def incr_or_add(self, keys, value) -> None:
        """Each key incremented, or added with `value` first if it is missing (then
        incremented too: a version is only ever compared for equality); one round trip."""
        made = [self.make_and_validate_key(key) for key in keys]
        self._forgiving(self._cache.incr_or_add, None, made, value)
