"""Packaging: the Excel functions carried inside a workbook for xlwings Lite (main.py as an Office web-extension part), with the user's own code kept."""
