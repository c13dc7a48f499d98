import asyncio
import base64
import json
from pathlib import Path

import pytest
from temporalio.api.common.v1 import Payload
from temporalio.converter import DataConverter

from weft_worker.claim_check import ClaimCheckCodec, DirectoryBlobStore, codec_from_env

# A reference and its blob made by the TypeScript codec: the Python one must read it and write the same.
VECTOR = json.loads((Path(__file__).parent / "fixtures" / "claim-check-vector.json").read_text())


def b64(text: str) -> bytes:
    return base64.b64decode(text)


def reference_payload() -> Payload:
    ref = VECTOR["reference"]
    return Payload(metadata={k: b64(v) for k, v in ref["metadata"].items()}, data=b64(ref["data"]))


def store_with_vector(tmp_path) -> DirectoryBlobStore:
    store = DirectoryBlobStore(str(tmp_path))
    store.put(VECTOR["blob"]["key"], b64(VECTOR["blob"]["bytes"]))
    return store


def test_reads_a_reference_the_typescript_codec_wrote(tmp_path):
    codec = ClaimCheckCodec(store_with_vector(tmp_path), 1024)
    converter = DataConverter(payload_codec=codec)
    [value] = asyncio.run(converter.decode([reference_payload()], [dict]))
    assert value == VECTOR["value"]


def test_writes_the_same_reference_and_blob_as_the_typescript_codec(tmp_path):
    codec = ClaimCheckCodec(DirectoryBlobStore(str(tmp_path)), 1024)
    original = Payload.FromString(b64(VECTOR["blob"]["bytes"]))
    [encoded] = asyncio.run(codec.encode([original]))
    assert json.loads(encoded.data) == json.loads(reference_payload().data)
    assert dict(encoded.metadata) == dict(reference_payload().metadata)
    sha = VECTOR["blob"]["key"].split("/")[1]
    assert (tmp_path / "sha256" / sha[:2] / sha).read_bytes() == b64(VECTOR["blob"]["bytes"])


def test_small_payloads_pass_unchanged_and_large_ones_round_trip(tmp_path):
    codec = ClaimCheckCodec(DirectoryBlobStore(str(tmp_path)), 1024)
    converter = DataConverter(payload_codec=codec)
    small, large = {"n": 1}, {"text": "y" * 5000}
    encoded = asyncio.run(converter.encode([small, large]))
    assert encoded[0].metadata["encoding"] == b"json/plain"
    assert encoded[1].metadata["encoding"] == b"binary/weft-claim-check"
    assert len(encoded[1].data) < 200
    assert asyncio.run(converter.decode(encoded, [dict, dict])) == [small, large]


def test_a_blob_that_does_not_match_its_reference_is_an_error(tmp_path):
    store = store_with_vector(tmp_path)
    sha = VECTOR["blob"]["key"].split("/")[1]
    (tmp_path / "sha256" / sha[:2] / sha).write_bytes(b"tampered")
    with pytest.raises(ValueError, match=r"blob sha256/[0-9a-f]{64} in file://.* does not match its claim check"):
        asyncio.run(ClaimCheckCodec(store, 1024).decode([reference_payload()]))
    with pytest.raises(ValueError, match="not a blob key: ../etc/passwd"):
        store.get("../etc/passwd")


def test_the_store_and_threshold_come_from_the_environment(tmp_path):
    codec = codec_from_env({"WEFT_DATA_DIR": str(tmp_path)})
    assert (codec.store.location, codec.threshold_bytes) == (f"file://{tmp_path}/blobs", 131072)
    codec = codec_from_env({"WEFT_BLOB_STORE": f"file://{tmp_path}/b", "WEFT_PAYLOAD_THRESHOLD_BYTES": "2048"})
    assert (codec.store.location, codec.threshold_bytes) == (f"file://{tmp_path}/b", 2048)
    with pytest.raises(ValueError, match="must be an integer from 1024 to 1048576"):
        codec_from_env({"WEFT_DATA_DIR": "x", "WEFT_PAYLOAD_THRESHOLD_BYTES": "10"})
    codec = codec_from_env(
        {"WEFT_BLOB_STORE": "s3://weft-payloads/runs/", "WEFT_S3_ENDPOINT": "http://minio:9000", "AWS_REGION": "eu-west-1"}
    )
    assert codec.store.location == "s3://weft-payloads/runs"
    assert codec.store.object_key("sha256/ab") == "runs/sha256/ab"
    assert codec.store._s3.meta.endpoint_url == "http://minio:9000"
    assert codec.store._s3.meta.region_name == "eu-west-1"
    assert codec_from_env({"WEFT_BLOB_STORE": "s3://weft-payloads"}).store.object_key("sha256/ab") == "sha256/ab"
    with pytest.raises(ValueError, match='WEFT_BLOB_STORE must be file:///dir or s3://bucket\\[/prefix\\], got "s3://A"'):
        codec_from_env({"WEFT_BLOB_STORE": "s3://A"})
