"""The plan: its rows and settings, the months, the one pricing rule and the priced budget."""
