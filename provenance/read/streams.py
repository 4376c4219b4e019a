"""Decompressed byte streams of input files that keep everything readable before damage.

A truncated or corrupt `.gz` / `.zst` file yields every byte that could be decompressed, then
raises `DamagedInput` with the compressed offset where reading stopped, so the reader can keep
the documents before the damage and report the rest.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import zstandard

from provenance.read.inputs import Compression

CHUNK_BYTES = 4 << 20
# Compressed bytes fed to the decompressor at a time: what a corrupt piece can take with it.
FEED_BYTES = 64 << 10


class DamagedInput(Exception):
    """The compressed stream ends early or is corrupt at `compressed_offset`."""

    def __init__(self, message: str, compressed_offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.compressed_offset = compressed_offset


def _new_decompressor(compression: Compression):
    if compression == "gzip":
        return zlib.decompressobj(wbits=31)
    return zstandard.ZstdDecompressor().decompressobj()


def _decompress(decompressor, piece: bytes) -> tuple[list[bytes], object, Exception | None]:
    """Decompress a piece; on corruption, keep the output of every byte before the bad one.

    zlib decompressors can be copied, so a failing piece is retried half by half from a copy
    taken before it; zstd decompressors cannot, and lose at most one piece.
    """
    checkpoint = decompressor.copy() if hasattr(decompressor, "copy") else None
    try:
        return [decompressor.decompress(piece)], decompressor, None
    except (zlib.error, zstandard.ZstdError) as error:
        if checkpoint is None or len(piece) <= 1:
            return [], decompressor, error
        half = len(piece) // 2
        first, state, failure = _decompress(checkpoint, piece[:half])
        if failure is not None:
            return first, state, failure
        second, state, failure = _decompress(state, piece[half:])
        return first + second, state, failure or error


def read_chunks(
    path: str, compression: Compression, start: int = 0, stop: int | None = None
) -> Iterator[bytes]:
    """Yield the (decompressed) bytes of a file in chunks; plain files from `start` to `stop`."""
    with open(path, "rb") as handle:
        if compression is None:
            handle.seek(start)
            left = None if stop is None else stop - start
            while left is None or left > 0:
                chunk = handle.read(CHUNK_BYTES if left is None else min(CHUNK_BYTES, left))
                if not chunk:
                    break
                if left is not None:
                    left -= len(chunk)
                yield chunk
            return
        decompressor = _new_decompressor(compression)
        consumed = 0
        pending = b""
        while True:
            data = pending or handle.read(FEED_BYTES)
            pending = b""
            if not data:
                break
            outputs, decompressor, error = _decompress(decompressor, data)
            yield from (out for out in outputs if out)
            if error is not None:
                raise DamagedInput(
                    f"corrupt {compression} data within compressed bytes "
                    f"{consumed}-{consumed + len(data)} ({error})",
                    consumed,
                )
            if decompressor.eof:
                # A member / frame ended: more may follow (concatenated gzip members, zstd frames).
                rest = decompressor.unused_data
                consumed += len(data) - len(rest)
                if not rest:
                    rest = handle.read(FEED_BYTES)
                    if not rest:
                        return
                if rest.strip(b"\0"):
                    pending = rest
                    decompressor = _new_decompressor(compression)
                # else: zero padding after the last member, as some writers leave; read on.
            else:
                consumed += len(data)
        if not decompressor.eof:
            raise DamagedInput(
                f"the {compression} stream ends unexpectedly at compressed byte {consumed} "
                "(truncated file)",
                consumed,
            )
