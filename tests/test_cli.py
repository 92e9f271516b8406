"""The command line: help, exit codes, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smtools.cli import main


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for command in ("ingest", "demo-data", "clients", "explore", "demo"):
        assert command in text


def test_data_error_is_one_line_with_exit_2(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ingest", str(tmp_path / "missing.csv"), "--client", "acme",
                 "-w", str(tmp_path / "w.duckdb")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "missing.csv" in err and "no such file" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--debug", "ingest", str(tmp_path / "missing.csv"), "--client", "acme",
                 "-w", str(tmp_path / "w.duckdb")])
    assert code == 2
    assert "Traceback" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest"]) == 2
    assert main(["ingest", "x.csv", "--client", "acme", "--source", "myspace"]) == 2
    assert "myspace" in capsys.readouterr().err


def test_console_script_runs() -> None:
    exe = Path(sys.executable).parent / "smtools"
    done = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "ingest" in done.stdout


def test_only_the_process_own_command_line_freezes_the_heap_at_its_end(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import gc

    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    assert main(["--help"]) == 0  # a caller's own list: the caller goes on
    assert frozen == []
    monkeypatch.setattr(sys, "argv", ["smtools", "--help"])
    assert main() == 0  # the console script: the process ends now
    assert frozen == [1]
    assert "ingest" in capsys.readouterr().out


def test_batch_checks_its_names_before_any_kernel_starts(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from smtools import kernels

    started: list[object] = []
    monkeypatch.setattr(kernels, "Kernel", lambda **kw: started.append(kw))
    where = ["--workspace", str(tmp_path / "w.duckdb"), "--reports-dir", str(tmp_path / "r")]
    assert main(["batch", "../evil", *where]) == 2
    assert main(["batch", "acme", "--kind", "plan,budget", *where]) == 2
    assert started == []
    assert not (tmp_path / "r").exists()
