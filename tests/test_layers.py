"""The package's imports run one way: archive → site/search (and the importer) → preview/editor → plugin/cli.

Read from the source with `ast` (imports inside functions too), so a module that reaches across a layer fails
here naming both ends, before anyone has to untangle it. Shared helpers — messages, the caches and fingerprint,
the cycle collector's settings, process lifetime, the MkDocs adapter — sit below everything and import none of
the layers. Only engine.py imports MkDocs (docs/decisions.md, "MkDocs behind one module").
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "bulletin"

SHARED = {"messages", "cache", "gc_control", "lifecycle", "engine", "__init__"}
RANK = {"shared": 0, "archive": 1, "site": 2, "search": 2, "importer": 2, "tools": 2,
        "preview": 3, "editor": 3, "config": 3, "plugin": 4, "cli": 4, "__main__": 5}


def layer(module: str) -> str:
    """`bulletin.site.pages` → site; `bulletin.messages` → shared."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return "shared" if top in SHARED else top


def imports() -> list[tuple[str, str]]:
    """(importing module, imported module) for every import in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found += [(module, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((module, node.module))
                if node.module == "bulletin":  # `from bulletin import x`: x is a module
                    found += [(module, f"bulletin.{alias.name}") for alias in node.names]
    return found


def test_the_walk_sees_the_package():
    edges = imports()
    assert ("bulletin.plugin", "bulletin.preview.state") in edges and len(edges) > 200


def test_imports_run_one_way():
    wrong = []
    for source, target in imports():
        if not target.startswith("bulletin.") or target == "bulletin":
            continue
        here, there = layer(source), layer(target)
        if here == there:
            continue
        if RANK[there] >= RANK[here]:  # a layer imports only from those below it, never beside or above
            wrong.append(f"{source} ({here}) imports {target} ({there})")
    assert wrong == []


def test_shared_helpers_import_no_layer():
    wrong = [f"{s} imports {t}" for s, t in imports()
             if layer(s) == "shared" and t.startswith("bulletin.") and layer(t) != "shared"]
    assert wrong == []


def test_only_the_engine_module_imports_mkdocs():
    wrong = [f"{s} imports {t}" for s, t in imports()
             if (t == "mkdocs" or t.startswith("mkdocs.")) and s != "bulletin.engine"]
    assert wrong == []


def _store(value: ast.expr | None) -> bool:
    """A module-level value that can only be there to be filled: a cache instance, an empty dict, list or set."""
    caches = {"PageCache", "FileCache", "StampCache", "TemplateCache", "Memo", "LoadCaches", "SiteRecord"}
    if isinstance(value, ast.Call):
        name = getattr(value.func, "id", "")
        return name in caches or (name in {"dict", "list", "set", "defaultdict", "OrderedDict"} and not value.args)
    if isinstance(value, ast.Dict):
        return not value.keys
    return isinstance(value, ast.List) and not value.elts


def test_the_layers_below_the_plugin_keep_no_state_of_their_own():
    """What lives across rebuilds is the preview's state (preview/state.py), made by the plugin: no module of the
    archive, site, search or preview keeps a store at module level."""
    wrong = []
    for folder in ("archive", "site", "search", "preview"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for node in ast.parse(path.read_text("utf-8")).body:
                if isinstance(node, (ast.Assign, ast.AnnAssign)) and _store(node.value):
                    wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert wrong == []
