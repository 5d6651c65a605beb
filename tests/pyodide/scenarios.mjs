// What the Pyodide tests run, the same in every JavaScript runtime (Node.js: run_main.mjs;
// headless Chromium: browser.html): xlwings installed from its wheel, main.py made a module
// the way xlwings Lite does, then each call or script of calls.json. The runtime-specific
// part (loading Pyodide, reading files, CPU time) is the caller's, passed in as `io`:
//
//   io.read(name)     the job's file as bytes, or null where it is absent: "main.py",
//                     "requirements.txt", "calls.json", "install.zip" (benchmarks only)
//   io.wheel(name)    a wheel of the pinned wheels folder as bytes, or null where absent
//   io.support(name)  a file of tests/pyodide as bytes (excel_standin.py)
//   io.cpu()          the process's CPU ms so far, or null where the runtime cannot tell
//
// Returns the object the runners print or post: the Python version, the functions'
// metadata, each call's result, the modules loaded and timings in ms.

const text = (bytes) => new TextDecoder().decode(bytes);

async function required(io, name) {
  const bytes = await io.read(name);
  if (bytes === null) throw new Error(`the job has no ${name}`);
  return bytes;
}

// What requirements.txt names that our code needs: xlwings, at its pinned version, from a
// wheel fetched by pip at set-up. Lite's other required lines (python-dotenv, pyodide-http,
// black) serve Lite's own tooling and are not imported by main.py.
async function installXlwings(pyodide, io, requirements) {
  const pin = requirements.match(/^xlwings==(\S+)/m);
  if (!pin) throw new Error("requirements.txt pins no xlwings version");
  const wheel = `xlwings-${pin[1]}-py3-none-any.whl`;
  const bytes = await io.wheel(wheel);
  if (bytes === null) throw new Error(`no xlwings ${pin[1]} wheel in the wheels folder`);
  pyodide.FS.writeFile("/tmp/" + wheel, bytes);
  // A pure-Python wheel is a zip laid out as site-packages: unpacking it is what an install does.
  pyodide.runPython(`
import sysconfig, zipfile
zipfile.ZipFile("/tmp/${wheel}").extractall(sysconfig.get_paths()["purelib"])
`);
  const zip = await io.read("install.zip");
  if (zip !== null) {  // an installed wheel of ours, for the benchmark's comparison
    pyodide.FS.writeFile("/tmp/install.zip", zip);
    pyodide.runPython(
      `zipfile.ZipFile("/tmp/install.zip").extractall(sysconfig.get_paths()["purelib"])`);
  }
  return pin[1];
}

// xlwings Lite's runtime glue (xlwings/xlwings-server, xlwings_server/wasm/): the
// environment set before xlwings is imported, main.py made a module from its text,
// payloads converted with to_py(), an exception returned as {"error": message}.
const GLUE = `
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
`;

// The stand-in for Excel behind Lite's JavaScript (excel_standin.py beside this file): the
// same Python module in every runner, loaded on the first call that needs it.
const STANDIN = `
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
`;

// The functions' metadata as the tests compare it, with the dropdowns (custom enums) that
// Excel shows for an argument, by enum id.
function metadata(meta) {
  return {
    functions: meta.functions.map((f) => ({
      name: f.name, description: f.description,
      parameters: f.parameters.map((p) => ({
        name: p.name, description: p.description, dimensionality: p.dimensionality,
        type: p.type, customEnumId: p.customEnumId })) })),
    enums: Object.fromEntries((meta.enums ?? []).map((e) => [e.id, e.values.map((v) => v.name)])),
  };
}

export async function runScenarios(pyodide, io) {
  const now = () => performance.now();
  const requirements = text(await required(io, "requirements.txt"));
  const version = await installXlwings(pyodide, io, requirements);

  const t1 = now();
  pyodide.runPython(`
import os
os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
import xlwings
import xlwings.server
`);
  const xlwingsImport = now() - t1;
  pyodide.runPython(GLUE);
  const create = pyodide.globals.get("create_module_from_string");
  const mainText = text(await required(io, "main.py"));
  const t2 = now();
  const c2 = io.cpu();
  const main = create(mainText, "main");
  const mainImport = now() - t2;
  const mainCpu = c2 === null ? null : io.cpu() - c2;
  const meta = metadata(pyodide.globals.get("custom_functions_meta")(main));
  const call = pyodide.globals.get("custom_functions_call");
  const scriptCall = pyodide.globals.get("custom_scripts_call");

  let standinLoaded = false;
  async function runStandin(c) {
    if (!standinLoaded) {
      pyodide.FS.writeFile("/tmp/excel_standin.py", await io.support("excel_standin.py"));
      pyodide.runPython(STANDIN);
      standinLoaded = true;
    }
    const sent = [];
    const book = pyodide.globals.get("standin_open")(JSON.stringify(c.standin),
      c.date_categories ?? true);
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
      try {
        applyActions({ actions: rest });
      } catch (e) {
        error = String(e.message ?? e).split("\n").filter(Boolean).pop();
      }
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
    culture_info_name: "en-GB", date_format: "dd/mm/yyyy", version, runtime: c.runtime ?? "1.4",
  });
  const results = [];
  const times = [];
  const cpuTimes = [];
  for (const c of JSON.parse(text(await required(io, "calls.json")))) {
    const t = now();
    const c0 = io.cpu();
    results.push(c.script ? await runScript(c) : await call(body(c)));
    times.push(now() - t);
    cpuTimes.push(c0 === null ? null : io.cpu() - c0);
  }
  return {
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    pyodide: pyodide.version,
    xlwings: pyodide.runPython("xlwings.__version__"),
    addin_file: pyodide.runPython("sys.modules['addin'].__file__"),
    meta: meta.functions, enums: meta.enums,
    results, modules: pyodide.runPython("sorted(sys.modules)").toJs(),
    ms: { xlwings_import: xlwingsImport, main_import: mainImport, calls: times },
    cpu_ms: { main_import: mainCpu, calls: cpuTimes },
  };
}
