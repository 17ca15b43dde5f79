"""Older and other office formats (.doc, .wps, .rtf, .odt) → .docx through LibreOffice headless, when installed.

Offices still circulate Word 97–2003 files and Kingsoft WPS files (an OLE2 compound file in the Word 97 layout).
Reading those formats ourselves would mean a second, weaker Word reader; LibreOffice's filters are the best
maintained there are, and `soffice --convert-to docx` turns each into the .docx that `docx.py` reads. Each run has
its own throw-away profile (a staff member's open LibreOffice, or a second import at the same time, cannot block
it), works on a copy under a fixed name in a temporary folder (an uploaded name never reaches a command line), and
is bounded in time and, where `resource` exists, in memory (`MEMORY` of address space: the seed's .doc converts
within 1 GiB). The .docx it makes is then read like any other, in the importer's bounded child process.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

CONVERTED = {".doc": "Word 97-2003", ".wps": "WPS", ".rtf": "RTF", ".odt": "ODT", ".wpt": "WPS", ".dot": "Word"}
TIMEOUT = 60  # seconds; a bulletin converts in 2–3 (a fresh profile included)
MEMORY = 2 << 30  # bytes of address space for LibreOffice and its helpers
CANDIDATES = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
              r"C:\Program Files\LibreOffice\program\soffice.exe")


class NoLibreOffice(RuntimeError):
    """LibreOffice is not installed here: the file cannot be converted."""


class ConversionFailed(RuntimeError):
    """LibreOffice ran but made no .docx (a damaged file, or not the format its name says); the reason is
    LibreOffice's own output."""


def soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((c for c in CANDIDATES if os.path.isfile(c)), None)


def _limit_memory() -> None:
    """In LibreOffice's process, before it starts: its address space capped (never above a cap already set)."""
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY if hard == resource.RLIM_INFINITY else min(MEMORY, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def to_docx(path: Path, workdir: Path) -> Path:
    """Convert `path` to a .docx inside `workdir`; returns the .docx."""
    program = soffice()
    if program is None:
        raise NoLibreOffice(path.suffix)
    suffix = path.suffix.lower() if path.suffix.lower() in CONVERTED else ".doc"
    copy = workdir / f"source{suffix}"
    shutil.copyfile(path, copy)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=workdir))
    command = [program, "--headless", "--norestore", "--nolockcheck", "--nologo",
               f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(workdir / "out"), str(copy)]
    posix = os.name == "posix"
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
                          start_new_session=posix, preexec_fn=_limit_memory if posix else None) as run:
        try:
            stdout, stderr = run.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:  # the wrapper script and the soffice.bin it started, together
            if posix:
                os.killpg(run.pid, signal.SIGKILL)
            else:
                run.kill()
            run.communicate()
            raise ConversionFailed(f"timeout {TIMEOUT}s") from exc
    result = workdir / "out" / "source.docx"
    if not result.is_file():
        raise ConversionFailed((stderr or stdout).strip()[-300:] or f"exit {run.returncode}")
    return result
