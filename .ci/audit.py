"""Dependency audit of the pinned locks: pip-audit, with a fallback for closed networks.

pip-audit asks PyPI's per-release JSON for vulnerabilities. Build networks that proxy PyPI
may answer only the per-package JSON (per-release: 404), and pip-audit then reports every
package as "not audited". The per-package JSON carries the vulnerabilities of the latest
release, so for every pin that is the latest release the check is still exact; pins behind the
latest are listed as not audited. Any vulnerability not explained below fails the audit.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

LOCKS = ["requirements.lock", "requirements-dev.lock"]
_CHROMA_SERVER = (
    "Chroma's HTTP server (no fixed release yet). The default deployment embeds Chroma in "
    "the API process and runs no Chroma server. In client/server mode the README requires "
    "`chroma run` bound to a private interface reachable only by the API replicas, and the "
    "API never sends embedding-function or trust_remote_code settings to it."
)
# Vulnerability id -> why it does not apply to this project.
EXPLAINED: dict[str, str] = {
    "GHSA-f4j7-r4q5-qw2c": _CHROMA_SERVER,
    "PYSEC-2026-311": _CHROMA_SERVER,
    "GHSA-2wm9-hf6c-p5cr": _CHROMA_SERVER,
    "PYSEC-2026-3813": _CHROMA_SERVER,
    "GHSA-36p7-vc44-83pf": _CHROMA_SERVER,
    "PYSEC-2026-3814": _CHROMA_SERVER,
    "GHSA-xph7-9rjv-w5fr": _CHROMA_SERVER + " Chroma's RBAC provider is not used.",
    "PYSEC-2026-3815": _CHROMA_SERVER + " Chroma's RBAC provider is not used.",
}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_audit(lock: Path) -> list[dict]:
    command = [sys.executable, "-m", "pip_audit", "-r", str(lock), "--no-deps", "--disable-pip"]
    command += ["--progress-spinner", "off", "-f", "json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return json.loads(done.stdout or "{}").get("dependencies", [])


def latest_release_vulns(name: str, version: str) -> list[dict] | None:
    """Vulnerabilities of the pinned release if it is PyPI's latest, else None."""
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=20) as reply:
            data = json.load(reply)
    except OSError:
        return None
    if data["info"]["version"] != version.split("+")[0]:
        return None
    return [v for v in data.get("vulnerabilities", []) if not v.get("withdrawn")]


def audit(lock: Path) -> tuple[list[tuple[str, str, str]], list[str], int]:
    """Findings (package, version, id), packages not audited, packages audited."""
    pins = {
        _canonical(name): version
        for name, version in (
            line.strip().split("==") for line in lock.read_text().splitlines() if "==" in line
        )
    }
    findings, unaudited, skipped = [], [], []
    for dep in pip_audit(lock):
        if "skip_reason" in dep:
            skipped.append(_canonical(dep["name"]))
        for vuln in dep.get("vulns", []):
            findings.append((dep["name"], dep["version"], vuln["id"]))
    with ThreadPoolExecutor(max_workers=8) as pool:
        fallback = pool.map(lambda n: latest_release_vulns(n, pins[n]), skipped)
        for name, vulns in zip(skipped, fallback, strict=True):
            if vulns is None:
                unaudited.append(f"{name}=={pins[name]}")
            findings += [(name, pins[name], v["id"]) for v in vulns or []]
    return findings, unaudited, len(pins) - len(unaudited)


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    failed = False
    explained = set()
    for name in LOCKS:
        findings, unaudited, audited = audit(root / name)
        print(f"audit {name}: {audited} packages audited, {len(findings)} vulnerabilities")
        for package, version, vuln_id in findings:
            known = vuln_id in EXPLAINED
            explained |= {vuln_id} if known else set()
            failed |= not known
            print(f"  {'explained' if known else 'VULNERABLE'} {package} {version}: {vuln_id}")
        if unaudited:
            print(f"  not audited (pin behind PyPI's latest release): {', '.join(unaudited)}")
    for why in dict.fromkeys(EXPLAINED[i] for i in sorted(explained)):
        ids = ", ".join(i for i in sorted(explained) if EXPLAINED[i] == why)
        print(f"why {ids} do not apply: {why}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
