"""Nothing reaches the network at run time: a build that tries fails this test.

The build runs with an audit hook (``sys.addaudithook``) that records every socket
connection (other than a local Unix socket) or name lookup the Python processes attempt,
whatever library makes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

AUDIT_HOOK = """
import socket
import sys

def _no_network(event, args):
    if event == "urllib.Request" and str(args[0]).startswith(("file:", "data:")):
        return  # local files (fonts) are fine
    if event == "socket.connect" and args[0].family == socket.AF_UNIX:
        return  # a local socket: the print workers' process server
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        with open({log!r}, "a") as log:
            log.write(f"{{event}} {{args!r}}\\n")
        raise OSError(f"network access attempted: {{event}}")

sys.addaudithook(_no_network)
"""


@pytest.mark.slow
def test_build_makes_no_network_attempt(report_dir: Path, tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    log = tmp_path / "network.log"
    (hooks / "sitecustomize.py").write_text(AUDIT_HOOK.format(log=str(log)), encoding="utf-8")
    # Remote resources a careless renderer would fetch.
    notes = report_dir / "seeds" / "kubecon-2017.es.md"
    notes.write_text(
        notes.read_text(encoding="utf-8")
        + "\n\n![diagrama](http://example.com/diagram.png) y [repo](https://github.com/kubernetes/kubernetes)\n",
        encoding="utf-8",
    )
    result = run_cli("build", "--engine", "apertium", cwd=report_dir, env={"PYTHONPATH": str(hooks)})
    assert result.returncode == 0, result.stderr
    assert not log.exists(), log.read_text()


def test_the_audit_hook_does_catch_a_connection(tmp_path: Path) -> None:
    """Proves the guard above can fail: an actual lookup is recorded."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    log = tmp_path / "network.log"
    (hooks / "sitecustomize.py").write_text(AUDIT_HOOK.format(log=str(log)), encoding="utf-8")
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-c", "import socket\ntry: socket.getaddrinfo('example.com', 80)\nexcept OSError: pass"],
        env={"PYTHONPATH": str(hooks), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert "socket.getaddrinfo" in log.read_text()


def test_the_audit_hook_catches_a_remote_url_but_not_a_local_file(tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    log = tmp_path / "network.log"
    (hooks / "sitecustomize.py").write_text(AUDIT_HOOK.format(log=str(log)), encoding="utf-8")
    import subprocess
    import sys

    code = (
        "import urllib.request\n"
        "urllib.request.urlopen('file:///etc/hostname').read()\n"
        "try: urllib.request.urlopen('http://example.com/x.png')\n"
        "except OSError: pass"
    )
    subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(hooks), "PATH": "/usr/bin:/bin"}, check=True)
    assert log.read_text().count("urllib.Request") == 1 and "example.com" in log.read_text()
