"""The write side: sources -> documents -> chunks -> index.

- `sources`   the manifest (knowledge/sources.toml), folder sources, what to read
- `readers/`  one reader per file format, each yielding cleaned pages
- `cleaning`  PDF text repair (headers/footers, hyphenation, bullets, footnotes)
- `chunking`  structure-following chunks with stable ids and display locations
- `download`  the explicit refresh of official documents (the only network use)
- `refresh`   incremental, atomic rebuild of the index
"""
