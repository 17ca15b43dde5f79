"""A stand-in for `mkdocs serve --dirty` that builds when told: one line on stdin, one build, `ok` or the error.

Builds exactly as the preview does (the plugin started for `serve`, the site URL and serve URL of a preview, a
site folder kept between builds), without a file watcher, so a test decides when each rebuild happens.
usage: python preview_driver.py CONFIG SITE_DIR (dirty|clean)
A line `objects` instead answers with what the process holds after a full collection: the number of objects the
garbage collector tracks and of archive items alive (see test_incremental's memory test).
"""

from __future__ import annotations

import gc
import logging
import os
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


def main(config_file: str, site: str, mode: str) -> None:
    dirty = mode == "dirty"
    started = False
    for line in sys.stdin:
        if not line.strip():
            continue
        if line.strip() == "objects":
            print(*objects(), flush=True)
            continue
        try:
            config = load_config(config_file, site_dir=site)
            config.site_url = SERVE_URL
            if not started:  # once, as `mkdocs serve` does; MkDocs keeps the one plugin instance for every build
                config.plugins.on_startup(command="serve", dirty=dirty)
                started = True
            build(config, serve_url=SERVE_URL, dirty=dirty)
            print("ok", flush=True)
        except Exception as error:  # noqa: BLE001 (reported to the test)
            print(f"error: {error!r}".replace("\n", " "), flush=True)


def objects() -> tuple[int, int]:
    from bulletin.archive.model import Item

    gc.collect()
    tracked = gc.get_objects()
    return len(tracked), sum(isinstance(value, Item) for value in tracked)


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    main(*sys.argv[1:4])
