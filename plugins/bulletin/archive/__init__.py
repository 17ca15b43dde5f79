"""The archive: files → model. Loading and validating `issues/`, the vocabularies, spelling suggestions."""
