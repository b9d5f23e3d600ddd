// The editor's verdict on YAML files: yaml-language-server, the language server of VS Code's
// YAML extension, validates each file against one JSON Schema and prints its diagnostics.
//
//   node tools/yaml-validate.mjs SCHEMA.json FILE.yaml ...
//
// Prints one JSON object: each file's path and its diagnostics ({line, message, severity}).
// The test tests/test_schema_agreement.py compares the verdicts with `uppdrag check`.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { getLanguageService } from "yaml-language-server";
import { TextDocument } from "vscode-languageserver-textdocument";

const [schemaPath, ...files] = process.argv.slice(2);
const schemaUri = pathToFileURL(schemaPath).href;
const service = getLanguageService({
  schemaRequestService: async (uri) => readFileSync(new URL(uri), "utf8"),
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
  clientCapabilities: {},
  yamlSettings: {},
});
service.configure({
  validate: true,
  yamlVersion: "1.2",
  schemas: [{ uri: schemaUri, fileMatch: ["*"], schema: JSON.parse(readFileSync(schemaPath, "utf8")) }],
});

const out = {};
for (const path of files) {
  // The first line's modeline would point elsewhere (a relative path): the schema given wins.
  const text = readFileSync(path, "utf8").replace(/^# yaml-language-server: \$schema=.*$/m, "#");
  const document = TextDocument.create(pathToFileURL(path).href, "yaml", 1, text);
  const diagnostics = await service.doValidation(document, false);
  out[path] = diagnostics.map((d) => ({
    line: d.range.start.line + 1,
    message: d.message,
    severity: d.severity,
  }));
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
