"""Export: the edition as data that outlives the software.

The documents, glossary and commentary gathered by the pipeline, written as
TEI P5 XML (``tei.py``) and as open data downloads (JSON Lines, JSON, CSV and
one archive with a manifest of checksums).  Nothing here renders a page.
"""
