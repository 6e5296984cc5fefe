"""Layer rules: Qt lives only in solodesk.ui; reports take plain data (no SQL, models, store or sessions)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "solodesk"
HEADLESS = ["solodesk.models", "solodesk.store", "solodesk.services", "solodesk.reports", "solodesk.cli"]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_layers_do_not_load_qt(module: str) -> None:
    """Importing a headless layer (and everything it imports) loads no PySide6 module."""
    code = f"import sys, {module}; print([m for m in sys.modules if m.startswith('PySide6')])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_ui_imports_qt() -> None:
    """No source file outside solodesk/ui mentions PySide6 in an import, even lazily."""
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and any(name.split(".")[0] == "PySide6" for name in _imports(path))
    ]
    assert offenders == []


def test_models_and_store_do_not_import_services_or_ui() -> None:
    """The models and the store sit below the services and the UI: they import neither, even lazily."""
    above = ("solodesk.services", "solodesk.ui", "solodesk.cli")
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for layer in ("models", "store")
        for path in (PACKAGE / layer).rglob("*.py")
        if (found := sorted(n for n in _imports(path) if n.startswith(above)))
    }
    assert offenders == {}


def test_ui_does_not_touch_sql_or_sessions() -> None:
    """Widgets go through services: no sqlalchemy import and no .session( call in solodesk/ui."""
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if any(name.split(".")[0] == "sqlalchemy" for name in _imports(path)) or ".session(" in source:
            offenders.append(path.name)
    assert offenders == []


# What solodesk/reports may not import: it renders the plain read model it is handed.
STORAGE = ("sqlalchemy", "solodesk.models", "solodesk.store", "solodesk.services")


def _storage_imports(path: Path) -> list[str]:
    return sorted(n for n in _imports(path) if any(n == s or n.startswith(s + ".") for s in STORAGE))


def test_reports_take_plain_data_only() -> None:
    """No module in solodesk/reports imports sqlalchemy, the models, the store or services, or opens a session."""
    offenders = {}
    for path in (PACKAGE / "reports").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _storage_imports(path) + ([".session("] if ".session(" in source else [])
        if found:
            offenders[path.name] = found
    assert offenders == {}


def test_importing_every_report_loads_no_storage_module() -> None:
    """Lazy or indirect imports count too: loading every report module leaves sqlalchemy and the models unloaded."""
    modules = sorted(f"solodesk.reports.{p.stem}" for p in (PACKAGE / "reports").glob("*.py") if p.stem != "__init__")
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}]; "
        f"print(sorted(m for m in sys.modules if m.startswith({STORAGE!r})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_minute_builder_takes_only_the_read_model() -> None:
    """build_content is handed the conference's read model and nothing else: it names no ORM class or session."""
    import inspect

    from solodesk.services import minute_audiences, minute_content

    assert list(inspect.signature(minute_content.build_content).parameters) == ["snap"]
    assert list(inspect.signature(minute_audiences.with_audiences).parameters) == ["content", "snap"]
    for function in (minute_content.build_content, minute_audiences.with_audiences):
        source = inspect.getsource(function)
        assert "session" not in source and "Conference" not in source.replace("ConferenceSnapshot", "")


@pytest.mark.parametrize("script", sorted(p.name for p in (PACKAGE.parent / "bench").glob("*.py")))
def test_benchmarks_at_least_import(script: str) -> None:
    """Every benchmark script compiles and its imports resolve (they are run by hand, not in CI)."""
    import importlib.util

    path = PACKAGE.parent / "bench" / script
    compile(path.read_text(encoding="utf-8"), str(path), "exec")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("solodesk"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name) or importlib.util.find_spec(f"{node.module}.{alias.name}"), (
                    f"{script}: {node.module}.{alias.name}"
                )
