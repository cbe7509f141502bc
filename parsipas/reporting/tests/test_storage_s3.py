"""Evidence in S3-compatible object storage (several app servers share it): uploaded, listed,
downloaded only through the permission-checked view, and deleted, against a local S3 server
(moto's server mode) that the test starts. Skipped only when that server cannot start."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from parsipas.reporting.models import Evidence
from parsipas.reporting.tests.conftest import PDF_BYTES, pdf_upload, report_data, report_path

BUCKET = "parsipas-evidence"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:  # pragma: no cover - moto is in requirements-dev.txt
        pytest.skip("moto is not installed")
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    try:
        server.start()
    except OSError as error:  # pragma: no cover - depends on the machine
        pytest.skip(f"the local S3 server did not start: {error}")
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server: str, settings: Any) -> Any:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="parsipas",
        aws_secret_access_key="parsipas-secret",
    )
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    if BUCKET in existing:
        for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    else:
        client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "parsipas",
                "secret_key": "parsipas-secret",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return client


def test_evidence_goes_to_object_storage_and_back_only_through_the_checked_view(
    s3, small_plan, people, login
):
    from storages.backends.s3 import S3Storage

    unit = login(people["unit"], Client())
    url = report_path(small_plan, "1.8", "stp")
    assert unit.post(url, report_data(0, narrative="Có tài liệu")).status_code == 302
    upload = report_data(1, narrative="Có tài liệu", action="upload", file=pdf_upload())
    assert unit.post(url, upload).status_code == 302
    item = Evidence.objects.get()
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [item.file.name]
    assert s3.get_object(Bucket=BUCKET, Key=item.file.name)["Body"].read() == PDF_BYTES
    assert isinstance(item.file.storage, S3Storage)

    response = unit.get(f"/bao-cao/tai-lieu/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES
    # Another unit's officer, and a visitor, get nothing.
    assert (
        login(people["commune"], Client()).get(f"/bao-cao/tai-lieu/{item.pk}/").status_code == 404
    )
    anonymous = Client().get(f"/bao-cao/tai-lieu/{item.pk}/")
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
    # The stored object is private: no anonymous read straight from the bucket.
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{s3.meta.endpoint_url}/{BUCKET}/{item.file.name}")  # noqa: S310

    assert unit.post(f"/bao-cao/tai-lieu/{item.pk}/xoa/").status_code == 302
    assert not Evidence.objects.exists()
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0
