"""Excel: the worksheet functions for classic xlwings, xlwings Lite and xlwings Server (the only layer that imports xlwings)."""
