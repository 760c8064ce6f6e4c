"""JSON Lines import and export: round trips, validation with line numbers, all-or-nothing,
--skip-invalid, updates by id, the commands and the admin pages."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from knowledge import services
from knowledge.demo import demo_lines
from knowledge.models import Practice
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

GOOD = {
    "id": "src-1",
    "title": "A good practice",
    "summary": "What it is.",
    "body": "Body",
    "type": "guide",
    "themes": ["eco-efficiency"],
    "iso26000": ["environment"],
    "audience": ["sme"],
    "sectors": ["C"],
    "countries": ["BE"],
    "language": "en",
    "year": 2024,
    "publisher": "Someone",
    "url": "https://example.org/guide",
    "status": "published",
    "attachments": [],
    "links": [{"title": "The publisher's page", "url": "https://example.org/", "language": "en"}],
}


def _line(**changes) -> str:
    return json.dumps({**GOOD, **changes})


def _export() -> str:
    return "".join(services.practices_export())


def test_import_export_import_round_trips_without_change(db):
    services.practices_import(lines=demo_lines())
    first = _export()
    snapshot = list(Practice.objects.order_by("pk").values())

    report = services.practices_import(lines=first.splitlines())
    second = _export()

    assert report.unchanged == len(demo_lines()) and report.created == report.updated == 0
    assert second == first
    assert list(Practice.objects.order_by("pk").values()) == snapshot
    assert len(first.splitlines()) == 53


def test_the_export_has_exactly_the_documented_keys(db):
    services.practices_import(lines=[_line()])

    record = json.loads(_export())

    assert list(record) == services.FIELDS
    assert record == GOOD


def test_reimporting_an_id_updates_the_practice(db):
    services.practices_import(lines=[_line()])
    slug = Practice.objects.get().slug

    report = services.practices_import(lines=[_line(title="Renamed", themes=["sme-growth"])])

    practice = Practice.objects.get()
    assert report.updated == 1
    assert practice.title == "Renamed" and practice.slug == slug
    assert [t.slug for t in practice.themes.all()] == ["sme-growth"]


def test_a_broken_file_imports_nothing_and_names_its_bad_lines(db):
    lines = [
        _line(id="ok-1"),
        "{not json",
        _line(id="ok-2", type="poem"),
        "",
        _line(id="ok-3", themes=["no-such-theme"], year="2020"),
        _line(id="ok-1"),
        json.dumps({"title": "no id"}),
        _line(id="nul", summary="bad\u0000byte"),
    ]

    with pytest.raises(services.ImportRefused) as refused:
        services.practices_import(lines=lines)

    errors = refused.value.report.errors
    assert Practice.objects.count() == 0
    assert sorted({line for line, _ in errors}) == [2, 3, 5, 6, 7, 8]
    assert "summary contains a NUL character" in messages_for(errors, 8)
    messages = dict(errors)
    assert "not valid JSON" in messages[2]
    assert "type must be one of" in messages[3]
    assert "repeats line 1" in messages[6]
    assert any("unknown values: no-such-theme" in m for line, m in errors if line == 5)
    assert any("year must be" in m for line, m in errors if line == 5)


def messages_for(errors: list[tuple[int, str]], line: int) -> str:
    return " ".join(message for number, message in errors if number == line)


def test_skip_invalid_imports_the_good_lines(db):
    report = services.practices_import(
        lines=[_line(id="a"), _line(id="b", language="xx"), _line(id="c")], skip_invalid=True
    )

    assert report.created == 2 and report.skipped == 1
    assert set(Practice.objects.values_list("source_id", flat=True)) == {"a", "c"}


def test_the_commands_import_and_export(db, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(demo_lines()) + "\n", encoding="utf-8")
    out = StringIO()

    call_command("import_practices", str(source), stdout=out)
    target = tmp_path / "out.jsonl"
    call_command("export_practices", str(target))
    call_command("import_practices", str(target), stdout=out)

    assert "53 created" in out.getvalue()
    assert "53 unchanged" in out.getvalue()
    assert target.read_text(encoding="utf-8") == _export()


def test_the_import_command_refuses_a_broken_file(db, tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text(_line(id="x") + "\n" + _line(id="y", status="secret") + "\n")
    err = StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_practices", str(source), stderr=err)

    assert "line 2: status must be one of" in err.getvalue()
    assert Practice.objects.count() == 0
    call_command("import_practices", str(source), "--skip-invalid", stdout=StringIO(), stderr=err)
    assert Practice.objects.count() == 1


def test_a_large_import_shows_a_progress_bar(db, tmp_path):
    source = tmp_path / "big.jsonl"
    source.write_text("\n".join(_line(id=f"n{n}") for n in range(250)))
    err = StringIO()

    call_command("import_practices", str(source), stdout=StringIO(), stderr=err)

    assert "] 250/250" in err.getvalue()
    assert Practice.objects.count() == 250


def _admin_import(client, text: str):
    upload = SimpleUploadedFile("practices.jsonl", text.encode())
    return client.post("/admin/knowledge/practice/import/", {"import_file": upload, "format": "0"})


def test_admin_import_previews_then_confirms(staff):
    client = client_for(staff)
    assert client.get("/admin/knowledge/practice/import/").status_code == 200

    preview = _admin_import(client, "\n".join(demo_lines()))
    assert preview.status_code == 200, preview.content.decode()[:2000]
    assert Practice.objects.count() == 0  # a preview writes nothing
    confirm = preview.context["confirm_form"]
    response = client.post("/admin/knowledge/practice/process_import/", confirm.initial)

    assert response.status_code == 302
    assert Practice.objects.count() == 53
    assert Practice.objects.get(source_id="demo-en-01").themes.count() == 2


def test_admin_import_round_trips_with_the_command_format(staff):
    services.practices_import(lines=demo_lines())
    before = _export()
    client = client_for(staff)

    preview = _admin_import(client, before)
    client.post(
        "/admin/knowledge/practice/process_import/", preview.context["confirm_form"].initial
    )

    assert _export() == before


def test_admin_export_writes_the_import_format(staff):
    services.practices_import(lines=demo_lines())

    fields = {f"practiceresource_{name}": "on" for name in services.FIELDS}
    response = client_for(staff).post(
        "/admin/knowledge/practice/export/", {"format": "0", "resource": "0", **fields}
    )
    body = (
        response.content.decode()
        if not response.streaming
        else b"".join(response.streaming_content).decode()
    )

    assert response.status_code == 200, body[:500]
    assert sorted(body.splitlines()) == sorted(_export().splitlines())


def test_admin_import_of_a_broken_file_names_its_lines_and_offers_no_confirmation(staff):
    text = "\n".join([_line(id="a"), "{oops", _line(id="b", type="poem"), _line(id="a")])

    response = _admin_import(client_for(staff), text)
    html = response.content.decode()

    assert response.status_code == 200
    assert "line 2: not valid JSON" in html
    assert "line 3: type must be one of" in html
    assert "line 4: id a repeats line 1" in html
    assert response.context.get("confirm_form") is None
    assert Practice.objects.count() == 0


def test_admin_export_action_for_selected_practices(staff):
    services.practices_import(lines=[_line(id="one"), _line(id="two")])
    chosen = Practice.objects.get(source_id="two")

    response = client_for(staff).post(
        "/admin/knowledge/practice/",
        {"action": "export_jsonl", "_selected_action": [chosen.pk]},
    )

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["two"]


def test_non_staff_cannot_reach_the_admin_import(bob_client):
    response = bob_client.get("/admin/knowledge/practice/import/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
