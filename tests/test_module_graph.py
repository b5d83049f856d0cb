"""The shape of the package: no import cycle among its modules (type-checking imports count too), and MkDocs
imported only by the plugin and its adapter folder, so the core can outlive MkDocs."""

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator"
MKDOCS_SIDE = ("generator.plugin", "generator.adapter")  # and the adapter's modules


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports, inside functions and ``if TYPE_CHECKING:`` blocks too."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            source = ".".join(part for part in (base, node.module) if part)
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)  # `from . import x`: a module
    return found


def graph() -> dict[str, set[str]]:
    return {name: imported(name, path) & MODULES.keys() - {name} for name, path in MODULES.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    done, path = set(), []

    def visit(module: str) -> list[str] | None:
        if module in path:
            return [*path[path.index(module):], module]
        if module in done:
            return None
        path.append(module)
        for target in sorted(edges[module]):
            if found := visit(target):
                return found
        path.pop()
        done.add(module)
        return None

    return next((found for module in sorted(edges) if (found := visit(module))), None)


def test_relative_imports_resolve_to_the_modules_named():
    assert {"generator.errors", "generator.i18n"} <= imported("generator.redirects", MODULES["generator.redirects"])
    assert "generator.content" in graph()["generator.site"]


def test_cycle_finds_a_circle_and_none_in_a_tree():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_imports_for_type_checking_and_from_a_subfolder_count(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..content import Bulletin\n"
                     "from . import pages\n", encoding="utf-8")
    assert {"generator.content", "generator.adapter.pages"} <= imported("generator.adapter.probe", probe)


def test_the_package_has_no_import_cycle():
    assert cycle(graph()) is None


def test_only_the_plugin_and_its_adapter_import_mkdocs():
    importers = sorted(name for name, path in MODULES.items()
                       if any(module.partition(".")[0] == "mkdocs" for module in imported(name, path)))
    assert "generator.plugin" in importers
    outside = [name for name in importers if name not in MKDOCS_SIDE and not name.startswith("generator.adapter.")]
    assert outside == []
