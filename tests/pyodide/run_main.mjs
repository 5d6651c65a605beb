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
// "sheets" (the values of the sheets named in "read" afterwards). Prints one JSON object:
// the Python version, the functions' metadata, each call's result, the modules loaded and
// timings in ms: wall clock, and the process's CPU time (less sensitive to other load). INSTALL_ZIP (benchmarks only) is unpacked
// into site-packages first, as an installed wheel would be.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";

const [line, wheelsDir, mainPath, requirementsPath, callsPath, installZip] = process.argv.slice(2);
const cpu = (since) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
const require = createRequire(import.meta.url);
const pkgDir = join(require.resolve(`pyodide-${line}/package.json`), "..");
const { loadPyodide } = await import(join(pkgDir, "pyodide.mjs"));

const t0 = performance.now();
const pyodide = await loadPyodide({ indexURL: pkgDir + "/", stdout: () => {}, stderr: () => {} });
const boot = performance.now() - t0;

// What requirements.txt names that our code needs: xlwings, at its pinned version, from a
// wheel fetched by pip at set-up. Lite's other required lines (python-dotenv, pyodide-http,
// black) serve Lite's own tooling and are not imported by main.py.
const requirements = readFileSync(requirementsPath, "utf8");
const pin = requirements.match(/^xlwings==(\S+)/m);
if (!pin) throw new Error("requirements.txt pins no xlwings version");
const wheel = readdirSync(wheelsDir).find((f) => f === `xlwings-${pin[1]}-py3-none-any.whl`);
if (!wheel) throw new Error(`no xlwings ${pin[1]} wheel in ${wheelsDir}`);
pyodide.FS.writeFile("/tmp/" + wheel, readFileSync(join(wheelsDir, wheel)));
// A pure-Python wheel is a zip laid out as site-packages: unpacking it is what an install does.
pyodide.runPython(`
import sysconfig, zipfile
zipfile.ZipFile("/tmp/${wheel}").extractall(sysconfig.get_paths()["purelib"])
`);
if (installZip) {
  pyodide.FS.writeFile("/tmp/install.zip", readFileSync(installZip));
  pyodide.runPython(`zipfile.ZipFile("/tmp/install.zip").extractall(sysconfig.get_paths()["purelib"])`);
}

// xlwings Lite's runtime glue (xlwings/xlwings-server, xlwings_server/wasm/): the
// environment set before xlwings is imported, main.py made a module from its text,
// payloads converted with to_py(), an exception returned as {"error": message}.
const t1 = performance.now();
pyodide.runPython(`
import os
os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
import xlwings
import xlwings.server
`);
const xlwingsImport = performance.now() - t1;
pyodide.runPython(`
import importlib.util, sys, js
from pyodide.ffi import to_js

def create_module_from_string(module_string, module_name):
    spec = importlib.util.spec_from_loader(module_name, loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(module_string, module.__dict__)
    sys.modules[module_name] = module
    return module

def custom_functions_meta(module):
    return to_js(xlwings.server.custom_functions_meta(module), dict_converter=js.Object.fromEntries)

async def custom_scripts_call(data, script_name):
    book = xlwings.Book(json=data.to_py())
    try:
        book = await xlwings.server.custom_scripts_call(
            module=sys.modules["main"], script_name=script_name,
            typehint_to_value={xlwings.Book: book}, args=[])
        result = book.json()
    except Exception as e:
        result = {"error": str(e)}
    return to_js(result, dict_converter=js.Object.fromEntries)

async def custom_functions_call(data):
    data = data.to_py()
    try:
        result = await xlwings.server.custom_functions_call(data, module=sys.modules["main"])
    except Exception as e:
        result = {"error": str(e)}
    return to_js(result, dict_converter=js.Object.fromEntries)
`);
const create = pyodide.globals.get("create_module_from_string");
const t2 = performance.now();
const c2 = process.cpuUsage();
const main = create(readFileSync(mainPath, "utf8"), "main");
const mainImport = performance.now() - t2;
const mainCpu = cpu(c2);
const meta = pyodide.globals.get("custom_functions_meta")(main).functions;
const call = pyodide.globals.get("custom_functions_call");
const scriptCall = pyodide.globals.get("custom_scripts_call");
// The stand-in for Excel behind Lite's JavaScript: the same Python module in every runner.
pyodide.FS.writeFile("/tmp/excel_standin.py",
  readFileSync(join(new URL(".", import.meta.url).pathname, "excel_standin.py")));
pyodide.runPython(`
import json
sys.path.insert(0, "/tmp")
import excel_standin

EXCEL = None

def standin_open(state_json, date_categories):
    global EXCEL
    EXCEL = excel_standin.Excel(json.loads(state_json))
    return to_js(EXCEL.book_payload(xlwings.__version__, date_categories),
                 dict_converter=js.Object.fromEntries)

def standin_get_range_data(sheet, address, keys):
    return to_js(EXCEL.get_range_data(sheet, address, keys.to_py()),
                 dict_converter=js.Object.fromEntries)

def standin_run_actions(batch):
    EXCEL.run_actions(batch.to_py()["actions"])

def standin_report(read_json):
    return json.dumps(EXCEL.report(json.loads(read_json)), default=str)
`);
async function runStandin(c) {
  const sent = [];
  const book = pyodide.globals.get("standin_open")(JSON.stringify(c.standin), c.date_categories ?? true);
  const applyActions = pyodide.globals.get("standin_run_actions");
  const getRangeData = pyodide.globals.get("standin_get_range_data");
  globalThis.xlwings = {  // Lite's JavaScript, answered by the stand-in
    getRangeData: async (sheet, address, keys) => getRangeData(sheet, address, keys),
    runActions: async (batch) => { sent.push(...batch.actions); applyActions(batch); },
  };
  const out = await scriptCall(book, c.script);
  let error = out.error;
  const rest = out.actions ?? [];
  sent.push(...rest);
  if (!error && rest.length) {  // Lite applies the actions a script returns, after it
    try { applyActions({ actions: rest }); } catch (e) { error = String(e.message ?? e).split("\n").filter(Boolean).pop(); }
  }
  const report = JSON.parse(pyodide.globals.get("standin_report")(JSON.stringify(c.read ?? [])));
  return { error, actions: sent, ...report };
}

async function runScript(c) {
  if (c.standin) return runStandin(c);
  const sent = [];
  globalThis.xlwings = {  // what Lite's JavaScript answers, as far as these scripts ask
    getRangeData: async (sheet, address, keys) => ({ formulas: c.formulas[sheet] }),
    runActions: async (batch) => { sent.push(...batch.actions); },
  };
  const out = await scriptCall(c.book, c.script);
  return { error: out.error, actions: [...sent, ...(out.actions ?? [])] };
}

const body = (c) => ({
  client: "Office.js", func_name: c.func_name, args: c.args, caller_address: "[Book1]Plan!P4",
  culture_info_name: "en-GB", date_format: "dd/mm/yyyy", version: pin[1], runtime: c.runtime ?? "1.4",
});
const results = [];
const times = [];
const cpuTimes = [];
for (const c of JSON.parse(readFileSync(callsPath, "utf8"))) {
  const t = performance.now();
  const c0 = process.cpuUsage();
  results.push(c.script ? await runScript(c) : await call(body(c)));
  times.push(performance.now() - t);
  cpuTimes.push(cpu(c0));
}
const modules = pyodide.runPython("sorted(sys.modules)").toJs();
console.log(JSON.stringify({
  python: pyodide.runPython("import sys; sys.version.split()[0]"),
  pyodide: pyodide.version,
  xlwings: pyodide.runPython("xlwings.__version__"),
  addin_file: pyodide.runPython("sys.modules['addin'].__file__"),
  meta: meta.map((f) => ({ name: f.name, description: f.description,
    parameters: f.parameters.map((p) => ({ name: p.name, description: p.description })) })),
  results, modules,
  ms: { boot, xlwings_import: xlwingsImport, main_import: mainImport, calls: times },
  cpu_ms: { main_import: mainCpu, calls: cpuTimes },
}));
