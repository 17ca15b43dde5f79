"""Bulletin text (or .docx) → one issue folder: parse the layout, infer fields, write files safely."""
