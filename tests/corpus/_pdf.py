"""Hand-built PDF files for the reader tests: the objects differ, the file layout does not."""

from __future__ import annotations


def pdf_bytes(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF 1.4 file of ``objects`` (numbered from 1, the first the catalog), with a cross
    reference table; ``trailer`` adds entries to the trailer dictionary."""
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(data)
