// Runs overrides/assets/bulletin/admin-slug.js in Node for tests/test_editor_format.py: argv[2] is slugs.json,
// stdin a JSON list of titles; prints the 网址名 the editor would give each.
"use strict";
const fs = require("fs");
const path = require("path");
global.window = {};
require(path.join(__dirname, "..", "overrides", "assets", "bulletin", "admin-slug.js"));
const table = JSON.parse(fs.readFileSync(process.argv[2], "utf-8"));
const titles = JSON.parse(fs.readFileSync(0, "utf-8"));
process.stdout.write(JSON.stringify(titles.map((t) => window.BulletinSlug.make(t, table, new Set()))));
