"""Where uploads live is set by the environment: the local folder by default, a private
S3-compatible bucket with STORAGE_BACKEND=s3 (config/storage.py, docs/storage.md)."""

from __future__ import annotations

import json

import pytest

from tests.utils import PRODUCTION, settings_in_subprocess

STORAGE = "s.STORAGES['default']"


def test_uploads_stay_in_the_local_folder_by_default(tmp_path):
    result = settings_in_subprocess(f"[{STORAGE}, str(s.MEDIA_ROOT)]", VAR_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    storage, media_root = json.loads(result.stdout)
    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_root == str(tmp_path / "media")


def test_s3_is_a_private_bucket_with_short_signed_addresses():
    result = settings_in_subprocess(
        STORAGE,
        **PRODUCTION,
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="portal-uploads",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_REGION_NAME="eu-west-1",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )

    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "portal-uploads"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["region_name"] == "eu-west-1"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True and options["querystring_expire"] == 60
    assert options["file_overwrite"] is False


def test_s3_without_credentials_leaves_them_to_boto3():
    result = settings_in_subprocess(
        STORAGE, **PRODUCTION, STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="portal-uploads"
    )

    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)["OPTIONS"]
    assert "access_key" not in options and "endpoint_url" not in options


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND='ftp' is not one of local, s3"),
        ({"STORAGE_BACKEND": "s3"}, "STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME"),
        (
            {
                "STORAGE_BACKEND": "s3",
                "AWS_STORAGE_BUCKET_NAME": "b",
                "AWS_QUERYSTRING_EXPIRE": "0",
            },
            "AWS_QUERYSTRING_EXPIRE=0 must be at least 1",
        ),
        ({"BEAT_LOCK_SECONDS": "1"}, "BEAT_LOCK_SECONDS=1 must be at least 3"),
    ],
)
def test_bad_storage_or_beat_values_stop_with_a_clear_message(variables, message):
    result = settings_in_subprocess(STORAGE, **{**PRODUCTION, **variables})

    assert result.returncode != 0
    assert message in result.stderr


def test_development_gives_uploads_no_address_of_their_own(tmp_path):
    # A file under /media/ would be anyone's who has its name, past the views' checks.
    urls = "__import__('config.urls', fromlist=['*']).urlpatterns"
    result = settings_in_subprocess(
        f"[s.DEBUG, [str(p.pattern) for p in {urls}]]", VAR_DIR=str(tmp_path)
    )

    assert result.returncode == 0, result.stderr
    debug, patterns = json.loads(result.stdout)
    assert debug is True
    assert not [p for p in patterns if "media" in p], patterns
