#!/usr/bin/env node
// Opens pages of a built register in Debian's Chromium (puppeteer-core, no browser download)
// and reports, per page, as JSON on standard out:
//   axe:        axe-core's violations of the WCAG 2.0 and 2.1 A and AA rules
//   sidledes:   whether the page scrolls sideways at a 320 px wide viewport (only a table's
//               own region may)
//   hopplank:   the first Tab reaches the skip link, it is visible then, and Enter moves
//               focus to <main id="innehall">
//   fokus:      every link and focusable region shows a focus indicator of at least 2 px
//   fel:        errors in the browser's console and requests that failed (none may)
//
//   node tools/webbkontroll.mjs MAPP sida.html uppdrag/x.html ...
//
// The pages are opened from file://, as a reader who downloads the folder would open them.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const puppeteer = require("puppeteer-core");
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

const [folder, ...pages] = process.argv.slice(2);
if (!folder || pages.length === 0) {
  console.error("Användning: node tools/webbkontroll.mjs MAPP SIDA.html...");
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
});
const results = {};
try {
  for (const page of pages) {
    results[page] = await check(pathToFileURL(path.resolve(folder, page)).href);
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results, null, 1));

async function check(url) {
  const tab = await browser.newPage();
  const errors = [];
  tab.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  tab.on("requestfailed", (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
  tab.on("pageerror", (e) => errors.push(String(e)));
  const out = {};

  await tab.setViewport({ width: 1280, height: 900 });
  await tab.goto(url, { waitUntil: "load" });
  await tab.evaluate(axeSource);
  const axe = await tab.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  out.axe = axe;

  out.fokus = await tab.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll("a[href], [tabindex='0']")) {
      el.focus();
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== "none" ? parseFloat(s.outlineWidth) : 0;
      const shadow = s.boxShadow && s.boxShadow !== "none";
      const background = s.backgroundColor === "rgb(255, 221, 0)";
      if (!(outline >= 2 || (shadow && background))) bad.push(el.outerHTML.slice(0, 80));
    }
    document.activeElement.blur();
    return bad;
  });

  await tab.setViewport({ width: 320, height: 640 });
  await tab.goto(url, { waitUntil: "load" });
  out.sidledes = await tab.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth
  );

  await tab.keyboard.press("Tab");
  const first = await tab.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return { text: el.textContent.trim(), href: el.getAttribute("href"), synlig: box.width > 10 && box.height > 10 && box.top >= 0 };
  });
  out.hopplank = false;
  if (first.text === "Till huvudinnehållet" && first.href === "#innehall" && first.synlig) {
    await tab.keyboard.press("Enter");  // only a link to #innehall: another would navigate away
    const landed = await tab.evaluate(() => ({ hash: location.hash, fokus: document.activeElement.id }));
    out.hopplank = landed.hash === "#innehall" && landed.fokus === "innehall";
  }
  out.fel = errors;
  await tab.close();
  return out;
}
