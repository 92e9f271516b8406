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


def test_only_the_process_own_command_line_ends_the_process(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from smtools import cli

    ending: dict[str, int] = {}
    monkeypatch.setattr(cli, "_ENDING", ending)  # (else this test process would end so)
    assert main(["--help"]) == 0  # a caller's own list: the caller goes on
    assert ending == {}
    monkeypatch.setattr(sys, "argv", ["smtools", "ingest"])
    assert main() == 2  # the console script: the process ends with this code
    assert ending == {"code": 2}
    assert "Missing argument" in capsys.readouterr().err


@pytest.mark.parametrize("args, code", [(["clients"], 0),
                                        (["ingest", "missing.csv", "--client", "acme"], 2)])
def test_a_command_ends_with_its_code_and_messages_only(tmp_path: Path, args: list[str],
                                                        code: int) -> None:
    """The process skips the interpreter's tear-down after its exit handlers: the exit
    code and everything printed stay; nothing a library would say while torn down
    (DuckDB's bindings list what outlives them) is printed."""
    from smtools.workspace import Workspace
    from tests.conftest import outcomes_frame

    ws = Workspace(tmp_path / "w.duckdb")
    ws.upsert("outcomes", outcomes_frame())
    marker = tmp_path / "exit-handlers-ran"
    code_ = ("import atexit, sys\n"
             "from smtools import cli\n"
             f"atexit.register(lambda: open({str(marker)!r}, 'w').close())\n"
             "sys.exit(cli.main())\n")
    done = subprocess.run([sys.executable, "-c", code_, *args, "-w", str(ws.path)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == code
    assert marker.exists()  # the other exit handlers ran first
    if code == 0:
        assert "acme" in done.stdout and done.stderr == ""
    else:
        assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1


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
