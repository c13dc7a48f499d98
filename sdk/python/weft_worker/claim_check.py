"""The claim-check payload codec (docs/claim-check.md), so a Python worker reads the large inputs Weft keeps in its
blob store and keeps its own large outputs there, byte for byte as the TypeScript processes do."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import uuid
from pathlib import Path
from typing import Iterable, List, Mapping, Optional, Protocol
from urllib.parse import unquote, urlparse

from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

CLAIM_CHECK_ENCODING = b"binary/weft-claim-check"
DEFAULT_THRESHOLD_BYTES = 128 * 1024
_KEY = "sha256/"
# As the TypeScript processes read it: s3://bucket[/prefix], the prefix without its trailing slash.
_S3_URL = re.compile(r"^s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:/(.*?))?/?$")


class BlobStore(Protocol):
    location: str

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...


class DirectoryBlobStore:
    """Blobs in a local directory the workers and the API share: ``<dir>/sha256/ab/abcdef…``, written under a
    temporary name and renamed so a reader never sees half of one."""

    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)
        self.location = f"file://{directory}"

    def _path(self, key: str) -> Path:
        sha = key[len(_KEY) :] if key.startswith(_KEY) else ""
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise ValueError(f"not a blob key: {key}")
        return self.directory / "sha256" / sha[:2] / sha

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{uuid.uuid4()}.partial")
        try:
            partial.write_bytes(data)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()


class S3BlobStore:
    """Blobs in an S3-compatible bucket through boto3 (``pip install weft-worker[s3]``): object ``<prefix>/sha256/<sha>``;
    credentials from boto3's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role).
    An endpoint (MinIO: ``http://minio:9000``) is addressed path-style. The first payload makes a missing bucket."""

    def __init__(self, bucket: str, prefix: str = "", endpoint: Optional[str] = None, region: str = "us-east-1"):
        self.bucket = bucket
        self.prefix = prefix
        self.location = f"s3://{bucket}{'/' + prefix if prefix else ''}"
        try:
            import boto3
            from botocore.config import Config
        except ImportError as err:  # pragma: no cover - depends on the install
            raise ValueError("WEFT_BLOB_STORE=s3://… needs boto3: pip install 'weft-worker[s3]'") from err
        config = Config(s3={"addressing_style": "path"}) if endpoint else None
        self._s3 = boto3.client("s3", region_name=region, endpoint_url=endpoint, config=config)

    def object_key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, data: bytes) -> None:
        from botocore.exceptions import ClientError

        try:
            self._s3.put_object(Bucket=self.bucket, Key=self.object_key(key), Body=data)
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") != "NoSuchBucket":
                raise
            try:
                self._s3.create_bucket(Bucket=self.bucket)
            except ClientError as made:
                if made.response.get("Error", {}).get("Code") not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                    raise
            self._s3.put_object(Bucket=self.bucket, Key=self.object_key(key), Body=data)

    def get(self, key: str) -> bytes:
        return self._s3.get_object(Bucket=self.bucket, Key=self.object_key(key))["Body"].read()


def _size(payload: Payload) -> int:
    return len(payload.data) + sum(len(k.encode("utf-8")) + len(v) for k, v in payload.metadata.items())


class ClaimCheckCodec(PayloadCodec):
    """Payloads over ``threshold_bytes`` go to the blob store as their protobuf bytes and are replaced by a small
    reference; references are resolved, checked against their length and SHA-256, on the way in."""

    def __init__(self, store: BlobStore, threshold_bytes: int = DEFAULT_THRESHOLD_BYTES) -> None:
        self.store = store
        self.threshold_bytes = threshold_bytes

    async def encode(self, payloads: Iterable[Payload]) -> List[Payload]:
        return [await asyncio.to_thread(self._encode_one, p) for p in payloads]

    async def decode(self, payloads: Iterable[Payload]) -> List[Payload]:
        return [await asyncio.to_thread(self._decode_one, p) for p in payloads]

    def _encode_one(self, payload: Payload) -> Payload:
        if _size(payload) <= self.threshold_bytes:
            return payload
        data = payload.SerializeToString()
        sha = hashlib.sha256(data).hexdigest()
        check = {"v": 1, "key": f"{_KEY}{sha}", "size": len(data), "sha256": sha}
        self.store.put(check["key"], data)
        reference = json.dumps(check, separators=(",", ":")).encode("utf-8")
        return Payload(metadata={"encoding": CLAIM_CHECK_ENCODING}, data=reference)

    def _decode_one(self, payload: Payload) -> Payload:
        if payload.metadata.get("encoding") != CLAIM_CHECK_ENCODING:
            return payload
        check = json.loads(payload.data.decode("utf-8"))
        if check.get("v") != 1:
            raise ValueError(f"claim check version {check.get('v')} is not known")
        data = self.store.get(check["key"])
        if len(data) != check["size"] or hashlib.sha256(data).hexdigest() != check["sha256"]:
            raise ValueError(f"blob {check['key']} in {self.store.location} does not match its claim check")
        return Payload.FromString(data)


def codec_from_env(env: Optional[Mapping[str, str]] = None, repo_data_dir: Optional[str] = None) -> ClaimCheckCodec:
    """The codec the environment names, as the TypeScript processes read it: WEFT_BLOB_STORE (``file:///dir``; unset:
    ``$WEFT_DATA_DIR/blobs``) and WEFT_PAYLOAD_THRESHOLD_BYTES (default 131072)."""
    env = os.environ if env is None else env
    raw = (env.get("WEFT_PAYLOAD_THRESHOLD_BYTES") or "").strip()
    threshold = DEFAULT_THRESHOLD_BYTES
    if raw:
        if not raw.isdigit() or not 1024 <= int(raw) <= 1024 * 1024:
            raise ValueError(f'WEFT_PAYLOAD_THRESHOLD_BYTES must be an integer from 1024 to 1048576, got "{raw}"')
        threshold = int(raw)
    setting = (env.get("WEFT_BLOB_STORE") or "").strip()
    if not setting:
        data_dir = env.get("WEFT_DATA_DIR") or repo_data_dir
        if not data_dir:
            raise ValueError("WEFT_BLOB_STORE or WEFT_DATA_DIR must name where Weft keeps large payloads")
        return ClaimCheckCodec(DirectoryBlobStore(os.path.join(data_dir, "blobs")), threshold)
    if setting.startswith("file://"):
        directory = unquote(urlparse(setting).path)
        if not directory or directory == "/":
            raise ValueError(f'WEFT_BLOB_STORE must name a directory, got "{setting}"')
        return ClaimCheckCodec(DirectoryBlobStore(directory), threshold)
    s3 = _S3_URL.match(setting)
    if s3:
        store = S3BlobStore(
            s3.group(1),
            s3.group(2) or "",
            endpoint=env.get("WEFT_S3_ENDPOINT") or None,
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        )
        return ClaimCheckCodec(store, threshold)
    raise ValueError(f'WEFT_BLOB_STORE must be file:///dir or s3://bucket[/prefix], got "{setting}"')
