"""Prepare a loaded portal before it serves: what every process would otherwise do on its first
requests, done once in gunicorn's master and shared by the workers forked from it.

Without it, each freshly forked worker compiled its templates, loaded the translation catalogues
and built the URL resolver of each language while its first requests waited: some tens of
milliseconds per page, paid by every worker and every thread at once after a start, long enough
for requests queued behind them to pass ``SHED_QUEUE_MS`` and be shed (503) in the first second
under load. Done in the master (``config/gunicorn.py``, ``when_ready``), it is paid once, and
the compiled templates sit in pages the workers share (``gc.freeze`` keeps them shared).

Nothing here opens a database or cache connection: a connection made before the fork would be
shared by every worker.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import NoReverseMatch, reverse
from django.utils import translation

TEMPLATE_SUFFIXES = (".html", ".txt")


def project_templates() -> list[str]:
    """Names of the portal's own templates (its ``templates/`` folder and its apps'), not those
    of the libraries it uses; a name found in several folders is listed once."""
    base = Path(getattr(settings, "BASE_DIR", ".")).resolve()
    django_engines = [t for t in settings.TEMPLATES if t.get("NAME", "django") == "django"]
    if not django_engines:
        return []
    folders = [Path(folder) for folder in django_engines[0].get("DIRS", [])]
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            folders.append(path / "templates")
    names: set[str] = set()
    for folder in folders:
        if folder.is_dir():
            names.update(
                path.relative_to(folder).as_posix()
                for path in folder.rglob("*")
                if path.suffix in TEMPLATE_SUFFIXES and path.is_file()
            )
    return sorted(names)


def warm() -> dict[str, int]:
    """Compile the portal's templates into the cached loader, load each language's catalogue
    and build its URL resolver. Returns what it did, for the log. Any project served with
    config/gunicorn.py may come here (the bench's bare Django floor does): what it lacks (no
    templates, no "home") is skipped."""
    compiled = 0
    for name in project_templates():
        try:
            engines["django"].get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            # A fragment meant only for another engine; the page that uses it reports it.
            continue
        compiled += 1
    languages = 0
    for code, _name in settings.LANGUAGES if settings.USE_I18N else []:
        with translation.override(code):
            try:
                reverse("home")  # the resolver of this language, and its catalogue
            except NoReverseMatch:
                break
        languages += 1
    connections.close_all()
    return {"templates": compiled, "languages": languages}
