"""What the print server loads before it forks the print workers: WeasyPrint and pypdf.

A library that does not load here (WeasyPrint without Pango) is left for the worker
that needs it to fail on, where the build reports it in one line; the server stays up.
The server leaves when the build that started it is gone, however it ended.
"""

import sys

from tripreport.printing.pool import exit_with_parent

exit_with_parent()

# A worker that fails while it starts (the build stopping at that moment, Ctrl-C) would
# print a traceback from here; the build says what matters in one line. With --debug the
# pool preloads tripreport.printing.tracebacks after this, which shows them again.
sys.excepthook = lambda *exc: None

try:
    import pypdf  # noqa: F401
    import weasyprint  # noqa: F401
except Exception:  # noqa: BLE001  (cffi raises OSError for a missing system library)
    pass
