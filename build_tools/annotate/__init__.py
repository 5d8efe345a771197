"""Stage 4 — annotate: blocks to inline spans (changes, glossary terms, citations, notes).

``glossary`` loads the glossary and matches its forms, ``commentary`` the
notes and the chronology, ``spans`` puts them on the document.
"""
