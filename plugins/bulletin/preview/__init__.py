"""`mkdocs serve`: a broken archive keeps serving; processes started beside the preview end with it."""
