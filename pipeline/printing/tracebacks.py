"""Preloaded by the print server after :mod:`.preload` when a build runs with ``--debug``: the
print workers' tracebacks are shown again, as Python prints them."""

import sys

sys.excepthook = sys.__excepthook__
