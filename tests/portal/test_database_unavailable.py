"""The database goes away: pages answer 503 with Retry-After at once, and come back by
themselves. The connection is pointed at a port where nothing listens, so the errors are
psycopg's own; tests/integration/test_postgres_restart.py stops a real server under traffic."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from tests.conftest import client_for
from tests.integration.conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True)


class Database:
    def __init__(self) -> None:
        self.port = connection.settings_dict["PORT"]

    def down(self) -> None:
        connection.close()
        connection.settings_dict["PORT"] = str(free_port())

    def up(self) -> None:
        connection.close()
        connection.settings_dict["PORT"] = self.port


@pytest.fixture
def database(reference_data) -> Iterator[Database]:
    database = Database()
    try:
        yield database
    finally:
        database.up()


def _assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.content.decode()


def test_a_page_says_503_while_the_database_is_down_and_recovers(client, database):
    client.raise_request_exception = False
    database.down()

    _assert_unavailable(client.get("/knowledge/"))
    _assert_unavailable(client.get("/alliance/profiles/"))

    database.up()
    assert client.get("/knowledge/").status_code == 200


def test_a_signed_in_page_says_503_when_a_middleware_meets_the_lost_database(alice, database):
    # The session and the user are loaded by middleware, before any view: handler500's path.
    client = client_for(alice)
    client.raise_request_exception = False
    database.down()

    _assert_unavailable(client.get("/account/"))

    database.up()
    assert client.get("/account/").status_code == 200


def test_other_errors_stay_a_500(client, settings):
    from portal.middleware import server_error

    try:
        raise ValueError("not the database")
    except ValueError:
        response = server_error(None)

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
