"""Proofreading tools for the editor: the suspects worklist (probable typos of the cleaned texts)."""
