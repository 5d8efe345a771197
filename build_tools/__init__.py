"""Build tools of the annotated edition: read → clean → structure → annotate → render → publish (a package per stage, over `core`)."""

__version__ = "0.1.0"
