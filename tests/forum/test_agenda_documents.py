"""Agenda items in order, each with a presenter and documents; documents with versions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forum.models import AgendaItem, Document
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _add(client, meeting, title, presenter=""):
    return client.post(
        reverse("forum:agenda_add", args=[meeting.uid]), {"title": title, "presenter": presenter}
    )


def _pdf(name="paper.pdf", content=b"%PDF-1.4 first"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_agenda_items_keep_their_order_and_can_move(secretariat, meeting):
    client = client_for(secretariat)
    for title in ("Update by members", "Briefing on social auditing", "Case studies"):
        assert _add(client, meeting, title, "ILO focal person").status_code == 302
    last = AgendaItem.objects.get(title="Case studies")

    client.post(reverse("forum:agenda_move", args=[last.uid]), {"direction": "up"})

    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Update by members",
        "Case studies",
        "Briefing on social auditing",
    ]


def test_agenda_item_removal_asks_first(secretariat, meeting):
    client = client_for(secretariat)
    _add(client, meeting, "Any other business")
    item = AgendaItem.objects.get()
    url = reverse("forum:agenda_delete", args=[item.uid])

    assert client.get(url).status_code == 200
    assert AgendaItem.objects.exists()
    assert client.post(url).status_code == 302
    assert not AgendaItem.objects.exists()


def test_members_cannot_change_the_agenda(alice_client, alice_member, meeting):
    assert _add(alice_client, meeting, "Mine").status_code == 403


def test_document_versions_and_download(
    secretariat, meeting, alice_client, alice_member, charlie_client, client
):
    manager = client_for(secretariat)
    _add(manager, meeting, "Social auditing")
    item = AgendaItem.objects.get()
    response = manager.post(
        reverse("forum:document_add", args=[meeting.uid]),
        {"title": "Briefing note", "agenda_item": item.pk, "file": _pdf()},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    manager.post(
        reverse("forum:document_version_add", args=[document.uid]),
        {"file": _pdf(content=b"%PDF-1.4 second"), "note": "Figures updated"},
    )

    v1 = reverse("forum:document_download", args=[document.uid, 1])
    v2 = reverse("forum:document_download", args=[document.uid, 2])
    assert b"".join(alice_client.get(v2).streaming_content) == b"%PDF-1.4 second"
    assert b"".join(alice_client.get(v1).streaming_content) == b"%PDF-1.4 first"
    assert charlie_client.get(v2).status_code == 404
    assert client.get(v2).status_code == 404
    page = alice_client.get(meeting.get_absolute_url()).content.decode()
    assert "Briefing note" in page and "version 2" in page


def test_unsupported_file_is_refused_with_a_message(secretariat, meeting):
    response = client_for(secretariat).post(
        reverse("forum:document_add", args=[meeting.uid]),
        {"title": "Script", "file": SimpleUploadedFile("run.exe", b"MZ")},
    )

    assert response.status_code == 400
    assert "Upload a PDF" in response.content.decode()
    assert not Document.objects.exists()
