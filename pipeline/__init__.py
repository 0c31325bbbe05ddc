"""tripreport: turn informal Spanish trip notes into a bilingual HTML and PDF report."""

__version__ = "0.1.0"
