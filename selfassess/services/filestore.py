"""Where built files (the stored board PDFs) are kept: the instance folder by default, or
S3-compatible storage when FILE_STORE is ``s3://BUCKET/PREFIX`` (S3_ENDPOINT_URL names a
non-AWS endpoint; credentials and region come from boto3's usual environment and files).

Keys are made by the services from ids and content hashes, never from user text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

from flask import current_app

SAFE_KEY = re.compile(r"^[a-z0-9][a-z0-9/_.-]{0,190}$")


class FileStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...
    def get(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...


def _checked(key: str) -> str:
    if not SAFE_KEY.match(key) or ".." in key:
        raise ValueError(f"not a storage key: {key!r}")
    return key


class FolderStore:
    """Files under one folder; written to a temporary name, then renamed (never half a file)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, key: str, data: bytes) -> None:
        path = self.root / _checked(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(path.suffix + ".partial")
        partial.write_bytes(data)
        partial.replace(path)

    def get(self, key: str) -> bytes | None:
        path = self.root / _checked(key)
        return path.read_bytes() if path.is_file() else None

    def delete(self, key: str) -> None:
        (self.root / _checked(key)).unlink(missing_ok=True)


class S3Store:
    """Objects in one bucket under a prefix, private (no ACL is ever granted)."""

    def __init__(self, bucket: str, prefix: str, endpoint_url: str | None) -> None:
        import boto3  # only where S3 is configured

        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.client: Any = boto3.client("s3", endpoint_url=endpoint_url or None)

    def _name(self, key: str) -> str:
        return f"{self.prefix}/{_checked(key)}" if self.prefix else _checked(key)

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self._name(key), Body=data, ContentType="application/pdf"
        )

    def get(self, key: str) -> bytes | None:
        try:
            found = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.NoSuchKey:
            return None
        return bytes(found["Body"].read())

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))


def store() -> FileStore:
    """The configured store of this app."""
    configured = str(current_app.config.get("FILE_STORE") or "")
    if configured.startswith("s3://"):
        bucket, _, prefix = configured[len("s3://") :].partition("/")
        return S3Store(bucket, prefix, current_app.config.get("S3_ENDPOINT_URL"))
    root = Path(configured) if configured else Path(current_app.instance_path) / "files"
    return FolderStore(root)
