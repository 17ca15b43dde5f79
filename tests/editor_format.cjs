// Runs overrides/assets/bulletin/admin-format.js in Node for tests/test_editor_format.py: reads a JSON list of
// cases on stdin ({text, edits} or {data} for a new file) and prints the text each save would write.
"use strict";
const fs = require("fs");
const path = require("path");
global.window = {};
require(path.join(__dirname, "..", "overrides", "assets", "bulletin", "admin-format.js"));
const ORDER = ["title", "section", "date", "date_precision", "districts", "tags", "slug", "source"];
const format = window.BulletinFormat.make(ORDER);
const cases = JSON.parse(fs.readFileSync(0, "utf-8"));
const out = cases.map((c) => {
  try {
    if (c.data) return { text: format.toFile(c.data) };
    const data = format.fromFile(c.text);
    return { text: format.toFile({ ...data, ...(c.edits || {}) }), data };
  } catch (error) {
    return { error: `${error.constructor.name}: ${error.message}` };
  }
});
process.stdout.write(JSON.stringify(out));
