"""Settings read from the environment: sensible with nothing set, loud on a bad value."""

import json
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env
from tests.utils import PRODUCTION, ROOT, clean_env, settings_in_subprocess

# What the tests of defaults and production values read.
SUMMARY = (
    "{'engine': s.DATABASES['default']['ENGINE'], 'eager': s.CELERY_TASK_ALWAYS_EAGER,"
    " 'email': s.EMAIL_BACKEND, 'mail_dir': s.EMAIL_FILE_PATH, 'debug': s.DEBUG,"
    " 'cache': s.CACHES['default']['BACKEND']}"
)


def test_no_variables_means_sqlite_eager_tasks_and_file_email(tmp_path):
    result = settings_in_subprocess(SUMMARY, VAR_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["eager"] is True
    assert values["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["mail_dir"] == str(tmp_path / "mail")
    assert values["debug"] is True


def test_production_variables_switch_to_postgres_redis_and_smtp():
    result = settings_in_subprocess(SUMMARY, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["cache"] == "config.cache.ResilientRedisCache"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("DATABASE_URL", "mongodb://x/y", "DATABASE_URL has an unknown scheme"),
        ("EMAIL_URL", "pigeon://coop", "EMAIL_URL is not an email URL"),
        ("SITE_URL", "portal.example.org", "SITE_URL='portal.example.org' must start with http"),
        ("CONN_MAX_AGE", "soon", "CONN_MAX_AGE='soon' is not a whole number"),
        ("STATISTICS_EPSILON", "much", "STATISTICS_EPSILON='much' is not a number"),
        ("STATISTICS_EPSILON_PER_YEAR", "0", "must be at least 0.01"),
    ],
)
def test_bad_value_stops_with_a_clear_message(variable, value, message):
    result = settings_in_subprocess(SUMMARY, **{**PRODUCTION, variable: value})

    assert result.returncode != 0
    assert message in result.stderr


def test_production_without_secret_key_refuses_to_start():
    result = settings_in_subprocess(SUMMARY, **{**PRODUCTION, "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_has_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "-3")
    monkeypatch.setenv("X_LIST", " a.org, b.org ,")

    assert env.env_bool("X_BOOL", False) is True
    assert env.env_bool("X_MISSING", True) is True
    assert env.env_list("X_LIST", []) == ["a.org", "b.org"]
    assert env.env_int("X_INT", 0) == -3
    with pytest.raises(ImproperlyConfigured, match="must be at least 0"):
        env.env_int("X_INT", 0, minimum=0)


def test_env_float(monkeypatch):
    monkeypatch.setenv("X_FLOAT", "0.5")
    assert env.env_float("X_FLOAT", 1.0) == 0.5
    assert env.env_float("X_MISSING", 1.0) == 1.0
    with pytest.raises(ImproperlyConfigured, match="must be at least 1"):
        env.env_float("X_FLOAT", 1.0, minimum=1.0)
    for bad in ("lots", "nan", "inf"):
        monkeypatch.setenv("X_FLOAT", bad)
        with pytest.raises(ImproperlyConfigured, match="X_FLOAT"):
            env.env_float("X_FLOAT", 1.0)
