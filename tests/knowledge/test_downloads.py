"""Downloads and links (issue 14): curators attach files (through the upload checks) and
external links in the admin, with title and language; the practice page lists them with kind,
size, language and host."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from knowledge import services
from knowledge.models import Attachment, PracticeLink
from tests.conftest import client_for
from tests.knowledge.conftest import make_practice
from tests.knowledge.helpers import PDF, upload, xlsx

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/knowledge/practice/"


def _change_data(practice, **extra) -> dict:
    return {
        "source_id": practice.source_id,
        "title": practice.title,
        "summary": practice.summary,
        "body": practice.body,
        "type": practice.type,
        "language": practice.language,
        "status": practice.status,
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        **extra,
    }


@pytest.fixture
def curator(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return client_for(staff)


def test_a_curator_attaches_a_file_with_title_and_language(curator):
    practice = make_practice(title="Energy audit")
    assert curator.get(f"{CHANGELIST}{practice.pk}/change/").status_code == 200

    response = curator.post(
        f"{CHANGELIST}{practice.pk}/change/",
        _change_data(
            practice,
            **{
                "attachments-TOTAL_FORMS": "1",
                "attachments-0-upload": upload("audit.pdf", PDF),
                "attachments-0-title": "Printable checklist",
                "attachments-0-language": "nl",
            },
        ),
    )

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    attachment = Attachment.objects.get(practice=practice)
    assert (attachment.title, attachment.language, attachment.extension) == (
        "Printable checklist",
        "nl",
        "pdf",
    )
    assert attachment.size == len(PDF) and len(attachment.checksum) == 64
    page = curator.get(f"{CHANGELIST}{practice.pk}/change/").content.decode()
    assert "Printable checklist" in page and "PDF" in page and f"{len(PDF)}\xa0bytes" in page


def test_the_admin_refuses_a_file_the_upload_checks_refuse(curator):
    practice = make_practice()

    response = curator.post(
        f"{CHANGELIST}{practice.pk}/change/",
        _change_data(
            practice,
            **{
                "attachments-TOTAL_FORMS": "1",
                "attachments-0-upload": upload("evil.pdf", b"MZ\x90\x00 an executable"),
                "attachments-0-title": "Not a PDF",
            },
        ),
    )

    assert response.status_code == 200
    assert "This file type is not accepted" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_curator_renames_and_deletes_attachments(curator):
    practice = make_practice()
    kept = services.attachment_add(practice=practice, upload=upload("a.pdf", PDF))
    gone = services.attachment_add(practice=practice, upload=upload("b.xlsx", xlsx()))

    response = curator.post(
        f"{CHANGELIST}{practice.pk}/change/",
        _change_data(
            practice,
            **{
                "attachments-TOTAL_FORMS": "2",
                "attachments-INITIAL_FORMS": "2",
                "attachments-0-id": kept.pk,
                "attachments-0-practice": practice.pk,
                "attachments-0-title": "Renamed",
                "attachments-0-language": "fr",
                "attachments-1-id": gone.pk,
                "attachments-1-practice": practice.pk,
                "attachments-1-title": "",
                "attachments-1-DELETE": "on",
            },
        ),
    )

    assert response.status_code == 302
    kept.refresh_from_db()
    assert (kept.title, kept.language) == ("Renamed", "fr")
    assert not Attachment.objects.filter(pk=gone.pk).exists()


def test_a_curator_adds_links_and_only_web_addresses_are_taken(curator):
    practice = make_practice()
    data = _change_data(
        practice,
        **{
            "links-TOTAL_FORMS": "2",
            "links-0-position": "0",
            "links-0-title": "The publisher's tool",
            "links-0-url": "https://tools.example.org/footprint",
            "links-0-language": "en",
            "links-1-position": "1",
            "links-1-title": "Sneaky",
            "links-1-url": "javascript:alert(1)",
        },
    )

    refused = curator.post(f"{CHANGELIST}{practice.pk}/change/", data)
    assert refused.status_code == 200 and not PracticeLink.objects.exists()

    data["links-TOTAL_FORMS"] = "1"
    assert curator.post(f"{CHANGELIST}{practice.pk}/change/", data).status_code == 302
    link = PracticeLink.objects.get()
    assert (link.title, link.host, link.language) == (
        "The publisher's tool",
        "tools.example.org",
        "en",
    )


def test_a_link_model_refuses_other_schemes():
    practice = make_practice()
    link = PracticeLink(practice=practice, title="x", url="ftp://example.org/file")

    with pytest.raises(ValidationError):
        link.full_clean()


def test_the_practice_page_lists_downloads_and_links(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = make_practice(title="With downloads")
    services.attachment_add(
        practice=practice, upload=upload("sheet.xlsx", xlsx()), title="Werkblad", language="nl"
    )
    PracticeLink.objects.create(
        practice=practice, title="Video", url="https://www.example.org/v", language="fr"
    )

    html = client.get(practice.get_absolute_url()).content.decode()

    assert 'id="downloads-heading"' in html
    assert 'hreflang="nl"><span lang="nl">Werkblad</span></a>' in html
    assert "Excel (XLSX)" in html and "Dutch" in html
    assert 'href="https://www.example.org/v"' in html
    assert "external link to example.org" in html and "French" in html


def test_a_practice_without_downloads_has_no_empty_section(client):
    practice = make_practice()

    assert "downloads-heading" not in client.get(practice.get_absolute_url()).content.decode()


def test_the_practice_page_reads_do_not_grow_with_downloads(client, settings, tmp_path):
    from tests.utils import queries_for

    settings.MEDIA_ROOT = tmp_path
    practice = make_practice()
    services.attachment_add(practice=practice, upload=upload("a.pdf", PDF))
    few = queries_for(client, practice.get_absolute_url())
    for n in range(5):
        services.attachment_add(practice=practice, upload=upload(f"{n}.pdf", PDF))
        PracticeLink.objects.create(practice=practice, title=f"L{n}", url=f"https://e.org/{n}")

    assert queries_for(client, practice.get_absolute_url()) == few
