"""Stage 6 — publish: the whole pipeline, the MkDocs hooks, the site, PDFs and link checks."""
