"""Bad files in a batch: a one-line skip or a warning each, and the rest is still stored."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pypdfium2 as pdfium
import pytest

from carbonnodes.corpus import ingest_policies, load_documents, load_measures
from carbonnodes.store import Store
from corpus._files import seed_path
from corpus._pdf import pdf_bytes


def _blank_pdf() -> bytes:
    """A PDF whose only page carries no text layer, as a scanned document would."""
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    """A minimal PDF under the standard security handler whose password nobody knows."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
        + b"> /P -44 >>",
    ]
    file_id = b"<" + b"ab" * 16 + b">"
    return pdf_bytes(objects, b" /Encrypt 4 0 R /ID [%s %s]" % (file_id, file_id))


def test_bad_files_are_reported_and_the_rest_of_the_batch_is_stored(
    shared: Path, tmp_path: Path, store: Store
) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "empty.txt").write_bytes(b"")
    (batch / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    (batch / "undecodable.txt").write_bytes(b"policy \x81\x20\xff\xff text " * 20)
    (batch / "scanned.pdf").write_bytes(_blank_pdf())
    (batch / "locked.pdf").write_bytes(_encrypted_pdf())
    (batch / "broken.pdf").write_bytes(b"%PDF-1.7 this is not a PDF body")
    undated = "天津市测试通知\n一、加快推广新能源汽车。\n"
    (batch / "undated.txt").write_text(undated, encoding="utf-8")

    report = ingest_policies(store, [batch, seed_path(shared, "001")])

    skipped = "\n".join(report.skipped)
    assert len(report.skipped) == 5, skipped
    assert all("\n" not in line for line in report.skipped)
    assert "empty.txt: empty file" in skipped
    assert "garbage.txt: binary file" in skipped
    assert "undecodable.txt: undecodable text" in skipped
    assert "locked.pdf: password-protected PDF" in skipped
    assert "broken.pdf: unreadable PDF" in skipped
    assert sorted(report.stored) == ["001_9dd9838cf756847a", "scanned", "undated"]
    documents = {d.id: d for d in load_documents(store)}
    assert any("image-only PDF" in w for w in documents["scanned"].warnings)
    assert any("no date" in w for w in documents["undated"].warnings)
    assert len(load_measures(store, doc_id="001_9dd9838cf756847a")) == 56


def test_bad_json_records_are_skipped_one_by_one(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "records.jsonl"
    good = '{"id": "rec-1", "text": "天津市测试方案\\n2021年3月1日\\n一、推广新能源汽车。"}'
    path.write_text("\n".join([good, "{not json", '{"id": "rec-2"}']) + "\n", encoding="utf-8")
    report = ingest_policies(store, [path])
    assert report.stored == ("rec-1",)
    assert [line.split(": ", 1)[0] for line in report.skipped] == [f"{path}:2", f"{path}:3"]


def test_a_failed_write_leaves_the_store_as_it_was(
    shared: Path, store: Store
) -> None:
    store.con.execute("DROP TABLE targets")  # the write of targets will fail mid-batch
    with pytest.raises(duckdb.Error):
        ingest_policies(store, [seed_path(shared, "001")])
    assert store.con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    assert store.con.execute("SELECT count(*) FROM measures").fetchone() == (0,)
    assert store.con.execute("SELECT count(*) FROM ingests").fetchone() == (0,)
