"""Chinese full-text search: character bigrams computed at build time, sharded by term, queried in the browser."""
