// The browser's runtime-specific part of the Pyodide tests (run_main.mjs is Node's): Pyodide
// from the served node_modules, the job's files and the wheels fetched from the test's own
// server on 127.0.0.1, the result posted back to it (POST /result, or POST /error with the
// message). The page's address names the pinned line: browser.html?line=0.27.
import { runScenarios } from "./scenarios.mjs";

const post = (path, body) => fetch(path, { method: "POST", body });

async function fetched(path) {  // a file's bytes, or null where the server has none
  const response = await fetch(path);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

try {
  const line = new URLSearchParams(location.search).get("line");
  const base = new URL(`node_modules/pyodide-${line}/`, location.href).href;
  const { loadPyodide } = await import(base + "pyodide.mjs");
  const t0 = performance.now();
  const pyodide = await loadPyodide({ indexURL: base, stdout: () => {}, stderr: () => {} });
  const boot = performance.now() - t0;
  const out = await runScenarios(pyodide, {
    read: (name) => fetched(`/job/${name}`),
    wheel: (name) => fetched(`wheels/${name}`),
    support: (name) => fetched(name),
    cpu: () => null,  // a page cannot read its process's CPU time
  });
  out.ms = { boot, ...out.ms };
  // The page is cut off from the network (tests/lite_runtimes.py): a CDN's address fails.
  out.cdn_reachable = await fetch("https://cdn.jsdelivr.net/pyodide/")
    .then(() => true, () => false);
  await post("/result", JSON.stringify(out));
} catch (e) {
  await post("/error", String((e && e.stack) || e));
}
