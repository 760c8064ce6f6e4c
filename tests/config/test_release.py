"""The version of the code (config/release.py) that stamps the shared cache's entries."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

from config.release import code_digest


def _tree(root: Path) -> Path:
    (root / "forum" / "templates").mkdir(parents=True)
    (root / "forum" / "selectors.py").write_text("class MeetingParts: ...\\n")
    (root / "forum" / "templates" / "meeting.html").write_text("<h1>{{ meeting }}</h1>\\n")
    (root / "requirements").mkdir()
    (root / "requirements" / "base.txt").write_text("django==5.2\\n")
    (root / "tests").mkdir()
    (root / "tests" / "test_forum.py").write_text("def test(): ...\\n")
    return root


def test_the_same_code_has_the_same_version_on_every_host(tmp_path):
    one = _tree(tmp_path / "host1")
    two = tmp_path / "elsewhere" / "host2"
    shutil.copytree(one, two)

    assert code_digest(one) == code_digest(two)


def test_any_change_to_code_templates_or_requirements_is_a_new_version(tmp_path):
    root = _tree(tmp_path / "portal")
    before = code_digest(root)

    for path, text in [
        ("forum/selectors.py", "class MeetingParts:\\n    action_items = ()\\n"),
        ("forum/templates/meeting.html", "<h1>{{ meeting.title }}</h1>\\n"),
        ("requirements/base.txt", "django==5.2.1\\n"),
    ]:
        original = (root / path).read_text()
        (root / path).write_text(text)
        assert code_digest(root) != before, path
        (root / path).write_text(original)
    assert code_digest(root) == before


def test_tests_and_tools_are_not_part_of_the_version(tmp_path):
    root = _tree(tmp_path / "portal")
    before = code_digest(root)

    (root / "tests" / "test_forum.py").write_text("def test_more(): ...\\n")

    assert code_digest(root) == before


def test_the_portal_runs_under_a_version():
    assert len(settings.CODE_VERSION) >= 8
