"""write() into a workspace, and the time the demo clients take."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import smtools as sm
import smtools.synth as synth


def test_write_round_trip(tmp_path: Path, generated) -> None:
    ws = sm.Workspace(tmp_path / "ws.duckdb")
    clients = tmp_path / "clients"
    data = synth.write(ws, "bistro-lumiere", seed=0, clients_dir=clients)
    expected = generated("bistro-lumiere", 0)
    for name, frame in expected.tables.items():
        assert len(ws.table(name, client="bistro-lumiere")) == len(frame), name
    assert ws.truth("bistro-lumiere") == expected.truth == data.truth
    written = clients / "bistro-lumiere.yaml"
    assert written.read_text(encoding="utf-8") == synth.brief_yaml("bistro-lumiere")
    assert sm.Brief.from_yaml(written).to_dict() == expected.brief.to_dict()

    # writing again (another seed) replaces the client's data and keeps an existing brief
    written.write_text(written.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    other = synth.write(ws, "bistro-lumiere", seed=1, clients_dir=clients)
    for name, frame in other.tables.items():
        assert len(ws.table(name, client="bistro-lumiere")) == len(frame), name
    assert ws.truth("bistro-lumiere")["seed"] == 1
    assert written.read_text(encoding="utf-8").endswith("# edited\n")


def test_write_without_clients_dir_writes_no_brief(tmp_path: Path) -> None:
    ws = sm.Workspace(tmp_path / "ws.duckdb")
    synth.write(ws, "client-02", seed=0)
    assert ws.clients() == ["client-02"]
    assert not list(tmp_path.glob("*.yaml"))


def test_three_demo_clients_generate_fast(generated, synth_timings, capsys) -> None:
    start = time.perf_counter()
    for slug in synth.demo_clients():
        synth.generate(slug, seed=7)
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n[synth] generate() of the 3 demo clients: {elapsed:.2f} s")
    assert elapsed < 30


@pytest.mark.parametrize("slug", ["cloudledger"])
def test_truth_matches_after_storage(tmp_path: Path, slug: str) -> None:
    ws = sm.Workspace(tmp_path / "w.duckdb")
    data = synth.write(ws, slug, seed=4)
    stored = ws.truth(slug)
    assert stored["media"]["channels"] == data.truth["media"]["channels"]
    perf = ws.table("performance", client=slug)
    assert perf["spend"].sum() == pytest.approx(data.truth["media"]["total_spend"])
