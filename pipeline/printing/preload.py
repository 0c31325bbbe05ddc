"""What the print server loads before it forks the print workers: WeasyPrint and pypdf.

A library that does not load here (WeasyPrint without Pango) is left for the worker
that needs it to fail on, where the build reports it in one line; the server stays up.
The server leaves when the build that started it is gone, however it ended.
"""

from tripreport.printing.pool import exit_with_parent

exit_with_parent()

try:
    import pypdf  # noqa: F401
    import weasyprint  # noqa: F401
except Exception:  # noqa: BLE001  (cffi raises OSError for a missing system library)
    pass
