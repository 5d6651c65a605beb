// Runs a workbook's main.py in Pyodide under Node.js the way xlwings Lite does, with no
// network: the core runtime from node_modules, xlwings from a local wheel.
//
//   node run_main.mjs LINE WHEELS_DIR MAIN_PY REQUIREMENTS_TXT CALLS_JSON [INSTALL_ZIP]
//
// LINE names a pinned package in package.json ("0.27", "0.28", "314"). CALLS_JSON is a list
// of {"func_name", "args"} payloads (args as Excel sends them: 2-D lists, null for an empty
// cell), or of {"script", "book", "formulas"}: a Lite script run on a book payload, where
// a stand-in for Lite's JavaScript answers formula reads from "formulas" (sheet name ->
// the used range's formulas) and records the actions the script sends to Excel, or of
// {"script", "standin", "date_categories", "read"}: a Lite script run against
// excel_standin.py (beside this file), which holds the workbook "standin" (its state, see
// state_from_xlsx), answers as Lite's JavaScript does and refuses what Excel refuses; the
// result adds "refused" ([action, message] pairs), "unbound" (cells still #NAME?) and
// "sheets" (the values of the sheets named in "read" afterwards). Prints one
// JSON object (scenarios.mjs, shared with the headless-browser page browser.html): the Python
// version, the functions' metadata, each call's result, the modules loaded and timings in
// ms: wall clock, and the process's CPU time (less sensitive to other load on the machine).
// INSTALL_ZIP (benchmarks only) is unpacked into site-packages first, as an installed wheel
// would be.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import { runScenarios } from "./scenarios.mjs";

const [line, wheelsDir, mainPath, requirementsPath, callsPath, installZip] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const pkgDir = join(require.resolve(`pyodide-${line}/package.json`), "..");
const { loadPyodide } = await import(join(pkgDir, "pyodide.mjs"));

const t0 = performance.now();
const pyodide = await loadPyodide({ indexURL: pkgDir + "/", stdout: () => {}, stderr: () => {} });
const boot = performance.now() - t0;

const files = { "main.py": mainPath, "requirements.txt": requirementsPath,
  "calls.json": callsPath, "install.zip": installZip };
const bytes = (path) => (path && existsSync(path) ? readFileSync(path) : null);
const out = await runScenarios(pyodide, {
  read: async (name) => bytes(files[name]),
  wheel: async (name) => bytes(join(wheelsDir, name)),
  support: async (name) => readFileSync(join(dirname(fileURLToPath(import.meta.url)), name)),
  cpu: () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; },
});
out.ms = { boot, ...out.ms };
console.log(JSON.stringify(out));
