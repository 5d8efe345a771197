"""Stage 5 — render: annotated documents to Markdown pages (text as escaped HTML).

``text`` writes a text's pages from ``blocks`` and ``inline`` pieces;
``glossary``, ``notes``, ``citations`` and ``apparatus`` write the apparatus
and the pages about it; ``base`` holds what they share.
"""
