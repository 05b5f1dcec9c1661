"""The static build: CMS -> Pelican -> one microsite per kommun and language, published atomically.

Stages, one module each: `export` (read the CMS), `images` (renditions), `i18n`
(catalogs and Babel formatting), `render` (Pelican), `checks`, `publish`; `pipeline`
runs them as a script of named steps.
"""
