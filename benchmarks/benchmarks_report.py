"""Write one benchmark's section into BENCHMARKS.md, leaving the other sections as they are."""

from __future__ import annotations

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"
HEADER = "# Marsad benchmarks\n\nFigures written by the scripts in `benchmarks/` (`make bench`); never by tests.\n"


def replace_section(name: str, body: str, path: Path = BENCHMARKS) -> None:
    """Replace (or append) the text between <!-- name:start --> and <!-- name:end -->."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
