"""Rebuild the README gallery: page 1 of each briefing as a small PNG (issue #14).

Run on demand from anywhere: ``python docs/gallery/build.py``. It converts the seed, the
five hard cases of ``tests/data/briefs/`` (DOCX and PDF) and the one-script articles of
``tests/data/briefs/scripts/`` (PDF) with the ``docexport`` command line, as a user would,
then renders page 1 of each: the PDF directly with poppler's ``pdftoppm``, the DOCX
through LibreOffice (``soffice --headless --convert-to pdf``) first, so the DOCX pictures
show what a Word user's colleague sees in another consumer, not our own PDF writer.

Needs LibreOffice and poppler-utils (system packages) and Pillow (palette PNGs about a
third the size of pdftoppm's RGB ones; without it the PNGs are kept as rendered).
``SOURCE_DATE_EPOCH`` is fixed so the documents, and so the pictures, are the same on
every run with the same tree and tools.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BRIEFS = REPO / "tests" / "data" / "briefs"

CASES = {
    "seed": REPO / "seeds" / "pentagon-iraq-raid.txt",
    **{
        name: BRIEFS / f"{name}.txt"
        for name in ("short", "long", "multiscript", "numbers", "quotes")
    },
}
SCRIPTS = {
    name: BRIEFS / "scripts" / f"{name}.txt"
    for name in ("arabic", "hebrew", "hindi", "thai", "chinese")
}

DPI = 60
"""Small for a README (10-40 kB a page as a 64-colour palette), enough to see the layout."""
EPOCH = "1735689600"  # 2025-01-01T00:00:00Z: the generation date printed on every page


def convert(source: Path, out: Path, env: dict[str, str]) -> None:
    """``source`` to ``out`` (format from the suffix) with the docexport command line."""
    fmt = out.suffix.lstrip(".")
    command = [sys.executable, "-m", "docexport", "convert", str(source), "--to", fmt]
    done = subprocess.run(
        [*command, "-o", str(out), "--force"], env=env, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"build.py: {source.name}: {done.stderr.decode().strip()}")


def docx_to_pdf(docx: Path, work: Path) -> Path:
    """LibreOffice's PDF of ``docx``, with a private profile (no clash with a running one)."""
    profile = (work / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work / "lo"), str(docx)],
        check=True, capture_output=True,
    )  # fmt: skip
    return work / "lo" / f"{docx.stem}.pdf"


def page_one_png(pdf: Path, png: Path) -> None:
    """Page 1 of ``pdf`` at :data:`DPI` as ``png``, reduced to a palette when Pillow is there."""
    prefix = png.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile",
         str(pdf), str(prefix)],
        check=True,
    )  # fmt: skip
    try:
        from PIL import Image  # noqa: PLC0415 - optional: only shrinks the files
    except ImportError:
        return
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(
            colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(png, optimize=True)


def main() -> int:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            sys.stderr.write(f"build.py: {tool} is not installed (LibreOffice / poppler-utils)\n")
            return 1
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TZ": "UTC"}
    jobs = [(name, source, ("docx", "pdf")) for name, source in CASES.items()]
    jobs += [(name, source, ("pdf",)) for name, source in SCRIPTS.items()]
    with tempfile.TemporaryDirectory(prefix="docexport-gallery-") as tmp:
        work = Path(tmp)
        for name, source, formats in jobs:
            for fmt in formats:
                document = work / f"{name}.{fmt}"
                convert(source, document, env)
                pdf = docx_to_pdf(document, work) if fmt == "docx" else document
                png = HERE / f"{name}-{fmt}.png"
                page_one_png(pdf, png)
                sys.stdout.write(f"{png.name:22} {png.stat().st_size / 1024:5.0f} kB\n")
    total = sum(p.stat().st_size for p in HERE.glob("*.png"))
    sys.stdout.write(f"{'total':22} {total / 1e6:5.2f} MB\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
