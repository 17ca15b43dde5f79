"""Material's static files this site never loads, left out of the build.

Material copies its whole `assets/` folder into every site: the search worker and its lunr language files (this
site has its own search, bulletin/search; Material's search plugin is not enabled, so its bundle never mounts a
search box and never starts the worker) and the source maps of its bundle and stylesheets (read only by a
developer's browser tools, for Material's own sources): 39 files and 2.1 MiB in every deployment, whatever its
size. No page, script or stylesheet refers to them (tests/test_browser.py records every request of every page kind).
"""

from __future__ import annotations

import os
from fnmatch import fnmatch

from bulletin.engine import Files

UNUSED = (
    "assets/javascripts/lunr/*",     # Material's search: language support for lunr
    "assets/javascripts/workers/*",  # Material's search worker (and its source map)
    "assets/javascripts/*.map",      # the bundle's source map
    "assets/stylesheets/*.map",      # the stylesheets' source maps
)


def drop_unused(files: Files, config) -> Files:
    """Remove the files matching UNUSED that come from the theme's own folders; a file of that name in the site's
    docs_dir or custom_dir stays (MkDocs lets either replace a theme file)."""
    custom = os.path.abspath(config.theme.custom_dir) if config.theme.custom_dir else None
    theme = {os.path.abspath(d) for d in config.theme.dirs} - {custom}
    for file in [f for f in files if f.generated_by is None and f.src_dir and os.path.abspath(f.src_dir) in theme
                 and any(fnmatch(f.src_uri, pattern) for pattern in UNUSED)]:
        files.remove(file)
    return files
