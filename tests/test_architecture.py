"""The layers hold: a pure core, storage and the Anki export beside it, the app's
services, the TUI and the CLI on top; no import cycles; no module over 500 lines.

The layers follow the folders (core/, storage/, anki/, tui/), so a new module is held
to its folder's rules the day it is added.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "studytool"


def modules_under(folder: str) -> list[str]:
    """Every module in a folder of the package, found on disk: a new module is checked
    the day it is added, without a list to keep by hand."""
    root = PACKAGE / folder
    return sorted(
        ".".join(("studytool", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for path in root.rglob("*.py")
    )


CORE = modules_under("core")
FORBIDDEN = ["textual", "sqlite_utils", "sqlite3", "genanki", "click", "platformdirs"]
# Storage sits beside the core: it may use SQLite (sqlite-utils brings click), never
# the UI or the exporter.
BESIDE_CORE = [*modules_under("storage"), "studytool.stats", "studytool.study_session"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_storage_or_export(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("module", BESIDE_CORE)
def test_storage_imports_no_ui(module: str) -> None:
    code = f"import sys, {module}; print([m for m in ('textual', 'genanki') if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_check_itself_can_fail() -> None:
    """Guard against a test that cannot fail: the CLI does import click."""
    code = "import sys, studytool.cli; print('click' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "True"


def test_package_import_is_light() -> None:
    code = "import sys, studytool; print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'yaml'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_the_study_app_starts_without_the_deck_validator() -> None:
    """Start-up speed: with unchanged decks the app never needs pydantic or YAML."""
    code = (
        "import sys, studytool.tui.app, studytool.tui.screens.deck_list, studytool.tui.screens.study; "
        "print(sorted(m for m in ('pydantic', 'yaml', 'textual_plotext') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_opening_an_up_to_date_database_does_not_load_sqlite_utils(tmp_path: Path) -> None:
    """sqlite-utils is for schema steps and tools; a daily start stays on plain sqlite3."""
    from datetime import UTC

    from studytool.storage import Store

    Store.open(tmp_path / "s.db", zone=UTC).close()  # creates the schema (with sqlite-utils)
    code = (
        "import sys; from datetime import UTC; from studytool.storage import Store; "
        f"Store.open({str(tmp_path / 's.db')!r}, zone=UTC).close(); "
        "print('sqlite_utils' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("module", modules_under("anki"))
def test_the_anki_export_imports_no_ui(module: str) -> None:
    code = f"import sys, {module}; print([m for m in ('textual', 'click') if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- the import graph, read from the source (imports under TYPE_CHECKING left out) --

MAX_MODULE_LINES = 500


def module_files() -> dict[str, Path]:
    """Every module of the package: dotted name -> file."""
    return {
        ".".join(("studytool", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
            ".__init__"
        ): path
        for path in PACKAGE.rglob("*.py")
    }


def _runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements anywhere in the code, functions included, except those under
    `if TYPE_CHECKING:`, which never run."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                yield from _runtime_imports(ast.Module(body=[child], type_ignores=[]))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _runtime_imports(node)


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports when it runs.

    `from studytool.storage import answers` imports the module studytool.storage.answers;
    `from studytool.storage import Store` imports the package studytool.storage.
    """
    files = module_files()
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        targets: set[str] = set()
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif node.module and node.level == 0:
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    targets.add(submodule if submodule in files else node.module)
        graph[module] = {target for target in targets if target in files} - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of a graph: its strongly connected components of two or more
    modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_of(module: str, graph: dict[str, set[str]] | None = None) -> str:
    """core, storage, anki and tui are folders; the cli folder on top. The other top-level modules
    are support (helpers such as paths and fileio, which import nothing of the package)
    or the app's services (sessions, stats, deck sources)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ("core", "storage", "anki", "tui"):
        return parts[1]
    if (len(parts) > 1 and parts[1] == "cli") or module == "studytool.__main__":
        return "cli"
    return "services" if (graph or import_graph())[module] else "support"


#: What each layer may import of the package: only what sits below it.
MAY_IMPORT = {
    "core": {"core"},
    "support": set(),
    "storage": {"core", "support", "storage"},
    "anki": {"core", "support", "storage", "anki"},
    "services": {"core", "support", "storage", "anki", "services"},
    "tui": {"core", "support", "storage", "anki", "services", "tui"},
    "cli": {"core", "support", "storage", "anki", "services", "tui", "cli"},
}


def test_no_import_cycles_among_the_packages_modules() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_check_itself_can_fail() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_imports_in_functions_count_and_those_under_type_checking_do_not() -> None:
    source = (
        "if TYPE_CHECKING:\n    import studytool.tui.app\ndef later():\n    import studytool.cli\n"
    )
    found = [ast.unparse(node) for node in _runtime_imports(ast.parse(source))]
    assert found == ["import studytool.cli"]


def test_every_module_imports_only_the_layers_below_it() -> None:
    graph = import_graph()
    layers = {module: layer_of(module, graph) for module in graph}
    wrong = [
        f"{module} ({layers[module]}) imports {target} ({layers[target]})"
        for module, targets in graph.items()
        for target in sorted(targets)
        if layers[target] not in MAY_IMPORT[layers[module]]
    ]
    assert wrong == []


def test_every_layer_has_modules() -> None:
    """A layer that matched nothing (a folder renamed, say) would pass every rule."""
    graph = import_graph()
    assert {layer_of(module, graph) for module in graph} == set(MAY_IMPORT)
    assert {"studytool.paths", "studytool.fileio"} <= {
        module for module in graph if layer_of(module, graph) == "support"
    }


def test_no_module_is_longer_than_500_lines() -> None:
    lengths = {
        module: len(path.read_text(encoding="utf-8").splitlines())
        for module, path in module_files().items()
    }
    assert {module: n for module, n in lengths.items() if n > MAX_MODULE_LINES} == {}


def _assigned_names(cls_node: ast.ClassDef) -> set[str]:
    """Names a class defines: in its body, and as `self.NAME = ...` in its methods."""
    names: set[str] = set()
    for node in cls_node.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    for node in ast.walk(cls_node):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            names.add(node.attr)
    return names


#: Textual's hooks and settings, which a screen or widget is meant to define.
_TEXTUAL_HOOKS = ("on_", "action_", "watch_", "_on_", "compose", "render", "get_", "check_")
_TEXTUAL_SETTINGS = {"BINDINGS", "CSS", "CSS_PATH", "DEFAULT_CSS", "TITLE", "SUB_TITLE"}


def shadowed_textual_names(module: str) -> list[str]:
    """Attributes a module's Textual classes define that Textual's own classes already
    have (setting `self.loading`, say, puts a widget behind a spinner)."""
    import importlib

    loaded = importlib.import_module(module)
    tree = ast.parse(module_files()[module].read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef) or not hasattr(loaded, node.name):
            continue
        textual = [
            base
            for base in getattr(loaded, node.name).__mro__
            if base.__module__.startswith("textual")
        ]
        for name in sorted(_assigned_names(node)):
            if name.startswith(_TEXTUAL_HOOKS) or name in _TEXTUAL_SETTINGS or name == "__init__":
                continue
            if any(name in vars(base) for base in textual):
                found.append(f"{module}.{node.name}.{name}")
    return found


@pytest.mark.parametrize("module", modules_under("tui"))
def test_screens_and_widgets_do_not_shadow_textuals_own_attributes(module: str) -> None:
    assert shadowed_textual_names(module) == []
