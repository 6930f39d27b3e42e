"""OCR of PDF pages without a text layer, with tesseract run as a subprocess.

One tesseract process per page with OMP_THREAD_LIMIT=1, several pages at once: on two cores
this is ~6x faster than letting one tesseract spread its threads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cached_property
from pathlib import Path

import numpy as np


def _pgm(pixels: np.ndarray) -> bytes:
    height, width = pixels.shape[:2]
    return b"P5 %d %d 255\n" % (width, height) + np.ascontiguousarray(pixels[:, :, 0]).tobytes()


class Ocr:
    """Recognises scanned pages; reports a clear warning when it cannot."""

    def __init__(self, lang: str = "ces", dpi: int = 300, workers: int = 0, timeout: float = 120):
        self.lang = lang
        self.dpi = dpi
        self.workers = workers or os.cpu_count() or 1
        self.timeout = timeout

    @cached_property
    def problem(self) -> str:
        """Why OCR cannot run here, or an empty string when it can."""
        exe = shutil.which("tesseract")
        if not exe:
            return "OCR není k dispozici: program tesseract není nainstalován (tesseract-ocr)"
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True).stdout
        if self.lang not in listed.split():
            return f"OCR není k dispozici: chybí jazyková data tesseractu '{self.lang}'"
        return ""

    def _recognise(self, image: bytes) -> str:
        result = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", self.lang, "--psm", "3"],
            input=image,
            capture_output=True,
            timeout=self.timeout,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
        if result.returncode:
            raise RuntimeError(result.stderr.decode("utf-8", "replace").strip()[-200:])
        return result.stdout.decode("utf-8", "replace")

    def pages(self, path: Path, indices: list[int]) -> tuple[dict[int, str], list[str]]:
        """Text of the given 0-based pages, and a warning for each page left unread.

        PDFium is not thread-safe, so pages are rendered here one by one while tesseract
        processes recognise earlier pages; at most `workers + 1` images wait in memory.
        """
        if self.problem:
            return {}, [f"strana {i + 1}: nemá čitelný text; {self.problem}" for i in indices]
        import pypdfium2 as pdfium

        texts: dict[int, str] = {}
        warnings: list[str] = []
        pending: deque[tuple[int, Future[str]]] = deque()

        def collect(index: int, future: Future[str]) -> None:
            try:
                texts[index] = future.result()
            except Exception as exc:
                warnings.append(f"strana {index + 1}: OCR selhalo ({exc})")

        doc = pdfium.PdfDocument(path)
        try:
            with ThreadPoolExecutor(self.workers) as pool:
                for i in indices:
                    try:
                        bitmap = doc[i].render(scale=self.dpi / 72, grayscale=True)
                        image = _pgm(bitmap.to_numpy().reshape(bitmap.height, bitmap.width, -1))
                    except Exception as exc:
                        warnings.append(f"strana {i + 1}: stránku nelze vykreslit ({exc})")
                        continue
                    pending.append((i, pool.submit(self._recognise, image)))
                    while len(pending) > self.workers:
                        collect(*pending.popleft())
                while pending:
                    collect(*pending.popleft())
        finally:
            doc.close()
        return texts, warnings
