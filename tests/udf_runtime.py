"""Test support: call the Excel functions the way xlwings' Office.js runtimes do."""

import asyncio

import xlwings as xw
import xlwings.server as server

import addin.excel.udfs as udfs


def call(name, *args, runtime="1.4"):
    """Return what custom_functions_call hands Excel; every argument as a 2-D list."""
    data = {"func_name": name, "args": [a if isinstance(a, list) else [[a]] for a in args],
            "version": xw.__version__, "client": "Office.js", "runtime": runtime,
            "caller_address": "Plan!A2"}
    return asyncio.run(server.custom_functions_call(data, udfs))


NA = {"type": "Error", "errorType": "NotAvailable"}
