"""The MkDocs side of the plugin, one module per job; with ``plugin.py``, the only code that imports MkDocs."""
