#!/usr/bin/env node
// Screenshots of the example register for the README, taken with Debian's Chromium
// (puppeteer-core, as the register's tests drive it), so they can be made again:
//
//   make exempel && node tools/skarmbilder.mjs
//
// Opens build/webb/ as `make exempel` built it and writes docs/bilder/register-start.png
// (the start page on a 1280 px wide screen) and docs/bilder/register-uppfoljning-mobil.png
// (an uppdrag's follow-up on a 390 px wide phone).
import { mkdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const puppeteer = require("puppeteer-core");
const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const site = path.join(project, "build", "webb");
const out = path.join(project, "docs", "bilder");
const shots = [
  { name: "register-start.png", page: "index.html", width: 1280, height: 1000, from: null },
  {
    name: "register-uppfoljning-mobil.png",
    page: "uppdrag/boendestod-socialpsykiatri.html",
    width: 390,
    height: 1100,
    from: "#ar-2027 ~ figure",
  },
];

await mkdir(out, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  for (const shot of shots) {
    const tab = await browser.newPage();
    await tab.setViewport({ width: shot.width, height: shot.height, deviceScaleFactor: 1 });
    await tab.goto(pathToFileURL(path.join(site, shot.page)).href, { waitUntil: "load" });
    let top = 0;
    if (shot.from) {
      top = await tab.evaluate((sel) => {
        const el = document.querySelector(sel);
        return el ? Math.max(0, el.getBoundingClientRect().top + window.scrollY - 60) : 0;
      }, shot.from);
    }
    const target = path.join(out, shot.name);
    await tab.screenshot({
      path: target,
      clip: { x: 0, y: top, width: shot.width, height: shot.height },
      captureBeyondViewport: true,
    });
    const size = (await stat(target)).size;
    console.log(`${path.relative(project, target)}: ${Math.round(size / 1024)} KiB`);
    await tab.close();
  }
} finally {
  await browser.close();
}
