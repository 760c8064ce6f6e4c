from __future__ import annotations

import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reviewers(db):
    return [
        UserFactory(email="rita@example.org", name="Rita Reviewer"),
        UserFactory(email="ruben@example.org", name="Ruben Reviewer"),
    ]
