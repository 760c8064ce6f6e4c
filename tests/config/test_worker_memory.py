"""A web process imports what serving pages needs, not the libraries of rarer work."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.integration.conftest import ROOT

# Each holds tens of megabytes once imported, in every web worker that imported it: fpdf2 with
# its font tools (PDF downloads), OpenDP (noise for releases, in Celery), icalendar (.ics files).
ON_USE_ONLY = ("fpdf", "fontTools", "opendp", "icalendar")

LOAD = """
import json, sys
from config.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns
from config.warmup import warm
warm()
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.slow
def test_a_web_process_loads_no_library_it_only_needs_on_use():
    # A process of its own, as gunicorn's master prepares one: the settings, every app, the
    # admin, the URLs (which import every view) and the compiled templates (config/warmup.py).
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env = {**keep, "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(ROOT / "var")}
    result = subprocess.run(
        [sys.executable, "-c", LOAD], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1]))

    assert loaded & set(ON_USE_ONLY) == set()
    assert "django" in loaded  # the check sees a loaded portal
