"""``openai_kb.__version__``: the installed package's version, a source checkout's, or a valid placeholder."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import openai_kb

ROOT = Path(__file__).resolve().parents[1]


def _not_installed(name: str) -> str:
    raise importlib.metadata.PackageNotFoundError(name)


def test_version_is_the_installed_package_version() -> None:
    """openai_kb.__version__ is what the installed distribution's metadata says, and is in __all__."""
    assert openai_kb.__version__ == importlib.metadata.version("openai-kb")
    assert "__version__" in openai_kb.__all__


def test_a_source_checkout_never_installed_reads_its_pyproject(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no installed metadata, the version is the one pyproject.toml beside the package gives."""
    monkeypatch.setattr(importlib.metadata, "version", _not_installed)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{openai_kb._version()}"' in pyproject


def test_a_package_folder_alone_is_version_0_unknown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No metadata and no pyproject.toml of openai-kb beside the package: '0+unknown', a valid version."""
    monkeypatch.setattr(importlib.metadata, "version", _not_installed)
    monkeypatch.setattr(openai_kb, "__file__", str(tmp_path / "openai_kb" / "__init__.py"))
    assert openai_kb._version() == "0+unknown"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\nversion = "9.9"\n', encoding="utf-8")
    assert openai_kb._version() == "0+unknown"


def test_version_is_read_only_when_asked() -> None:
    """import openai_kb leaves importlib.metadata unimported; asking for __version__ reads it once."""
    probe = (
        "import sys, openai_kb; assert 'importlib.metadata' not in sys.modules; "
        "v = openai_kb.__version__; assert 'importlib.metadata' in sys.modules; "
        "assert openai_kb.__dict__['__version__'] == v; print(v)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=ROOT)
    assert (result.returncode, result.stdout, result.stderr) == (0, importlib.metadata.version("openai-kb") + "\n", "")


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    """openai_kb.nothing raises AttributeError naming the module and the attribute."""
    with pytest.raises(AttributeError) as raised:
        openai_kb.nothing  # noqa: B018  # the lookup is the test
    assert str(raised.value) == "module 'openai_kb' has no attribute 'nothing'"
