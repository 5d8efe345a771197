"""The shared bottom: the document model, errors, strict YAML, Kazakh order and dates.

Every stage may import from here; nothing here imports a stage.
"""
