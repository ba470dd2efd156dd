// The web edition in a real browser (Debian's Chromium, driven by
// puppeteer-core), as a citizen opens it from the ente's site:
//   - axe-core finds no violation of the WCAG 2.1 A and AA rules;
//   - the page's Content-Security-Policy refuses none of its own files;
//   - on a 360-pixel-wide phone the page does not scroll sideways (wide tables
//     scroll inside their own box);
//   - a screenshot at phone and desktop width, for the reviewer's eyes.
//
// Uso: node accessibilita.mjs PAGINA.html [CARTELLA_SCREENSHOT]
// Esce con 1 se trova un problema.

import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const [pagina, screenshot] = process.argv.slice(2);
if (!pagina) {
  console.error("uso: node accessibilita.mjs PAGINA.html [CARTELLA_SCREENSHOT]");
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let problemi = 0;
try {
  const page = await browser.newPage();
  // The page must fetch nothing from the network.
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    if (r.url().startsWith("file:") || r.url().startsWith("data:")) {
      r.continue();
    } else {
      console.error(`richiesta in rete: ${r.url()}`);
      problemi++;
      r.abort();
    }
  });
  // The page's Content-Security-Policy lets it load its own files only: the
  // browser must report no file of the page refused by it.
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) {
      console.error(`politica di sicurezza: ${m.text()}`);
      problemi++;
    }
  });
  const url = pathToFileURL(path.resolve(pagina)).href;
  for (const [nome, larghezza] of [["telefono", 360], ["desktop", 1280]]) {
    await page.setViewport({ width: larghezza, height: 800, deviceScaleFactor: 1 });
    await page.goto(url, { waitUntil: "load" });
    const { pagina: larga, finestra } = await page.evaluate(() => ({
      pagina: document.documentElement.scrollWidth,
      finestra: window.innerWidth,
    }));
    if (larga > finestra) {
      console.error(`${nome}: la pagina è larga ${larga} px in una finestra di ${finestra} px`);
      problemi++;
    }
    if (screenshot) {
      await page.screenshot({ path: path.join(screenshot, `${nome}.png`), fullPage: false });
    }
  }
  // axe-core is a script the page's policy rightly refuses: let it in for the check only.
  await page.setBypassCSP(true);
  await page.goto(url, { waitUntil: "load" });
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const esito = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  for (const v of esito.violations) {
    problemi++;
    console.error(`${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes.slice(0, 5)) {
      console.error(`  ${n.target.join(" ")}: ${n.failureSummary?.split("\n").join(" ")}`);
    }
  }
  console.log(
    `axe-core ${esito.testEngine.version}: ${esito.passes.length} regole rispettate, ${esito.violations.length} violate, ` +
      `${esito.incomplete.length} da verificare a mano.`,
  );
} finally {
  await browser.close();
}
process.exit(problemi === 0 ? 0 : 1);
