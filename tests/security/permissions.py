"""How the permissions matrix reads its table (tests/security/permissions_table.py).

The table gives, per URL pattern (and per variant where the catalogue fills a pattern more than
once), the answer each viewer gets for each HTTP method. An answer is a status code, or
``login`` for a redirect to a sign-in page (allauth's or the admin's, in any language).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.contrib import admin
from django.urls import reverse

from tests.security.permissions_table import (
    ADMIN_MODELS,
    ADMIN_NON_STAFF,
    ADMIN_STAFF,
    METHODS,
    TABLE,
    VARIANTS,
    VIEWERS,
)

Expected = dict[str, tuple[str, ...]]  # method -> one answer per viewer

_LANGUAGE_PREFIX = re.compile(r"^/(nl|fr|de)/")


def _bare(path: str) -> str:
    """The path without its language prefix."""
    return _LANGUAGE_PREFIX.sub("/", path)


def outcome(response: Any) -> str:
    """``login`` for a redirect to a sign-in page, else the status code."""
    if response.status_code in (301, 302, 303, 307, 308):
        path = _bare(urlsplit(response.headers.get("Location", "")).path)
        if path in (_bare(reverse("account_login")), _bare(reverse("admin:login"))):
            return "login"
    return str(response.status_code)


def _answers(spec: str) -> tuple[str, ...]:
    """One answer for every viewer, two (anonymous, then everyone signed in) or six."""
    tokens = spec.split()
    if len(tokens) == 1:
        return tokens * len(VIEWERS)
    if len(tokens) == 2:
        return (tokens[0],) + (tokens[1],) * (len(VIEWERS) - 1)
    if len(tokens) == len(VIEWERS):
        return tuple(tokens)
    raise ValueError(f"{spec!r}: give 1, 2 or {len(VIEWERS)} answers")


def _expand(row: dict[str, str]) -> Expected:
    unknown = set(row) - {*METHODS, "other"}
    if unknown:
        raise ValueError(f"unknown methods {sorted(unknown)}")
    other = row.get("other", "405")
    return {method: _answers(row.get(method, other)) for method in METHODS}


def row_key(name: str, index: int, count: int) -> str:
    """The table's key for the ``index``-th of ``count`` ways the catalogue fills ``name``."""
    labels = VARIANTS.get(name)
    if labels is None:
        if count != 1 and not name.startswith("admin:"):
            raise AssertionError(
                f"tests/catalogue.py fills {name} {count} ways: name them in VARIANTS"
            )
        return name
    if len(labels) != count:
        raise AssertionError(f"VARIANTS names {len(labels)} ways for {name}, the catalogue {count}")
    return f"{name} [{labels[index]}]"


def admin_model_of(name: str) -> str | None:
    """``app_label.model_name`` of the registered model an admin URL name belongs to."""
    short = name.removeprefix("admin:")
    found = [
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model in admin.site._registry
        if short.startswith(f"{model._meta.app_label}_{model._meta.model_name}_")
    ]
    return max(found, key=len) if found else None


def expected(key: str, name: str) -> Expected | None:
    """The expected answers for a row, or None when the table has no row for it."""
    if key in TABLE:
        return _expand(TABLE[key])
    if name.startswith("admin:") and admin_model_of(name) in ADMIN_MODELS:
        staff = _expand(ADMIN_STAFF)
        others = _expand(ADMIN_NON_STAFF)
        return {
            method: tuple(
                staff[method][i] if viewer == "staff" else others[method][i]
                for i, viewer in enumerate(VIEWERS)
            )
            for method in METHODS
        }
    return None


def missing_rows(names: list[str]) -> list[str]:
    """Problems with the table's coverage of the URL names of the site."""
    problems = []
    registered = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    for model in sorted(registered - ADMIN_MODELS):
        problems.append(f"admin model {model} has no entry in ADMIN_MODELS")
    for model in sorted(ADMIN_MODELS - registered):
        problems.append(f"ADMIN_MODELS names {model}, which the admin does not register")
    for name in names:
        in_table = name in TABLE or any(key.startswith(f"{name} [") for key in TABLE)
        covered = in_table or (name.startswith("admin:") and admin_model_of(name) in ADMIN_MODELS)
        if not covered:
            problems.append(f"URL pattern {name} has no row in tests/security/permissions_table.py")
    known = set(names)
    for key in TABLE:
        if key.split(" [", 1)[0] not in known:
            problems.append(f"the table has a row for {key}, which is no URL pattern of the site")
    return problems
