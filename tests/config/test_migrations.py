"""Migrations are history (docs/architecture.md, "Migrations"): they import no live code but the
language map, and what they load is in the database."""

import ast
from pathlib import Path

import pytest
from django.db import connection

from alliance.models import Coalition
from knowledge.languages import FALLBACK_CONFIGURATION, SEARCH_CONFIGURATIONS
from taxonomy.models import Theme

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = sorted(ROOT.glob("*/migrations/0*.py"))
# The one module shared by code and migrations, on purpose.
SHARED = {"knowledge.languages"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_migrations_import_no_live_code():
    assert MIGRATIONS
    for path in MIGRATIONS:
        app = path.parent.parent.name
        # Django, third-party fields, and the callables makemigrations names in the app's models.
        allowed = {"datetime", "uuid", f"{app}.models", *SHARED}
        live = {
            name
            for name in _imports(path)
            if name not in allowed and not name.startswith(("django.", "simple_history."))
        }
        assert not live, f"{path.relative_to(ROOT)} imports {sorted(live)}"


@pytest.mark.django_db
def test_data_migrations_load_the_vocabularies_in_four_languages():
    theme = Theme.objects.get(slug="eco-efficiency")
    assert theme.name_en == "Eco-efficiency and energy savings"
    assert all(getattr(theme, f"name_{code}") for code in ("nl", "fr", "de"))
    assert Coalition.objects.count() == Theme.objects.count() == 10
    coalition = Coalition.objects.get(theme=theme)
    assert coalition.purpose_en and coalition.purpose_de


@pytest.mark.django_db
def test_search_configurations_follow_the_language_map():
    if connection.vendor != "postgresql":
        pytest.skip("the search SQL is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'knowledge\\_%'")
        names = {row[0] for row in cursor.fetchall()}
    expected = {*SEARCH_CONFIGURATIONS.values(), FALLBACK_CONFIGURATION}
    assert names == {f"knowledge_{name}" for name in expected}
