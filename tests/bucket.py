"""A real S3-compatible server for the tests: moto's standalone server, a process of its own on
loopback, and a bucket on it that a test makes the "private" storage (empirie/uploads.py).

A test module uses them by importing the fixtures:

    from tests.bucket import bucket, s3_server  # noqa: F401
"""

import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import boto3
import pytest

from empirie.settings.base import bucket_storage

KEY, SECRET, REGION = "empirie-test", "empirie-test-secret", "eu-central-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class S3Server:
    endpoint: str

    def client(self):
        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name=REGION,
            aws_access_key_id=KEY, aws_secret_access_key=SECRET,
        )  # fmt: skip

    def storage_url(self, bucket: str) -> str:
        host = self.endpoint.removeprefix("http://")
        return f"s3://{KEY}:{SECRET}@{host}/{bucket}?region={REGION}&secure=false"


@pytest.fixture(scope="session")
def s3_server():
    """moto's server, started once for the test session (each xdist worker its own)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        yield S3Server(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class Bucket:
    name: str
    server: S3Server

    def keys(self) -> list[str]:
        listed = self.server.client().list_objects_v2(Bucket=self.name)
        return sorted(entry["Key"] for entry in listed.get("Contents", ()))

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def bucket(s3_server, settings, tmp_path):
    """A new, empty bucket as the "private" storage for one test, the local folder empty
    beside it (so a file on disk would show)."""
    name = f"empirie-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": bucket_storage(s3_server.storage_url(name)),
    }
    return Bucket(name, s3_server)
