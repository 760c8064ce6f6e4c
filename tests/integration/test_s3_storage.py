"""Uploads in an S3-compatible object store (STORAGE_BACKEND=s3): a real S3 endpoint over HTTP on
loopback (moto's server), a file uploaded through the portal's form, downloaded through the view
that checks who may see it, and deleted from the bucket when its owner erases their account."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
import requests
from django.urls import reverse

from config.storage import default_storage as storage_setting
from knowledge.models import Attachment, Practice
from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.integration.conftest import free_port, wait_for
from tests.knowledge.helpers import PDF, upload

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

BUCKET = "portal-uploads"
KEYS = {"AWS_ACCESS_KEY_ID": "portal-test", "AWS_SECRET_ACCESS_KEY": "portal-test-secret"}


def _answers(url: str) -> bool:
    try:
        requests.get(url, timeout=1)
    except requests.ConnectionError:
        return False
    return True


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(url), timeout=60, what="the S3 server")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def bucket(s3_endpoint, monkeypatch, settings, tmp_path):
    """The portal configured as the documentation says, on a fresh private bucket."""
    environment = {
        "STORAGE_BACKEND": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "eu-west-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        **KEYS,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-west-1",
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": storage_setting()}
    return client


def _objects(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_an_upload_lives_in_the_bucket_is_served_by_the_portal_and_goes_on_erasure(
    bucket, charlie, charlie_client, staff, client, settings, django_capture_on_commit_callbacks
):
    response = charlie_client.post(
        "/knowledge/submit/",
        {
            "title": "Our waste plan",
            "summary": "How we halved our waste.",
            "body": "Step one…",
            "type": "good-practice",
            "language": "en",
            "audience": ["sme"],
            "countries": ["BE"],
            "year": "2024",
            "attachment": upload("plan.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get()

    # In the bucket, private, and nothing on the local disk.
    assert _objects(bucket) == [attachment.file.name]
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants), grants
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(media.rglob("*"))
    # Even a URL asked of the storage is signed and short-lived, never a public address.
    signed = attachment.file.url
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=60" in signed

    # Served by the permission-checked view, streamed from the store: staff may preview a
    # suggestion in review, a visitor may not.
    answer = client_for(staff).get(reverse("knowledge:attachment", args=[attachment.uid]))
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF
    assert client.get(reverse("knowledge:attachment", args=[attachment.uid])).status_code == 404

    # The submitter erases their account: the suggestion and its file go, from the bucket too.
    with django_capture_on_commit_callbacks(execute=True):
        erased = charlie_client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert erased.status_code == 302
    assert not Practice.objects.exists()
    assert _objects(bucket) == []
