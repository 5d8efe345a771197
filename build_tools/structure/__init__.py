"""Stage 3 — structure: cleaned text to divisions (pages) of numbered blocks.

``blocks`` finds headings, paragraphs, lists and tables; ``pages`` says where
each division is published.
"""
