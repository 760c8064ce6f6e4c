"""A host that loses Redis while others keep it: the writes it dropped are replayed as soon as it
reaches Redis again, so the other hosts stop reading what a change should have replaced
(config/cache.py). Host A talks to the real Redis through a loopback proxy that the test cuts,
as a network partition would; host B talks to it directly."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit

from config.cache import ResilientRedisCache


class Link:
    """A TCP proxy on loopback that can be cut and healed."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = False
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                near, _address = self.listener.accept()
            except OSError:
                return
            if self.cut:
                near.close()
                continue
            far = socket.create_connection(self.target)
            self.sockets += [near, far]
            threading.Thread(target=self._pump, args=(near, far), daemon=True).start()
            threading.Thread(target=self._pump, args=(far, near), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                end.close()

    def sever(self) -> None:
        self.cut = True
        for end in self.sockets:
            with suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
        self.sockets.clear()

    def heal(self) -> None:
        self.cut = False

    def close(self) -> None:
        self.listener.close()
        self.sever()


@contextmanager
def link_to(redis_url: str) -> Iterator[Link]:
    parts = urlsplit(redis_url)
    link = Link((parts.hostname or "127.0.0.1", parts.port or 6379))
    try:
        yield link
    finally:
        link.close()


def test_writes_a_host_dropped_in_a_partition_are_replayed_when_it_reaches_redis(settings):
    params = {
        "KEY_PREFIX": f"partition-{os.getpid()}-{uuid.uuid4().hex}",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    database = urlsplit(settings.REDIS_URL).path
    with link_to(settings.REDIS_URL) as link:
        host_a = ResilientRedisCache(f"redis://127.0.0.1:{link.port}{database}", params)
        host_b = ResilientRedisCache(settings.REDIS_URL, params)
        host_a.set("session", "signed in")
        host_a.set("page", "the page before the change")
        host_a.set("generation", 7)
        assert host_b.get("session") == "signed in"

        link.sever()
        host_a.delete("session")  # signing out on host A
        host_a.set("page", "the page after the change")
        host_a.incr("generation")  # the change's page cache generation
        assert host_a.get("session") is None  # a miss: host A falls back to the database
        # Host B still reaches Redis and reads what host A could not replace.
        assert host_b.get("session") == "signed in"

        link.heal()
        # Host A's next operation replays what it dropped before it reads anything.
        assert host_a.get("session") is None
        assert host_b.get("session") is None
        assert host_b.get("page") is None
        assert host_b.get("generation") == 8

        host_b.delete_many(["session", "page", "generation"])


def test_a_dropped_increment_of_a_counter_gone_since_is_forgotten(settings):
    params = {
        "KEY_PREFIX": f"partition-{os.getpid()}-{uuid.uuid4().hex}",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    database = urlsplit(settings.REDIS_URL).path
    with link_to(settings.REDIS_URL) as link:
        host_a = ResilientRedisCache(f"redis://127.0.0.1:{link.port}{database}", params)
        host_b = ResilientRedisCache(settings.REDIS_URL, params)
        host_a.set("generation", 7)
        link.sever()
        host_a.incr("generation")
        host_b.delete("generation")  # evicted, or Redis restarted empty
        link.heal()

        host_a.set("other", 1)

        assert host_b.get("generation") is None
        assert host_b.get("other") == 1
        host_b.delete("other")
