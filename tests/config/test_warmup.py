"""gunicorn's master prepares the portal before forking (config/warmup.py): the workers start
with the templates compiled, the URLs built and the catalogues loaded."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.template import engines
from django.urls import clear_url_caches, get_resolver
from django.utils import translation

from config.warmup import project_templates, warm
from tests.integration.conftest import ROOT, free_port, gunicorn, serves, service_env, wait_for


def _cached_loader():
    loader = engines["django"].engine.template_loaders[0]
    assert hasattr(loader, "get_template_cache"), "the cached template loader is in use"
    return loader


def test_the_portals_own_templates_are_listed_not_the_libraries():
    names = project_templates()

    assert "base.html" in names
    assert "forum/meeting_detail.html" in names
    assert "admin/base_site.html" in names  # the portal's override of the admin's
    assert "admin/index.html" not in names  # the admin's own, not overridden
    assert len(names) == len(set(names))


def test_warming_compiles_the_templates_and_builds_each_languages_urls():
    loader = _cached_loader()
    loader.reset()
    clear_url_caches()

    done = warm()

    cached = set(loader.get_template_cache)
    assert {"base.html", "forum/meeting_detail.html", "knowledge/practice.html"} <= cached
    assert done == {"templates": len(project_templates()), "languages": 4}
    resolver = get_resolver()
    for code, _name in django_settings.LANGUAGES:
        with translation.override(code):
            assert code in resolver._reverse_dict  # built, not left for the first request


def test_a_project_without_templates_or_a_home_page_is_warmed_without_failing():
    # config/gunicorn.py serves other projects too: the bench's bare Django floor.
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env = {**keep, "DJANGO_SETTINGS_MODULE": "bench.floor_django"}
    code = "import django; django.setup(); from config.warmup import warm; print(warm())"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert "{'templates': 0, 'languages': 0}" in result.stdout


@pytest.mark.slow
def test_gunicorns_master_warms_the_portal_before_it_forks(transactional_db, reference_data):
    port = free_port()
    env = {
        **service_env(redis_url=django_settings.REDIS_URL, smtp_port=free_port()),
        "WEB_CONCURRENCY": "1",
    }
    args = ("--log-level", "info")
    server = gunicorn(env, port, production=True, args=args, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: serves(f"http://127.0.0.1:{port}/health/?format=json"), timeout=60)
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]

    warmed = log.find("Warmed the portal before forking")
    booted = log.find("Booting worker")
    assert warmed != -1, log
    assert booted != -1, log
    assert warmed < booted  # in the master, before the worker was forked
    assert f"'templates': {len(project_templates())}" in log
