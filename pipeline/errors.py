"""The one exception type the CLI turns into a one-line message and a non-zero exit.

Every stage raises :class:`TripreportError` for problems the user can fix (a missing
file, bad YAML, no engine installed); anything else is a bug and keeps its traceback.
"""


class TripreportError(Exception):
    """A problem with the user's input or machine, described in one line."""
