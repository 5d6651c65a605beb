"""The guide: its tables loaded and validated, names and aliases, bands, day rates, premiums and market position."""
