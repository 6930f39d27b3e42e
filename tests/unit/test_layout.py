"""The README's layout section and the tree agree: every package of the core and every module
in it is named there, and the layers listed are the import contracts' layers."""

from __future__ import annotations

import re
import tomllib

from helpers import ROOT


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How the code is laid out") :]
    return section[section.index("```\n") : section.index("\n```", section.index("```\n") + 4)]


def test_every_package_and_module_of_the_core_is_in_the_readme_layout() -> None:
    layout = _layout()
    words = set(re.findall(r"[a-z_]+", layout))
    for package in sorted(
        p for p in (ROOT / "assistant").iterdir() if (p / "__init__.py").exists()
    ):
        assert f"{package.name}/" in layout, package.name
        for module in package.rglob("*.py"):
            if module.stem != "__init__":
                assert module.stem in words, f"{package.name}/{module.name}"
    for module in (ROOT / "assistant").glob("*.py"):
        if module.stem not in ("__init__", "__main__"):
            assert f"{module.name}" in layout, module.name


def test_the_readme_names_the_contracts_layers_in_their_order() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    [core] = [c for c in contracts if c.get("containers") == ["assistant"]]
    layers = [layer for layer in core["layers"] if layer != "__main__"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert " > ".join(f"`{layer}`" for layer in layers) in " ".join(readme.split()), layers
