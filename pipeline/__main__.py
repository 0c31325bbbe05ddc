"""Allow ``python -m tripreport``."""

from tripreport.cli import main

main()
