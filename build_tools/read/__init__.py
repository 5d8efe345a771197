"""Stage 1 — read: files to text and validated metadata.

The only place where bytes are decoded (``sources.decode_bytes``); ``texts``
loads ``texts.yaml``, ``yamlfile`` every editorial YAML file, ``validate``
checks ids across files.
"""
