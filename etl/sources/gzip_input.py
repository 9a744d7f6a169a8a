"""A `.gz` dataset file decompressed to a private temporary file, as a stream with two limits.

    with plain_file(Path("acled.csv.gz"), max_bytes=4e9, max_ratio=100) as plain:
        ...  # plain: the decompressed copy (deleted afterwards); the path itself when not .gz

Decompression stops and the file is refused (InputError naming the user's file, never the temporary
path) as soon as the output passes `max_bytes` (settings.gzip_max_bytes) or expands more than
`max_ratio` times the compressed bytes read so far (settings.gzip_max_ratio, once past RATIO_GRACE
bytes: small files of repeated rows may expand a lot). A disk that fills says "disk full".
"""

from __future__ import annotations

import contextlib
import errno
import tempfile
import zlib
from pathlib import Path
from typing import Iterator

from etl.errors import InputError

CHUNK = 1 << 20
RATIO_GRACE = 16 << 20


@contextlib.contextmanager
def plain_file(path: Path, *, max_bytes: int, max_ratio: float) -> Iterator[Path]:
    """The path itself, or a decompressed temporary copy of a .gz file (see the module)."""
    if path.suffix.lower() != ".gz":
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="marsad-") as tmp:
        target = Path(tmp) / path.stem
        try:
            _decompress(path, target, max_bytes, max_ratio)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise InputError(f"{path}: disk full: no space left in the temporary folder {tempfile.gettempdir()} "
                                 "to decompress it; the store is unchanged") from None
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        yield target


def _decompress(path: Path, target: Path, max_bytes: int, max_ratio: float) -> None:
    """Inflate every gzip member of `path` into `target`, CHUNK bytes of output at a time."""
    read = written = 0
    pending, inflate, open_member = b"", None, False
    with path.open("rb") as src, target.open("wb") as dst:
        while True:
            if not pending:
                pending = src.read(CHUNK)
                read += len(pending)
                if not pending:
                    break
            if inflate is None:
                if not pending.strip(b"\x00"):  # padding after the last member
                    pending = b""
                    continue
                inflate, open_member = zlib.decompressobj(16 + zlib.MAX_WBITS), True
            try:
                out = inflate.decompress(pending, CHUNK)
            except zlib.error as exc:
                raise InputError(f"{path}: not a readable gzip file ({exc})") from None
            pending = inflate.unconsumed_tail
            written += len(out)
            if written > max_bytes:
                raise InputError(f"{path}: decompresses to more than {max_bytes:,} bytes (the limit "
                                 "MARSAD_GZIP_MAX_BYTES); refused")
            if written > RATIO_GRACE and written > max_ratio * read:
                raise InputError(f"{path}: expands more than {max_ratio:g} times when decompressed (the limit "
                                 "MARSAD_GZIP_MAX_RATIO; a compression bomb?); refused")
            dst.write(out)
            if inflate.eof:
                pending, inflate, open_member = inflate.unused_data + pending, None, False
    if open_member:
        raise InputError(f"{path}: not a readable gzip file (it ends too early: truncated?)")
    if written == 0 and read == 0:
        raise InputError(f"{path}: the file is empty (0 bytes)")
