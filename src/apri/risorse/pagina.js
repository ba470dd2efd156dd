// The office's workspace, live: the page follows the server's events and
// shows the last build (its status, its errors and warnings, the document),
// and sends the forms of the panel without leaving the page. Everything from
// the folder is put in the page as text, never as markup; the server's
// answers to the forms are HTML it has escaped.
"use strict";

const $ = (id) => document.getElementById(id);
let versione = -1;

function vista() {
  const scelta = document.querySelector('input[name="vista"]:checked');
  return scelta ? scelta.value : "edizione";
}

function mostraDocumento() {
  if (versione <= 0) return;
  // The web edition runs no script in any case: its own policy, first in its
  // head, forbids them (render::pagina::POLITICA).
  $("documento").src = vista() === "pdf" ? `documento.pdf?v=${versione}` : `edizione/index.html?v=${versione}`;
}

function problema(p) {
  const li = document.createElement("li");
  li.className = p.gravita;
  const dove = document.createElement("span");
  dove.className = "dove";
  dove.textContent = p.dove ? `${p.gravita} · ${p.dove}` : p.gravita;
  li.append(dove, ": ", p.messaggio);
  if (p.valore) {
    const v = document.createElement("span");
    v.className = "valore";
    v.textContent = ` (valore: ${p.valore})`;
    li.append(v);
  }
  return li;
}

async function aggiorna() {
  let s;
  try {
    const r = await fetch("stato", { cache: "no-store" });
    if (!r.ok) return;
    s = await r.json();
  } catch {
    return;
  }
  // The list of folders follows the state too (a folder opened from another
  // tab), and keeps the program alive while it is shown.
  const elenco = document.body.classList.contains("scelta");
  if (s.scelta !== elenco) {
    location.reload();
    return;
  }
  if (elenco) return;
  document.body.dataset.esito = s.esito;
  if (s.titolo) {
    document.querySelector("h1").textContent = s.titolo;
    document.title = `${s.titolo} · relazione`;
  }
  $("stato").textContent = s.riga;
  $("riassunto").textContent = s.riassunto;
  $("problemi").replaceChildren(...s.problemi.map(problema));
  if (s.versione !== versione) {
    versione = s.versione;
    mostraDocumento();
    aggiornaCodici();
  }
}

async function aggiornaCodici() {
  try {
    const r = await fetch("codici", { cache: "no-store" });
    if (!r.ok) return;
    const codici = await r.json();
    $("codici").replaceChildren(
      ...codici.map((c) => {
        const o = document.createElement("option");
        o.value = c.codice;
        o.label = c.nome;
        return o;
      }),
    );
  } catch {
    // The list is a help; the field works without it.
  }
}

// The forms of the panel and the action buttons (none on the list of folders): sent in the background, the
// answer shown where the form says (data-esito).
for (const form of document.querySelectorAll("form[data-esito]")) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const dove = $(form.dataset.esito);
    const pulsante = form.querySelector("button");
    pulsante.disabled = true;
    dove.textContent = "In corso…";
    try {
      const dati = new URLSearchParams(new FormData(form));
      const r =
        form.method === "get"
          ? await fetch(`${form.getAttribute("action")}?${dati}`, { cache: "no-store" })
          : await fetch(form.getAttribute("action"), { method: "POST", body: dati });
      if (r.ok) {
        dove.innerHTML = await r.text();
      } else {
        dove.textContent = `Il programma non ha potuto rispondere (errore ${r.status}): vedere la finestra del programma.`;
      }
    } catch {
      dove.textContent = "Il programma non risponde: è stato chiuso?";
    } finally {
      pulsante.disabled = false;
    }
  });
}

for (const r of document.querySelectorAll('input[name="vista"]')) {
  r.addEventListener("change", mostraDocumento);
}

const eventi = new EventSource("eventi");
eventi.addEventListener("stato", aggiorna);
eventi.addEventListener("error", () => {
  const stato = $("stato");
  if (stato) stato.textContent = "Collegamento con il programma interrotto: è stato chiuso?";
});
aggiorna();
