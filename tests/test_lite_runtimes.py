"""The harness that runs the Pyodide tests in a browser: what it serves, and when it skips."""

import threading
import urllib.error
import urllib.request

import lite_runtimes
import pytest


@pytest.fixture
def server(tmp_path):
    job = tmp_path / "main.py"
    job.write_text("x = 1\n", encoding="utf-8")
    s = lite_runtimes._Server({"main.py": job})
    threading.Thread(target=s.serve_forever, daemon=True).start()
    yield s, f"http://127.0.0.1:{s.server_port}"
    s.shutdown()
    s.server_close()


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers["Content-Type"], r.read()
    except urllib.error.HTTPError as e:
        return e.code, None, b""


def test_it_serves_the_page_the_runtime_s_modules_and_the_job(server):
    _, base = server
    status, kind, body = _get(base + "/browser.html")
    assert (status, kind) == (200, "text/html") and b"browser.mjs" in body
    # A module script is refused by the browser unless served as JavaScript.
    assert _get(base + "/scenarios.mjs")[:2] == (200, "text/javascript")
    assert _get(base + "/job/main.py")[2] == b"x = 1\n"


def test_it_serves_nothing_outside_tests_pyodide_or_the_job(server):
    _, base = server
    assert _get(base + "/../conftest.py")[0] == 404
    assert _get(base + "/%2e%2e/conftest.py")[0] == 404
    assert _get(base + "/job/requirements.txt")[0] == 404  # not part of this job


def test_a_post_ends_the_wait_with_its_body(server):
    s, base = server
    request = urllib.request.Request(base + "/result", data=b'{"ok": 1}', method="POST")
    with urllib.request.urlopen(request, timeout=10) as r:
        assert r.status == 204
    assert s.done.is_set() and s.posted == ("/result", '{"ok": 1}')


def test_without_chromium_the_reason_is_one_line(monkeypatch):
    monkeypatch.setattr(lite_runtimes.shutil, "which", lambda name: None)
    reason = lite_runtimes.missing("chromium", "0.27", "0.37.8")
    assert reason.startswith("Chromium is not installed") and "\n" not in reason
    assert lite_runtimes.missing("node", "0.27", "0.37.8").startswith("Node.js is not")
