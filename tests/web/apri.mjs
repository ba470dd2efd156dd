// `relazione apri` in a real browser (Debian's Chromium, driven by
// puppeteer-core), as the office uses it, on the folder `tests/apri.rs`
// leaves in target/tmp/apri (two copies of the fictional Comune, and two
// versions of its workbook):
//   - started in the folder that holds the report folders, the page lists
//     them with ente and year; one is chosen;
//   - its document appears (the web edition in the page's frame);
//   - a consuntivo saved in the workbook reaches the page (the time it took
//     is printed); the comparison with the previous draft shows it; `spiega`
//     explains the indicator;
//   - a broken cell shows its error at Indicatori!K12 while the last good
//     document stays;
//   - a request without the key, or with another Host, is refused;
//   - axe-core finds no violation of WCAG 2.1 A and AA (on the list, the
//     workspace and the guide it links for what to do); the page fits a
//     1366×768 screen; the keyboard reaches it from its first link;
//   - closing the browser ends the program.
//
// Uso: node apri.mjs RELAZIONE CARTELLA_DI_PROVA [CARTELLA_SCREENSHOT]
// Esce con 1 se trova un problema.

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const [programma, preparata, schermate] = process.argv.slice(2);
if (!programma || !preparata) {
  console.error("uso: node apri.mjs RELAZIONE CARTELLA_DI_PROVA [CARTELLA_SCREENSHOT]");
  process.exit(2);
}

let problemi = 0;
const problema = (m) => {
  console.error(`PROBLEMA: ${m}`);
  problemi++;
};

// A copy of the prepared folder, so that the test can run again.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "relazione-apri-browser-"));
fs.cpSync(preparata, tmp, { recursive: true });
const libro = path.join(tmp, "relazioni", "comune", "relazione.xlsx");
const salva = (variante) => {
  // As an office program saves: a copy beside the workbook, renamed over it.
  fs.copyFileSync(path.join(tmp, "varianti", variante), `${libro}.tmp`);
  fs.renameSync(`${libro}.tmp`, libro);
};

const privata = path.join(tmp, "privata");
const figlio = spawn(path.resolve(programma), ["apri", path.join(tmp, "relazioni"), "--senza-browser"], {
  env: { ...process.env, XDG_RUNTIME_DIR: privata, XDG_CACHE_HOME: privata },
  stdio: ["ignore", "pipe", "inherit"],
});
const finito = new Promise((r) => figlio.on("exit", (code) => r(code)));
const indirizzo = await new Promise((risolvi, rifiuta) => {
  const righe = readline.createInterface({ input: figlio.stdout });
  righe.on("line", (l) => {
    const m = l.match(/http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]+\//);
    if (m) risolvi(m[0]);
  });
  figlio.on("exit", () => rifiuta(new Error("relazione apri è finito senza scrivere l'indirizzo")));
});
const url = new URL(indirizzo);
console.log(`relazione apri: ${url.origin}/…/`);

// A raw request, with the headers a page could not set itself.
const chiedi = (percorso, intestazioni = {}) =>
  new Promise((risolvi) => {
    const r = http.get(
      { host: "127.0.0.1", port: url.port, path: percorso, headers: intestazioni },
      (risposta) => {
        risposta.resume();
        risolvi(risposta.statusCode);
      },
    );
    r.on("error", () => risolvi(0));
  });

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
});
const attesa = { timeout: 120_000 };
const testoDelDocumento = () =>
  page.evaluate(() => document.getElementById("documento")?.contentDocument?.body?.innerText ?? "");
const attendiNelDocumento = async (cosa) => {
  const limite = Date.now() + 120_000;
  while (Date.now() < limite) {
    if ((await testoDelDocumento()).includes(cosa)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};
const axe = async (nome, dove = indirizzo) => {
  await page.setBypassCSP(true);
  await page.goto(dove, { waitUntil: "load" });
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const esito = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  for (const v of esito.violations) {
    problema(`${nome}: ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes.slice(0, 5)) console.error(`  ${n.target.join(" ")}: ${n.failureSummary?.split("\n").join(" ")}`);
  }
  console.log(`axe-core, ${nome}: ${esito.passes.length} regole rispettate, ${esito.violations.length} violate.`);
  await page.setBypassCSP(false);
};

let page;
try {
  page = await browser.newPage();
  await page.setViewport({ width: 1366, height: 768, deviceScaleFactor: 1 });
  // Its own policy must refuse none of the page's own files, and the page
  // must fetch nothing from the network.
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) problema(`politica di sicurezza: ${m.text()}`);
  });
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(url.origin) && !u.startsWith("data:") && !u.startsWith("about:")) problema(`richiesta fuori: ${u}`);
  });

  // Strangers are refused: no key, another Host.
  for (const [percorso, intestazioni, perche] of [
    ["/", {}, "senza chiave"],
    [`${url.pathname}stato`, { Host: `attaccante.example:${url.port}` }, "con un altro Host"],
  ]) {
    const stato = await chiedi(percorso, intestazioni);
    if (stato !== 403) problema(`una richiesta ${perche} ha avuto ${stato}, non 403`);
  }

  // The list of the report folders, and the choice of one.
  await page.goto(indirizzo, { waitUntil: "load" });
  const elenco = await page.evaluate(() => document.body.innerText);
  for (const atteso of ["comune", "bozza", "Comune di Borgo Esempio 2025", "Crearne una nuova"]) {
    if (!elenco.includes(atteso)) problema(`l'elenco delle cartelle non mostra «${atteso}»`);
  }
  if (schermate) await page.screenshot({ path: path.join(schermate, "apri-elenco.png") });
  await axe("elenco delle cartelle");
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.click('form[action="scegli"]:has(input[value="comune"]) button'),
  ]);

  // The document of the folder, built at start.
  await page.waitForSelector('body[data-esito="pronto"]', attesa);
  if (!(await attendiNelDocumento("80,75"))) problema("il documento non è apparso (consuntivo 80,75 di k1.2)");
  const { larga, finestra } = await page.evaluate(() => ({
    larga: document.documentElement.scrollWidth,
    finestra: window.innerWidth,
  }));
  if (larga > finestra) problema(`a 1366×768 la pagina è larga ${larga} px`);
  await page.keyboard.press("Tab");
  const primo = await page.evaluate(() => document.activeElement?.textContent ?? "");
  if (!primo.includes("Vai agli errori")) problema(`il primo Tab porta a «${primo}», non al collegamento per saltare`);
  if (schermate) await page.screenshot({ path: path.join(schermate, "apri-1366.png") });

  // A consuntivo saved: k1.2 from 80,75 % to 83,25 %.
  const t0 = performance.now();
  salva("consuntivo.xlsx");
  if (await attendiNelDocumento("83,25")) {
    console.log(`dal salvataggio alla pagina: ${Math.round(performance.now() - t0)} ms`);
  } else {
    problema("il consuntivo cambiato non è arrivato alla pagina");
  }
  const stato = await page.$eval("#stato", (e) => e.textContent);
  if (!stato.includes("Cambiati: foglio Indicatori")) problema(`la riga di stato non dice che cosa è cambiato: «${stato}»`);

  // The comparison with the previous draft, and the explanation of the indicator.
  await page.select("#bozza", "bozza");
  await page.click("#confronta button");
  await page.waitForFunction(() => document.getElementById("confronto").innerText.includes("83,25"), attesa);
  if (!(await page.$('#confronto a[href^="segnata.pdf"]'))) problema("manca il PDF con le modifiche segnate");
  await page.type("#codice", "k1.2");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("spiegazione").innerText.includes("k1.2"), attesa);
  if (schermate) await page.screenshot({ path: path.join(schermate, "apri-pannello.png") });
  await axe("pagina di lavoro");
  await axe("guida per l'ufficio", `${indirizzo}guida`);
  if (schermate) await page.screenshot({ path: path.join(schermate, "apri-guida.png") });
  await page.goto(indirizzo, { waitUntil: "load" });
  await page.waitForSelector('body[data-esito="pronto"]', attesa);

  // A broken cell: its error at Indicatori!K12, the last good document kept.
  salva("rotta.xlsx");
  await page.waitForSelector('body[data-esito="errori"]', attesa);
  const elencoProblemi = await page.$eval("#problemi", (e) => e.innerText);
  if (!elencoProblemi.includes("Indicatori!K12")) problema(`l'errore non è mostrato alla sua cella: «${elencoProblemi}»`);
  await page.goto(indirizzo, { waitUntil: "load" });
  await page.waitForSelector('body[data-esito="errori"]', attesa);
  if (!(await attendiNelDocumento("83,25"))) problema("con l'errore, l'ultimo documento buono non è più mostrato");
  if (schermate) await page.screenshot({ path: path.join(schermate, "apri-errore.png") });
} catch (e) {
  problema(e.stack ?? String(e));
} finally {
  await browser.close();
}

// The last page closed: the program ends by itself.
const fine = await Promise.race([finito, new Promise((r) => setTimeout(() => r("ancora in corso"), 30_000))]);
if (fine !== 0) {
  problema(`chiuso il browser, relazione apri: ${fine}`);
  figlio.kill();
}
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(problemi === 0 ? 0 : 1);
