"""Loading and checking task-guide bundles (GUIDE_FORMAT.md): YAML -> domain objects.

Pure Python: no Qt, no database, no HTTP.
"""
