"""The site: model → pages, listings, feeds, statistics, the district map, CSP, and the proof nothing was lost."""
