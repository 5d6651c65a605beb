"""The command line: `ukaipay` and `python -m addin` (the only layer that imports argparse)."""
