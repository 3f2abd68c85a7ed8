"""Django's cache in Redis, which a Redis outage does not take down.

The portal keeps nothing in the cache that it cannot compute again (the dashboard's
figures, the identity provider's discovery document), so while Redis is away a read
misses and a write is dropped, and the page is answered from the database: never a 500.
Django's own RedisCache raises instead. After a failure Redis is not asked again for
RETRY_SECONDS in this process, so that a request does not wait for a refused or timed-out
connection at every cache call; the first call after that tries again, and the cache
works again as soon as Redis answers. The outage is logged once, and its end once.
"""

import functools
import logging
import threading
import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0

_lock = threading.Lock()
_down_until: dict[tuple[str, ...], float] = {}  # servers → when to try them again


def _forgiving(fallback):
    """The method, answering `fallback(*args, **kwargs)` instead of raising when Redis fails."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            servers = tuple(self._servers)
            if time.monotonic() < _down_until.get(servers, 0.0):
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                with _lock:
                    first = servers not in _down_until
                    _down_until[servers] = time.monotonic() + RETRY_SECONDS
                if first:
                    log.warning("The cache (Redis) is unavailable, working without it: %s", error)
                return fallback(*args, **kwargs)
            if servers in _down_until:
                with _lock:
                    if _down_until.pop(servers, None) is not None:
                        log.warning("The cache (Redis) answers again.")
            return result

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


class RedisCache(DjangoRedisCache):
    """Django's RedisCache; a Redis error is a miss for a read and a no-op for a write."""

    add = _forgiving(lambda *args, **kwargs: False)(DjangoRedisCache.add)
    get = _forgiving(_default)(DjangoRedisCache.get)
    set = _forgiving(lambda *args, **kwargs: None)(DjangoRedisCache.set)
    touch = _forgiving(lambda *args, **kwargs: False)(DjangoRedisCache.touch)
    delete = _forgiving(lambda *args, **kwargs: False)(DjangoRedisCache.delete)
    get_many = _forgiving(lambda *args, **kwargs: {})(DjangoRedisCache.get_many)
    has_key = _forgiving(lambda *args, **kwargs: False)(DjangoRedisCache.has_key)
    set_many = _forgiving(lambda data, *args, **kwargs: list(data))(DjangoRedisCache.set_many)
    delete_many = _forgiving(lambda *args, **kwargs: None)(DjangoRedisCache.delete_many)
    clear = _forgiving(lambda *args, **kwargs: False)(DjangoRedisCache.clear)


# Values under versioned keys, kept in this process as well -------------------------------

LOCAL_ENTRIES = 64  # per process: a few filters' figures; the oldest go first

_local: dict[str, object] = {}


def get_many_versioned(keys: list[str]) -> dict:
    """The values of keys that name the version of their data (a write to the data makes
    a new key, so a value under a key never changes): from this process's own copies
    where it has them, else from the shared cache, then kept here too. A hit here costs
    no round trip and no unpickling: the dashboard's figures took a tenth of its time to
    unpickle. The values are shared by the requests of this process: read them, never
    change them."""
    # .get: another thread may drop the oldest copies meanwhile (no value is ever None).
    found = {key: value for key in keys if (value := _local.get(key)) is not None}
    if missing := [key for key in keys if key not in found]:
        fetched = cache.get_many(missing)
        _keep(fetched)
        found |= fetched
    return found


def set_versioned(key: str, value, timeout: int) -> None:
    """Keep the value under its versioned key in the shared cache and in this process."""
    cache.set(key, value, timeout)
    _keep({key: value})


def forget_versioned() -> None:
    """Drop this process's copies (tests start each with an empty cache)."""
    _local.clear()


def _keep(values: dict) -> None:
    with _lock:
        for key, value in values.items():
            _local.pop(key, None)
            _local[key] = value  # the newest last
        while len(_local) > LOCAL_ENTRIES:
            del _local[next(iter(_local))]
