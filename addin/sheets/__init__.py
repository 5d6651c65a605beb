"""Workbook files: the template, its reader, the values-only report and deterministic .xlsx writing (the only layer that imports openpyxl)."""
