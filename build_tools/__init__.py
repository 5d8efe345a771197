"""Build tools of the annotated edition: read → clean → structure → annotate → render."""

__version__ = "0.1.0"
