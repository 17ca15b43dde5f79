"""The web editor for staff at /admin/: Decap CMS served from the site, configured from the archive."""
