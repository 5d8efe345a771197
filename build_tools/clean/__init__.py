"""Stage 2 — clean: raw text to cleaned text and an exact change log.

``edits`` says what a rule is, ``rules`` holds the rules in the order they
run, ``emendations`` the editor's corrections from YAML, ``engine`` runs them.
"""
