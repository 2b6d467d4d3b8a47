"""The cache as the pages use it: an optimisation that never fails a request.

`cache` below has the methods of Django's default cache that the apps call; when the cache server
cannot be reached, each one logs a warning and behaves as if the cache were empty: `get` returns its
default, `get_many` nothing, `add` True (the key was absent), the writes do nothing. After a failure
the cache is left alone for RETRY_SECONDS in this process, so that a cache host that stopped answering
costs one socket timeout per RETRY_SECONDS, not one per call. The state lives on the backend object,
which Django rebuilds when the CACHES setting changes.

A write lost that way (a version bump of consultants.cache) can leave an entry that outlives the data
it shows after the cache comes back: every entry of this project expires (10 minutes for a consultant
page) or is keyed by the content it shows (the match cards).

`talentmatch.health.check_cache` keeps the raw cache: /readyz must see the failure.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# What a cache server out of reach raises: django-redis wraps the client's errors in
# ConnectionInterrupted, Django's own Redis backend lets redis-py's through, sockets raise OSError.
CACHE_ERRORS = (ConnectionInterrupted, RedisError, OSError)
_DOWN_UNTIL = "_talentmatch_down_until"
_now = time.monotonic


class ResilientCache:
    """Django's default cache, with every error of an unreachable server turned into a miss."""

    alias = "default"

    def _backend(self):
        return caches[self.alias]

    def _call(self, method: str, fallback: Any, *args, **kwargs) -> Any:
        backend = self._backend()
        if getattr(backend, _DOWN_UNTIL, 0.0) > _now():
            return fallback
        try:
            return getattr(backend, method)(*args, **kwargs)
        except CACHE_ERRORS as error:
            setattr(backend, _DOWN_UNTIL, _now() + RETRY_SECONDS)
            logger.warning(
                "cache %s failed (%s: %s): served as a miss, cache skipped for %.0f s",
                method,
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )
            return fallback

    def get(self, key: str, default: Any = None) -> Any:
        return self._call("get", default, key, default)

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        return self._call("get_many", {}, list(keys))

    def add(self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT) -> bool:
        return self._call("add", True, key, value, timeout)

    def set(self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        self._call("set", None, key, value, timeout)

    def set_many(self, data: dict[str, Any], timeout: float | None = DEFAULT_TIMEOUT) -> None:
        self._call("set_many", None, data, timeout)

    def delete(self, key: str) -> None:
        self._call("delete", None, key)


cache = ResilientCache()
