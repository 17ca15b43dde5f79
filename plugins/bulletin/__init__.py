"""渝环简报 Archive: the archive model, its checks, importer, search index and the MkDocs plugin that ties them."""

__version__ = "0.1.0"
