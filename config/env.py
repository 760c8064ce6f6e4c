"""Typed readers for environment variables that fail loudly on a bad value.

django-environ parses URLs well but treats any unknown word as ``False`` for booleans;
a typo in ``DEBUG`` must stop the process, not quietly change its behaviour.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any, TypeVar

import environ
from django.core.exceptions import ImproperlyConfigured

N = TypeVar("N", int, float)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def _number(name: str, default: N, parse: Callable[[str], N], what: str, minimum: N | None) -> N:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = parse(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not {what}.") from None
    if not math.isfinite(number):
        raise ImproperlyConfigured(f"{name}={value!r} is not a finite number.")
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    return _number(name, default, int, "a whole number", minimum)


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    return _number(name, default, float, "a number", minimum)


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_db(name: str, default: str) -> dict[str, Any]:
    value = env_str(name, default)
    try:
        config = environ.Env.db_url_config(value)
    except Exception as exc:  # django-environ raises several kinds on a bad URL
        raise ImproperlyConfigured(f"{name} is not a database URL ({exc}).") from None
    if not str(config.get("ENGINE", "")).startswith("django.db.backends."):
        raise ImproperlyConfigured(f"{name} has an unknown scheme: use postgres://… or sqlite:///…")
    return config


def env_email(name: str) -> dict[str, Any] | None:
    value = _raw(name)
    if not value:
        return None
    try:
        config = environ.Env.email_url_config(value)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"{name} is not an email URL ({exc}): use smtp://, smtp+tls://, "
            "consolemail:// or filemail://"
        ) from None
    if not config.get("EMAIL_BACKEND"):
        raise ImproperlyConfigured(f"{name} has an unknown scheme.")
    return config


def env_url(name: str, default: str) -> str:
    value = env_str(name, default)
    if not value.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"{name}={value!r} must start with http:// or https://.")
    return value.rstrip("/")
