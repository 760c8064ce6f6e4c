"""Where uploaded files live: the local folder, or an S3-compatible object store.

Every app reads and writes uploads through Django's storage API (``FieldFile.open``,
``storage.delete``), so the choice is one setting. ``STORAGE_BACKEND=local`` (the default)
keeps them under ``VAR_DIR/media`` on this machine. ``STORAGE_BACKEND=s3`` keeps them in the
bucket ``AWS_STORAGE_BUCKET_NAME`` (django-storages), which every web and worker host shares.

Files are private in both cases: the portal never links to the store. A file is served by the
view that checks who may see it, which streams it from the storage (docs/storage.md). Objects
are written with the ``private`` ACL; should anything ask a file for its ``url`` all the same,
it gets an address signed for ``AWS_QUERYSTRING_EXPIRE`` seconds (60 by default), never a
public one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str

BACKENDS = ("local", "s3")


def default_storage() -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry the environment asks for."""
    backend = env_str("STORAGE_BACKEND", "local").lower()
    if backend not in BACKENDS:
        raise ImproperlyConfigured(
            f"STORAGE_BACKEND={backend!r} is not one of {', '.join(BACKENDS)}."
        )
    if backend == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    bucket = env_str("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 60, minimum=1),
        # Two uploads of "report.pdf" keep both, as in the local folder.
        "file_overwrite": False,
        "location": env_str("AWS_LOCATION", ""),
        # Signature version 4: every region and S3-compatible store takes it.
        "signature_version": env_str("AWS_S3_SIGNATURE_VERSION", "s3v4"),
        "use_ssl": env_bool("AWS_S3_USE_SSL", True),
        "verify": env_bool("AWS_S3_VERIFY", True),
    }
    # Unset: boto3's own defaults (AWS' endpoints, credentials from the host's role).
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",
        "region_name": "AWS_S3_REGION_NAME",
        "access_key": "AWS_ACCESS_KEY_ID",
        "secret_key": "AWS_SECRET_ACCESS_KEY",
        # "path" for stores that do not serve bucket names as host names (MinIO and others).
        "addressing_style": "AWS_S3_ADDRESSING_STYLE",
    }
    for option, variable in optional.items():
        value = env_str(variable, "")
        if value:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
