"""The installer files agree with the source tree (cheap: nothing is built)."""

import ast
import configparser
import importlib.util
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from solodesk import APP_ID, APP_NAME, paths
from solodesk.store import migrate

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "solodesk.spec"
DESKTOP = INSTALLER / f"{APP_ID}.desktop"
GENERATED = {"build/solodesk.icns"}  # made on the Mac by the steps in installer/macos.md


def _spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"))


def _root_paths(tree: ast.Module) -> set[str]:
    """Every ``ROOT / "a" / "b"`` chain in the spec, as a relative path."""
    found: set[str] = set()

    def parts(node: ast.expr) -> list[str] | None:
        if isinstance(node, ast.Name) and node.id == "ROOT":
            return []
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            head = parts(node.left)
            if head is not None and isinstance(node.right, ast.Constant) and isinstance(node.right.value, str):
                return [*head, node.right.value]
        return None

    for node in ast.walk(tree):
        chain = parts(node) if isinstance(node, ast.BinOp) else None
        if chain:
            found.add("/".join(chain))
    return found


def _string_list(tree: ast.Module, name: str) -> list[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            assert isinstance(node.value, ast.List)
            return [e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    raise AssertionError(f"{name} not found in the spec")


def test_spec_references_only_existing_files() -> None:
    """Every path the spec builds from the repository root exists (resources, migrations, icons, desktop file)."""
    referenced = _root_paths(_spec_tree())
    assert {
        "resources",
        "solodesk/store/migrations",
        "installer/windows/solodesk.ico",
        "installer/launcher.py",
        f"installer/{APP_ID}.desktop",
    } <= referenced
    # A chain such as ROOT / "build" / "x.icns" also yields its prefix "build": a generated folder too.
    generated = GENERATED | {g.rsplit("/", 1)[0] for g in GENERATED}
    missing = sorted(p for p in referenced - generated if not (ROOT / p).exists())
    assert missing == []


def test_resources_land_where_the_frozen_app_looks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The spec puts resources/ at <bundle>/resources, which is what resources_dir() reads when frozen."""
    assert '(str(ROOT / "resources"), "resources")' in SPEC.read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


def test_migrations_are_collected_at_their_package_path() -> None:
    """Migration scripts keep their path relative to the root, so MIGRATIONS_DIR resolves in the bundle too."""
    assert migrate.MIGRATIONS_DIR.relative_to(ROOT).as_posix() == "solodesk/store/migrations"
    assert "script.parent.relative_to(ROOT)" in SPEC.read_text(encoding="utf-8")
    assert (migrate.MIGRATIONS_DIR / "env.py").is_file()
    assert len(list((migrate.MIGRATIONS_DIR / "versions").glob("0*.py"))) >= 3


def test_hidden_imports_exist() -> None:
    """Every hidden import the spec names (keyring backends, sqlcipher3, QtPdf...) is a real module."""
    names = _string_list(_spec_tree(), "hiddenimports")
    for backend in ("SecretService", "kwallet", "Windows", "macOS", "fail", "chainer"):
        assert f"keyring.backends.{backend}" in names
    assert {"sqlcipher3", "PySide6.QtPdf"} <= set(names)
    missing = [name for name in names if importlib.util.find_spec(name) is None]
    assert missing == []


def test_excludes_keep_the_used_qt_modules() -> None:
    """WebEngine is excluded from the bundle, and no Qt module the app uses is."""
    excluded = set(_string_list(_spec_tree(), "QT_EXCLUDES"))
    assert {"QtWebEngineCore", "QtWebEngineWidgets", "QtQuick", "Qt3DCore"} <= excluded
    assert not {"QtCore", "QtGui", "QtWidgets", "QtPdf", "QtPdfWidgets", "QtSvg"} & excluded


def test_desktop_file_has_the_required_keys() -> None:
    """The desktop entry names the app, its executable and its icon, and is a GUI application."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Exec"].split()[0] == "solodesk"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert (ROOT / "resources" / "icons" / f"{entry['Icon']}.png").is_file()
    assert (ROOT / "resources" / "icons" / f"{entry['Icon']}.svg").is_file()


def test_windows_icon_is_a_multi_size_ico() -> None:
    """installer/windows/solodesk.ico is an ICO holding a 256 px and a 16 px image."""
    data = (INSTALLER / "windows" / "solodesk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes


def _spec_executables_on_windows() -> dict[str, bool]:
    """Return {exe name: console?} for the executables the spec builds on Windows, read from its syntax tree."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    found: dict[str, bool] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.If):
            continue
        condition = ast.unparse(node.test).lower()
        if "win" not in condition:
            continue
        for call in ast.walk(ast.Module(body=node.body, type_ignores=[])):
            if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "_exe":
                name = ast.literal_eval(call.args[0])
                console = next(ast.literal_eval(k.value) for k in call.keywords if k.arg == "console")
                found[name] = console
    return found


def _iss_defines(iss: str) -> dict[str, str]:
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', iss, re.M))


def test_inno_setup_starts_the_windowed_exe_the_spec_builds() -> None:
    """The Windows setup's start-menu entry runs an exe the spec really builds, and the windowed one.

    A console exe there would open a terminal window behind the app; an exe the spec does not
    build would leave a dead shortcut.
    """
    executables = _spec_executables_on_windows()
    assert executables, "the spec builds nothing on Windows"
    iss = (INSTALLER / "windows" / "solodesk.iss").read_text(encoding="utf-8")
    app_exe = _iss_defines(iss)["AppExe"]
    assert app_exe.removesuffix(".exe") in executables
    assert executables[app_exe.removesuffix(".exe")] is False
    assert True in executables.values(), "no console exe for the headless commands"
    icon = re.search(r"^SetupIconFile=(.+)$", iss, re.M)
    assert icon and (INSTALLER / "windows" / icon.group(1).strip()).is_file()


def test_build_and_check_scripts_are_committed_executable() -> None:
    """The shell scripts are committed with the executable bit, so `installer/build_linux.sh` runs as documented."""
    modes = subprocess.run(
        [
            "git",
            "ls-files",
            "-s",
            *(f"installer/{name}.sh" for name in ("build_linux", "check_bundle", "install_linux")),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert [line.split()[0] for line in modes if line] == ["100755"] * 3


def test_spec_excludes_no_runtime_dependency() -> None:
    """No package the app needs at run time (pyproject dependencies) is in the spec's exclusion list."""
    import tomllib

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    modules = {re.split(r"[<>=!~ \[]", dep)[0].lower().replace("-", "_") for dep in dependencies}
    spec = (ROOT / "installer" / "solodesk.spec").read_text()
    exclusions = spec[spec.index("excludes = ") : spec.index("a = Analysis")]
    excluded = {name.lower() for name in re.findall(r'"([A-Za-z0-9_.]+)"', exclusions)}
    assert modules & excluded == set()
