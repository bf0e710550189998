"""Forked kernels: a process of their own per notebook, the outputs of a fresh kernel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbclient import NotebookClient

from claimbook import inputs, kernels, paths, runner

# The first cell of every probe notebook: what a notebook can tell of the process it runs in.
PROBE = (
    "import os, sys\n"
    "preloaded = 'pandas' in sys.modules\n"
    "import claimbook.params as p\n"
    "print(os.getpid(), os.getcwd(), preloaded, hasattr(p, 'LEAK'), 'leaked' in globals())"
)
# A second cell that leaves state behind: a global, and an attribute set on a package module.
LEAVE_STATE = "p.LEAK = 1\nleaked = 1"


def probe(cwd: Path) -> list[str]:
    """Run the probe notebook in `cwd` with the runner's kernel manager; its printed fields."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(PROBE), nbformat.v4.new_code_cell(LEAVE_STATE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    client = NotebookClient(
        nb,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        kernel_manager_class=kernels.manager_class(),
        timeout=120,
    )
    client.execute()
    return nb.cells[0].outputs[0]["text"].split()


def test_each_notebook_gets_a_fresh_forked_process_in_its_own_directory(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    with kernels.server():
        first = probe(a)
        second = probe(b)
    # Forked from the server: pandas already imported before the notebook's first line.
    assert first[1:] == [str(a), "True", "False", "False"]
    # The first notebook's global and its change to a package module did not reach the second.
    assert second[1:] == [str(b), "True", "False", "False"]
    assert first[0] != second[0]


def test_without_a_server_the_kernel_is_an_ordinary_fresh_one(tmp_path, monkeypatch):
    monkeypatch.delenv(kernels.ADDRESS, raising=False)
    fields = probe(tmp_path)
    assert fields[1:] == [str(tmp_path), "False", "False", "False"]


def test_a_server_that_cannot_be_reached_falls_back_to_a_fresh_kernel(tmp_path, monkeypatch):
    monkeypatch.setenv(kernels.ADDRESS, str(tmp_path / "gone" / "socket"))
    fields = probe(tmp_path)
    assert fields[2] == "False"


def test_a_server_that_cannot_import_lets_kernels_start_fresh_at_once(tmp_path):
    address = str(tmp_path / "socket")
    code = f"import claimbook.kernels as k; k.PRELOAD = ('no_such_module_x',); k.serve({address!r})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1 and "No module named 'no_such_module_x'" in done.stderr
    start = time.monotonic()
    assert kernels._connect(address) is None
    assert time.monotonic() - start < 1  # not the 60 s a server still importing is given


def test_what_the_server_read_while_importing_each_kernel_records_as_read(tmp_path, monkeypatch):
    # A preloaded module that reads a project file when imported (none does today).
    (tmp_path / "reads_at_import.py").write_text(
        f"TEXT = open({str(paths.ROOT / 'CITATION.cff')!r}).read()\n"
    )
    address = str(tmp_path / "socket")
    code = (
        "import claimbook.kernels as k\n"
        "k.PRELOAD = (*k.PRELOAD, 'reads_at_import')\n"
        f"k.serve({address!r})"
    )
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    server = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        listing = tmp_path / "inputs.txt"
        monkeypatch.setenv(kernels.ADDRESS, address)
        monkeypatch.setenv(inputs.ENV, str(listing))
        fields = probe(tmp_path)
        assert fields[2] == "True"  # forked from that server
        # The probe reads no data itself: its listing holds what the server read (the file, and
        # the package's modules it imported from the project).
        lines = set(listing.read_text(encoding="utf-8").splitlines())
        citation = str((paths.ROOT / "CITATION.cff").resolve())
        package = Path(kernels.__file__).resolve().parent
        assert citation in lines
        assert {Path(line).parent for line in lines - {citation}} <= {package}
    finally:
        server.terminate()
        server.wait(10)


def outputs(path: Path) -> list:
    """Every cell's outputs, without the execution counts and timings that differ between runs."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        [{k: v for k, v in o.items() if k != "execution_count"} for o in c.get("outputs", [])]
        for c in cells
    ]


@pytest.mark.parametrize("notebook", ["claims", "timeline"])
def test_a_forked_kernel_gives_the_outputs_and_figures_of_a_fresh_kernel(
    notebook, tmp_path, monkeypatch
):
    monkeypatch.delenv(kernels.ADDRESS, raising=False)
    monkeypatch.setenv("CLAIMBOOK_FIGURES", "")  # execute() sets it per run; restored after
    job = runner.job(notebook, {})
    runner.execute(job, tmp_path / "fresh")
    with kernels.server():
        runner.execute(job, tmp_path / "forked")
    # Forked indeed: the client found its server (it says so in the log when it does not).
    assert "no kernel server" not in (tmp_path / "forked" / "kernel.log").read_text()
    assert outputs(tmp_path / "forked" / "notebook.ipynb") == outputs(
        tmp_path / "fresh" / "notebook.ipynb"
    )
    fresh = sorted((tmp_path / "fresh" / "figures").glob("*"))
    forked = sorted((tmp_path / "forked" / "figures").glob("*"))
    assert [f.name for f in forked] == [f.name for f in fresh]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(fresh, forked, strict=True))


def servers() -> list[psutil.Process]:
    """This process's kernel servers."""
    me = psutil.Process()
    return [p for p in me.children() if "claimbook.kernels" in " ".join(p.cmdline())]


def test_the_server_ends_with_its_block_and_leaves_nothing_behind():
    before = os.environ.get(kernels.ADDRESS)
    with kernels.server() as address:
        assert os.environ[kernels.ADDRESS] == address
        folder = Path(address).parent
        assert len(servers()) == 1
    assert not folder.exists()
    assert os.environ.get(kernels.ADDRESS) == before
    assert servers() == []


def test_a_kernel_whose_client_is_killed_is_killed_too(tmp_path):
    with kernels.server():
        km = kernels.manager_class()(kernel_name="python3")
        km.start_kernel(cwd=str(tmp_path))
        try:
            client = psutil.Process(km.provisioner.process.pid)
            deadline = time.monotonic() + 60
            while not (servers() and servers()[0].children()):  # the fork, once it is made
                assert time.monotonic() < deadline
                time.sleep(0.05)
            kernel = servers()[0].children()[0]
            client.kill()  # as jupyter_client does when a kernel will not shut down
            kernel.wait(timeout=10)
            assert not kernel.is_running()
        finally:
            km.provisioner.process.kill()
            km.provisioner.process.wait(timeout=10)
            km.cleanup_resources()


def test_the_module_command_names_its_usage():
    done = subprocess.run(
        [sys.executable, "-m", "claimbook.kernels"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "usage: python -m claimbook.kernels serve ADDRESS | launch COMMAND" in done.stderr
