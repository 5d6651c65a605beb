"""Test helper: main.py in Pyodide under Node.js or in headless Chromium, the same scenarios.

Both runtimes run tests/pyodide/scenarios.mjs (Node through run_main.mjs, Chromium through
browser.html) and give the same JSON. Chromium loads everything from a small HTTP server
of this process on 127.0.0.1 (the pinned npm packages of tests/pyodide/node_modules, the
wheels, the job's files) and posts its result back to it; every other host is unreachable
(a resolver that finds no name and a closed proxy), so nothing comes from a CDN.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent / "pyodide"
WHEELS = HERE / "wheels"
RUNTIMES = ("node", "chromium")
# Flags that let Chromium run headless as root in a container, with no first-run, sync,
# component or background traffic, and a profile of its own.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage",
                  # No name resolves but the test server's address, and a closed port as
                  # the proxy for everything not on loopback: nothing reaches the network.
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                  "--proxy-server=127.0.0.1:9")
TYPES = {".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript",
         ".wasm": "application/wasm", ".json": "application/json", ".py": "text/plain",
         ".txt": "text/plain"}


def missing(runtime: str, line: str, xlwings_version: str) -> str | None:
    """Why ``runtime`` cannot run Pyodide ``line`` here (one line), or None."""
    if runtime == "node" and shutil.which("node") is None:
        return "Node.js is not installed (.ci/run installs it)"
    if runtime == "chromium" and shutil.which("chromium") is None:
        return "Chromium is not installed (.ci/run installs Debian's chromium)"
    if not (HERE / "node_modules" / f"pyodide-{line}" / "pyodide.mjs").exists():
        return "the pinned Pyodide packages are not installed: cd tests/pyodide && npm ci"
    if not (WHEELS / f"xlwings-{xlwings_version}-py3-none-any.whl").exists():
        return ("no xlwings wheel: pip download --no-deps --only-binary=:all: --platform any "
                "-d tests/pyodide/wheels -r tests/pyodide/wheels.txt")
    return None


def run(runtime: str, line: str, main: Path, requirements: Path, calls: Path,
        install: Path | None = None, timeout: float = 300) -> dict:
    """Return the runtime's JSON for main.py and calls.json (see tests/pyodide/scenarios.mjs),
    with ``launch_to_result_s``: seconds from starting the process to having its result."""
    start = time.perf_counter()
    if runtime == "node":
        args = ["node", str(HERE / "run_main.mjs"), line, str(WHEELS), str(main),
                str(requirements), str(calls)] + ([str(install)] if install else [])
        out = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=HERE)
        if out.returncode != 0:
            raise RuntimeError(f"node failed: {out.stderr[-2000:]}")
        got = json.loads(out.stdout)
    else:
        job = {"main.py": main, "requirements.txt": requirements, "calls.json": calls}
        if install:
            job["install.zip"] = install
        got = _chromium(line, job, timeout)
    got["launch_to_result_s"] = time.perf_counter() - start
    return got


class _Server(ThreadingHTTPServer):
    """tests/pyodide's files and the job's at /job/NAME; POST /result or /error ends it."""

    def __init__(self, job: dict[str, Path]):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.job = job
        self.posted: tuple[str, str] | None = None
        self.done = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args):  # the test reports failures itself
        pass

    def _file(self, path: str) -> Path | None:
        if path.startswith("/job/"):
            return self.server.job.get(path[len("/job/"):])
        file = (HERE / path.lstrip("/")).resolve()
        return file if file.is_relative_to(HERE) and file.is_file() else None

    def do_GET(self):
        file = self._file(unquote(urlsplit(self.path).path))
        if file is None:
            self.send_error(404)
            return
        body = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(file.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        self.server.posted = (self.path, body)  # before the answer: the page may be ended then
        self.server.done.set()
        self.send_response(204)
        self.end_headers()


def _chromium(line: str, job: dict[str, Path], timeout: float) -> dict:
    """Open browser.html for ``line`` in headless Chromium and return what it posts."""
    server = _Server(job)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as profile:
        log = Path(profile) / "chromium.log"
        url = f"http://127.0.0.1:{server.server_port}/browser.html?line={line}"
        with open(log, "wb") as err:
            # A session of its own, so that ending it ends Chromium's helper processes too.
            proc = subprocess.Popen(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}/p",
                                     url], stdout=subprocess.DEVNULL, stderr=err,
                                    start_new_session=True)
        try:
            deadline = time.monotonic() + timeout
            while not server.done.wait(0.2):
                if proc.poll() is not None or time.monotonic() > deadline:
                    break
        finally:
            _end(proc)
            server.shutdown()
            server.server_close()
        if server.posted is None:
            why = "exited" if proc.returncode is not None else f"gave nothing in {timeout:.0f} s"
            raise RuntimeError(f"chromium {why}: {log.read_text(errors='replace')[-2000:]}")
    path, body = server.posted
    if path != "/result":
        raise RuntimeError(f"the page failed: {body[-2000:]}")
    return json.loads(body)


def _end(proc: subprocess.Popen) -> None:
    """End the Chromium session this module started (its own process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
