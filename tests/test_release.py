"""Releases: byte-identical, resumable after a kill, accounted for, attributed, and verifiable
so that any tampering is caught."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import datasets
import polars as pl
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import REPO, SAMPLES

from provenance.cli import main
from provenance.errors import UserError
from provenance.releasing import keygen, release
from provenance.releasing.verify import verify

POLICY = SAMPLES / "policies" / "open-definition.yaml"
ARGS = {"sources": SAMPLES / "sources.yaml", "optout": SAMPLES / "optout.csv"}


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return keygen(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory, keys: tuple[Path, Path]) -> Path:
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    out = tmp_path_factory.mktemp("signed") / "release"
    release([str(SAMPLES / "corpus")], POLICY, out, sign_key=keys[0], **ARGS)
    return out


def copy(release_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(release_dir, target)
    return target


def test_release_layout_and_verification(signed: Path, keys: tuple[Path, Path]) -> None:
    assert {p.name for p in signed.iterdir()} == {
        "shards",
        "ledger",
        "attribution",
        "ATTRIBUTION.md",
        "policy.yaml",
        "manifest.json",
        "manifest.sig",
    }
    assert verify(signed, keys[1]) == []
    result = CliRunner().invoke(main, ["verify", str(signed), "--key", str(keys[1]), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["ok"] is True


def test_accounting_with_quarantined_records(signed: Path) -> None:
    manifest = json.loads((signed / "manifest.json").read_text())
    total = manifest["accounting"]["total"]
    assert total == {
        "records": 3829,
        "included": total["included"],
        "excluded": total["excluded"],
        "quarantined": 8,
    }
    assert total["records"] == total["included"] + total["excluded"] + total["quarantined"]
    for row in manifest["accounting"]["per_input"]:
        assert row["records"] == row["included"] + row["excluded"] + row["quarantined"]
    ledger = pl.read_parquet(sorted((signed / "ledger").glob("*.parquet")))
    assert ledger.height == 3829
    quarantined = ledger.filter(pl.col("decision") == "quarantine")
    assert quarantined.height == 8 and quarantined["shard"].null_count() == 8
    assert quarantined["reason"].str.starts_with("quarantined input: ").all()
    included = ledger.filter(pl.col("decision") == "include")
    assert included["shard"].null_count() == 0
    shard_rows = sum(pq.ParquetFile(p).metadata.num_rows for p in (signed / "shards").glob("*"))
    assert shard_rows == included.height == total["included"]


def test_shards_load_with_datasets_and_keep_the_dolma_layout(signed: Path) -> None:
    shards = sorted(str(p) for p in (signed / "shards").glob("*.parquet"))
    loaded = datasets.load_dataset("parquet", data_files=shards, split="train")
    assert {
        "id",
        "text",
        "source",
        "added",
        "created",
        "metadata",
        "license",
        "license_evidence",
        "content_sha256",
    } <= set(loaded.column_names)
    manifest = json.loads((signed / "manifest.json").read_text())
    assert loaded.num_rows == manifest["accounting"]["total"]["included"]


def test_attribution_for_cc_by_sources(signed: Path) -> None:
    text = (signed / "ATTRIBUTION.md").read_text()
    assert "## Openpedia" in text
    assert "Openpedia contributors" in text
    assert "CC-BY-SA-4.0 (https://creativecommons.org/licenses/by-sa/4.0/)" in text
    assert "Notice of changes:" in text
    table = pl.read_parquet(sorted((signed / "attribution").glob("*.parquet")))
    pedia = table.filter(pl.col("source_id") == "openpedia")
    assert pedia.height > 0 and pedia["authors"].null_count() < pedia.height
    assert pedia["license"].str.starts_with("CC-BY").all()
    # Public domain needs no attribution.
    assert table.filter(pl.col("license").str.contains("Public-Domain")).height == 0


def test_reruns_are_byte_identical(tmp_path: Path, signed: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        release([str(SAMPLES / "corpus")], POLICY, out, **ARGS)
    assert files(first) == files(second)
    unsigned = {k: v for k, v in files(signed).items() if k != "manifest.sig"}
    assert files(first) == unsigned


@pytest.mark.parametrize("fmt", ["jsonl.gz", "jsonl.zst"])
def test_jsonl_formats_and_small_shards_verify(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "release"
    release(
        [str(SAMPLES / "corpus" / "openpedia")], POLICY, out, format=fmt, shard_size=200_000, **ARGS
    )
    shards = sorted((out / "shards").glob("*"))
    assert len(shards) > 2 and all(p.name.endswith(fmt) for p in shards)
    assert verify(out) == []
    again = tmp_path / "again"
    release(
        [str(SAMPLES / "corpus" / "openpedia")],
        POLICY,
        again,
        format=fmt,
        shard_size=200_000,
        **ARGS,
    )
    assert files(out) == files(again)


# -- tampering ------------------------------------------------------------------------------------


def flip_byte(path: Path, position: int) -> None:
    data = bytearray(path.read_bytes())
    data[position % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "where", ["shard", "ledger", "attribution", "ATTRIBUTION.md", "policy.yaml"]
)
@pytest.mark.parametrize("position", [0, 1234, -3])
def test_any_changed_byte_is_caught(
    tmp_path: Path, signed: Path, keys, where: str, position: int
) -> None:
    target = copy(signed, tmp_path)
    path = {
        "shard": sorted((target / "shards").glob("*"))[1],
        "ledger": sorted((target / "ledger").glob("*"))[2],
        "attribution": sorted((target / "attribution").glob("*"))[0],
    }.get(where, target / where)
    flip_byte(path, position)
    problems = verify(target, keys[1])
    assert any(path.name in problem for problem in problems), problems


@pytest.mark.parametrize("position", [10, 500, 2000, -2])
def test_a_changed_manifest_byte_breaks_the_signature(
    tmp_path: Path, signed: Path, keys, position: int
) -> None:
    target = copy(signed, tmp_path)
    flip_byte(target / "manifest.json", position)
    problems = verify(target, keys[1])
    assert problems and any("manifest" in p for p in problems)


def test_removed_and_added_shards_are_caught(tmp_path: Path, signed: Path) -> None:
    target = copy(signed, tmp_path)
    removed = sorted((target / "shards").glob("*"))[0]
    removed.unlink()
    assert any("missing" in p and removed.name in p for p in verify(target))
    target = copy(signed, tmp_path / "second")
    shutil.copy(sorted((target / "shards").glob("*"))[0], target / "shards" / "extra-00000.parquet")
    assert any("extra-00000.parquet: not listed" in p for p in verify(target))


def _rehash(target: Path) -> None:
    """What an attacker without the key does: make every listed hash match again."""
    from provenance.resources import file_sha256

    manifest = json.loads((target / "manifest.json").read_text())
    for group in manifest["outputs"].values():
        for item in group:
            path = target / item["path"]
            item["sha256"], item["bytes"] = file_sha256(path), path.stat().st_size
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    (target / "manifest.sig").unlink(missing_ok=True)


def _edit_ledger_row(path: Path, index: int, column: str, value: str) -> None:
    """Change one value of a ledger file in place, keeping its schema."""
    ledger = pl.read_parquet(path)
    edited = ledger.with_columns(
        pl.when(pl.int_range(ledger.height) == index)
        .then(pl.lit(value))
        .otherwise(pl.col(column))
        .alias(column)
    )
    pq.write_table(edited.to_arrow().cast(pq.read_schema(path)), path, compression="zstd")


def test_a_changed_ledger_decision_is_caught_even_with_rehashed_files(
    tmp_path: Path, signed: Path
) -> None:
    target = copy(signed, tmp_path)
    path = next(
        p
        for p in sorted((target / "ledger").glob("*"))
        if "exclude" in pl.read_parquet(p)["decision"]
    )
    ledger = pl.read_parquet(path)
    index = ledger["decision"].to_list().index("exclude")
    _edit_ledger_row(path, index, "decision", "include")
    _rehash(target)
    problems = verify(target)
    assert any(
        ledger["doc_id"][index] in p or "accounting" in p or "counts" in p for p in problems
    ), problems


def test_a_changed_reason_on_a_row_like_many_others_is_caught(tmp_path: Path, signed: Path) -> None:
    """The policy check groups rows by facts and recorded decision: a row whose facts recur
    elsewhere must still be checked on its own recorded decision."""
    target = copy(signed, tmp_path)
    facts = ["license", "source_id", "status", "decision"]
    path, index = next(
        (p, frame.with_row_index("i").filter(pl.col("n") > 1)["i"][-1])
        for p in sorted((target / "ledger").glob("*"))
        for frame in [pl.read_parquet(p).with_columns(pl.len().over(facts).alias("n"))]
        if (frame["n"] > 1).any()
    )
    _edit_ledger_row(path, index, "reason", "decided by hand")
    _rehash(target)
    problems = verify(target)
    assert problems == ["ledger: recorded rule ids or reasons differ from re-evaluating the policy"]


def _rfc6962_root(leaves: list[bytes]) -> bytes:
    """MTH of RFC 6962 section 2.1, written from the RFC: split at the largest power of two."""
    import hashlib

    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    split = 1 << ((len(leaves) - 1).bit_length() - 1)
    left, right = _rfc6962_root(leaves[:split]), _rfc6962_root(leaves[split:])
    return hashlib.sha256(b"\x01" + left + right).digest()


def test_the_merkle_root_is_rfc6962_over_the_sorted_hashes_of_the_shards(signed: Path) -> None:
    manifest = json.loads((signed / "manifest.json").read_text())
    hashes = pl.concat(
        [pl.read_parquet(p, columns=["content_sha256"]) for p in (signed / "shards").glob("*")]
    )["content_sha256"]
    assert manifest["merkle_root"]["leaves"] == len(hashes) > 1000
    leaves = sorted(bytes.fromhex(digest) for digest in hashes)
    assert manifest["merkle_root"]["root"] == _rfc6962_root(leaves).hex()


def test_an_edited_policy_copy_is_caught_even_with_rehashed_files(
    tmp_path: Path, signed: Path
) -> None:
    target = copy(signed, tmp_path)
    policy = target / "policy.yaml"
    policy.write_text(
        policy.read_text().replace("categories: [non-commercial]", "categories: [restricted]")
    )
    _rehash(target)
    assert any("policy" in p for p in verify(target))


def test_wrong_and_malformed_keys(tmp_path: Path, signed: Path) -> None:
    _, other_public = keygen(tmp_path / "other")
    assert any("wrong public key" in p for p in verify(signed, other_public))
    bad = tmp_path / "bad.pub"
    bad.write_text("not a key")
    result = CliRunner().invoke(main, ["verify", str(signed), "--key", str(bad)])
    assert result.exit_code == 2 and "not a PEM public key" in result.output
    result = CliRunner().invoke(
        main,
        [
            "release",
            str(SAMPLES / "corpus"),
            "--policy",
            str(POLICY),
            "--out",
            str(tmp_path / "r"),
            "--sign-key",
            str(bad),
        ],
    )
    assert result.exit_code == 2 and "not a PEM private key" in result.output
    assert not (tmp_path / "r").exists()


# -- refusing bad starts ---------------------------------------------------------------------------


def test_a_policy_failing_its_tests_stops_before_anything_is_written(tmp_path: Path) -> None:
    broken = tmp_path / "policy.yaml"
    broken.write_text(
        POLICY.read_text().replace(
            "expect: {decision: include, rules: [open-licence]}", "expect: {decision: exclude}", 1
        )
    )
    with pytest.raises(UserError, match="fails its own test"):
        release([str(SAMPLES / "corpus")], broken, tmp_path / "out", **ARGS)
    assert not (tmp_path / "out").exists()


def test_a_foreign_folder_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(UserError, match="not a resumable release"):
        release([str(SAMPLES / "corpus" / "synthqa")], POLICY, out, **ARGS)
    assert (out / "notes.txt").read_text() == "mine" and len(list(out.iterdir())) == 1


def test_a_release_of_another_run_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    release([str(SAMPLES / "corpus" / "synthqa")], POLICY, out, **ARGS)
    other = SAMPLES / "policies" / "research-only.yaml"
    with pytest.raises(UserError, match="not a resumable release of this run"):
        release([str(SAMPLES / "corpus" / "synthqa")], other, out, **ARGS)


# -- resume after a real kill ---------------------------------------------------------------------


def _command(out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "provenance",
        "release",
        str(SAMPLES / "corpus"),
        "--policy",
        str(POLICY),
        "--sources",
        str(SAMPLES / "sources.yaml"),
        "--optout",
        str(SAMPLES / "optout.csv"),
        "--out",
        str(out),
        "--quiet",
    ]


def _kill_when(out: Path, records: int, timeout: float = 60) -> bool:
    """Start a release, SIGKILL it once `records` inputs are complete; False if it finished first."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        _command(out),
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and process.poll() is None:
            progress = out / ".progress"
            done = len(list(progress.glob("*.json"))) - 1 if progress.is_dir() else -1
            if done >= records:
                process.send_signal(signal.SIGKILL)
                process.wait()
                return True
            time.sleep(0.002)
        return False
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
@pytest.mark.parametrize("records", [0, 1, 5, 12])
def test_resume_after_sigkill_is_byte_identical(tmp_path: Path, records: int) -> None:
    reference = tmp_path / "reference"
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONPATH": str(REPO)}
    subprocess.run(_command(reference), cwd=REPO, env=environment, check=True, capture_output=True)
    out = tmp_path / "interrupted"
    assert _kill_when(out, records), "the release finished before it could be killed"
    assert not (out / "manifest.json").exists()
    rerun = subprocess.run(_command(out), cwd=REPO, env=environment, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert files(out) == files(reference)
    assert verify(out) == []


def test_inputs_whose_names_share_a_prefix_keep_their_own_outputs(tmp_path: Path) -> None:
    from conftest import doc, write_corpus_file

    from provenance.releasing.layout import is_shard_of

    assert is_shard_of("corpus__a.jsonl-00000.parquet", "corpus__a.jsonl")
    assert not is_shard_of("corpus__a.jsonl-2.jsonl-00000.parquet", "corpus__a.jsonl")
    corpus = tmp_path / "corpus"
    for name in ("a.jsonl", "a.jsonl-2.jsonl"):
        write_corpus_file(
            corpus / name, [doc(i, id=f"{name}-{i}", metadata={"license": "MIT"}) for i in range(5)]
        )
    out = tmp_path / "out"
    release([str(corpus)], POLICY, out, engine="serial")
    assert verify(out) == []
    assert len(list((out / "shards").iterdir())) == 2


def test_shards_stay_within_the_size_bound(tmp_path: Path) -> None:
    out = tmp_path / "release"
    release(
        [str(SAMPLES / "corpus" / "openpedia")],
        POLICY,
        out,
        shard_size=150_000,
        engine="serial",
        **ARGS,
    )
    shards = sorted((out / "shards").glob("*.parquet"))
    assert len(shards) > 4
    for path in shards:
        table = pq.read_table(path, columns=["text", "metadata"]).to_pydict()
        size = sum(
            len(t.encode()) + len(m.encode())
            for t, m in zip(table["text"], table["metadata"], strict=True)
        )
        assert size <= 150_000 or len(table["text"]) == 1
    ledger = pl.read_parquet(sorted((out / "ledger").glob("*.parquet")))
    placed = ledger.filter(pl.col("decision") == "include").select("shard", "shard_row")
    assert placed.n_unique() == placed.height  # every included document has its own place
