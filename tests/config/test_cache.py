import time

from django.core.cache.backends.base import BaseCache

from config.cache import ResilientRedisCache
from tests.integration.conftest import free_port


def _unreachable() -> BaseCache:
    # A port nobody listens on: every call fails to connect.
    return ResilientRedisCache(
        f"redis://127.0.0.1:{free_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


def test_an_unreachable_cache_degrades_quickly():
    cache = _unreachable()
    started = time.monotonic()

    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("k", 1) is None
    assert cache.add("lock", True) is True  # a lock that can be taken: sign-in keeps working
    assert cache.incr("n") == 1
    assert cache.delete("k") is False
    assert time.monotonic() - started < 8


def test_a_reachable_cache_behaves_normally(settings):
    cache = ResilientRedisCache(settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": "t-cache"})
    cache.set("k", "v")

    assert cache.get("k") == "v"
    assert cache.add("k", "other") is False
    cache.delete("k")


def test_one_redis_client_serves_every_operation(settings):
    # Django builds a redis.Redis for each operation, which costs more than the GET it sends.
    cache = ResilientRedisCache(settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": "t-cache"})
    cache.set("k", "v")
    client = cache._cache.get_client("k")

    assert cache.get("k") == "v"
    assert cache._cache.get_client("k") is client
    assert cache._cache.get_client("k", write=True) is client  # one server: one pool
    cache.delete("k")
