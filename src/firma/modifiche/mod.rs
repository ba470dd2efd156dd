//! What a revision changed of the document before it, judged. After a
//! signature only signing may follow: a later signature, in a new invisible
//! field or filling a field the signed document already had; the form entries
//! that list it; the XMP metadata and the document information replaced; the
//! data for long-term validation (DSS). Anything else — a page's content, its
//! resources, another annotation, the page tree, the catalog beyond those
//! entries, a signature redefined — alters the document.
//!
//! An object is judged by the role it has in the document before the revision,
//! found by reference from the catalog and the trailer, never by what it says
//! of itself: a page's content that calls itself `/Type /Metadata` is still the
//! page's content. A new object is allowed only where an allowed change refers
//! to it; a reference the signed document already held to an object it did not
//! have (prepared content, revealed later) alters it.

mod mappa;

use super::pdf::invisibile;
use lopdf::{Dictionary, Document, Object, ObjectId};
use mappa::{Mappa, diz, elenco, rif, riferimenti, testo};
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// Which changes a revision may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regola {
    /// No signature yet: also empty signature fields, tagged for PDF/UA, as
    /// `build --campo-firma` adds them.
    PrimaDelleFirme,
    /// After a signature: only what signing adds.
    DopoUnaFirma,
}

/// The judgement of one revision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Giudizio {
    /// What it changed that is allowed, worth a line: `firma «Presidente»`.
    pub ammessi: Vec<String>,
    /// What it changed that is not, with its page and object (the first
    /// [`VIETATI_DETTI`]).
    pub vietati: Vec<String>,
    /// How many more changes are not allowed.
    pub altri_vietati: usize,
}

/// How many changes not allowed a judgement names: a revision that adds
/// thousands of objects is altered by the first.
pub const VIETATI_DETTI: usize = 100;
/// Two objects the same to a reader: a stream by its dictionary and data, not
/// by where it was read from.
fn uguali(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Stream(x), Object::Stream(y)) => x.dict == y.dict && x.content == y.content,
        _ => a == b,
    }
}

/// The keys whose values differ between two dictionaries (present in one only, too).
fn chiavi_diverse(a: &Dictionary, b: &Dictionary) -> BTreeSet<Vec<u8>> {
    let mut out = BTreeSet::new();
    for (k, v) in a.iter() {
        if b.get(k).ok() != Some(v) {
            out.insert(k.clone());
        }
    }
    for (k, _) in b.iter() {
        if !a.has(k) {
            out.insert(k.clone());
        }
    }
    out
}

fn nome(k: &[u8]) -> String {
    format!("/{}", String::from_utf8_lossy(k))
}

/// What a new object was allowed to be, by the change that refers to it.
#[derive(Debug, Clone)]
enum Ruolo {
    /// A signature dictionary, the value of the named field.
    Firma(String),
    /// A signature field, listed by the form.
    NuovoCampo,
    /// An annotation, listed by the page.
    NuovaAnnotazione(ObjectId),
    /// The XMP metadata.
    Metadati,
    /// The document information.
    Info,
    /// What no reader shows: an appearance of an invisible widget, a
    /// signature's data, the long-term validation data.
    Inerte,
    /// The form, replaced: its entries before.
    Modulo(Dictionary),
    /// The form's fields, replaced: before.
    ElencoCampi(Vec<Object>),
    /// A page's annotations, replaced: the page and the list before.
    ElencoAnnotazioni(ObjectId, Vec<Object>),
    /// An element of the structure tree for a new field (before any signature).
    Struttura,
}

impl Ruolo {
    /// Which role this is, whatever it carries.
    fn genere(&self) -> u8 {
        match self {
            Ruolo::Firma(_) => 0,
            Ruolo::NuovoCampo => 1,
            Ruolo::NuovaAnnotazione(_) => 2,
            Ruolo::Metadati => 3,
            Ruolo::Info => 4,
            Ruolo::Inerte => 5,
            Ruolo::Modulo(_) => 6,
            Ruolo::ElencoCampi(_) => 7,
            Ruolo::ElencoAnnotazioni(..) => 8,
            Ruolo::Struttura => 9,
        }
    }
}

/// Who refers to a new object: an object, or the trailer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Da {
    Trailer,
    Oggetto(ObjectId),
}

struct Esame<'a> {
    prima: &'a Document,
    dopo: &'a Document,
    mappa: Mappa,
    regola: Regola,
    /// The objects the revision added.
    nuovi: BTreeSet<ObjectId>,
    /// The references to new objects that allowed changes make.
    concessi: BTreeMap<ObjectId, Vec<(Da, Ruolo)>>,
    /// The new objects still to check in their role; the annotations apart.
    coda: VecDeque<(ObjectId, Ruolo)>,
    annotazioni: VecDeque<(ObjectId, Ruolo)>,
    /// The changes not allowed, for not saying one twice.
    detti: BTreeSet<String>,
    /// Who refers to each object, before or after: see [`Esame::referenti`].
    indice: OnceCell<HashMap<ObjectId, Vec<ObjectId>>>,
    g: Giudizio,
}

/// Judges the revision that turned `prima` into `dopo`. `flussi_xref`: the
/// object numbers of the cross-reference streams of the file, which are
/// structure, not content.
pub fn giudica(
    prima: &Document,
    dopo: &Document,
    regola: Regola,
    flussi_xref: &BTreeSet<u32>,
) -> Result<Giudizio, String> {
    let mappa = Mappa::di(prima)?;
    let nuovi: BTreeSet<ObjectId> = dopo
        .objects
        .keys()
        .filter(|id| !prima.objects.contains_key(id))
        .copied()
        .collect();
    let mut e = Esame {
        prima,
        dopo,
        mappa,
        regola,
        nuovi,
        concessi: BTreeMap::new(),
        coda: VecDeque::new(),
        annotazioni: VecDeque::new(),
        detti: BTreeSet::new(),
        indice: OnceCell::new(),
        g: Giudizio::default(),
    };
    e.trailer();
    for (id, vecchio) in &prima.objects {
        match dopo.objects.get(id) {
            None => e.vieta(format!("{} tolto", e.mappa.descrivi(*id, Some(vecchio)))),
            Some(nuovo) if !uguali(vecchio, nuovo) => {
                if let Err(motivo) = e.cambiato(*id, vecchio, nuovo, flussi_xref) {
                    let cosa = e.mappa.descrivi(*id, Some(vecchio));
                    e.vieta(if motivo.is_empty() {
                        format!("{cosa} cambiato")
                    } else {
                        format!("{cosa} cambiato: {motivo}")
                    });
                }
            }
            Some(_) => {}
        }
    }
    e.valida_nuovi();
    e.riferimenti_sospesi();
    e.g.ammessi.dedup();
    Ok(e.g)
}

impl Esame<'_> {
    fn vieta(&mut self, motivo: String) {
        if self.g.vietati.len() >= VIETATI_DETTI {
            self.g.altri_vietati += 1;
        } else if self.detti.insert(motivo.clone()) {
            self.g.vietati.push(motivo);
        }
    }

    fn ammetti(&mut self, riga: String) {
        if self.g.ammessi.len() < VIETATI_DETTI && !self.g.ammessi.contains(&riga) {
            self.g.ammessi.push(riga);
        }
    }

    fn concedi(&mut self, da: Da, a: ObjectId, ruolo: Ruolo) {
        match ruolo {
            Ruolo::NuovaAnnotazione(_) => self.annotazioni.push_back((a, ruolo.clone())),
            _ => self.coda.push_back((a, ruolo.clone())),
        }
        self.concessi.entry(a).or_default().push((da, ruolo));
    }

    /// Grants `ruolo` to every new object `o` refers to.
    fn concedi_in(&mut self, da: Da, o: &Object, ruolo: &Ruolo) {
        let mut r = vec![];
        riferimenti(o, &mut r);
        for id in r {
            if self.nuovi.contains(&id) {
                self.concedi(da, id, ruolo.clone());
            }
        }
    }

    fn trailer(&mut self) {
        let radice = |d: &Document| d.trailer.get(b"Root").and_then(Object::as_reference).ok();
        if radice(self.prima) != radice(self.dopo) {
            self.vieta("il catalogo del documento è stato sostituito (/Root del trailer)".into());
        }
        let info = |d: &Document| d.trailer.get(b"Info").and_then(Object::as_reference).ok();
        match (info(self.prima), info(self.dopo)) {
            (a, b) if a == b => {}
            (_, Some(nuova)) if self.nuovi.contains(&nuova) => self.concedi(Da::Trailer, nuova, Ruolo::Info),
            (_, Some(altra)) => self.vieta(format!(
                "le informazioni del documento (/Info) ora sono {}",
                self.mappa.descrivi(altra, self.prima.objects.get(&altra))
            )),
            (_, None) => {}
        }
    }

    /// Whether the change of an object that existed is one signing makes.
    /// `Err` says why not (empty: it is simply not allowed).
    fn cambiato(
        &mut self,
        id: ObjectId,
        vecchio: &Object,
        nuovo: &Object,
        flussi_xref: &BTreeSet<u32>,
    ) -> Result<(), String> {
        let (Some(a), Some(b)) = (oggetto_diz(vecchio), oggetto_diz(nuovo)) else {
            return self.elenco_cambiato(id, vecchio, nuovo);
        };
        match self.cambiato_firmando(id, a, b) {
            Some(esito) => esito,
            None => self.dati_cambiati(id, a, b, nuovo, flussi_xref),
        }
    }

    /// An array that changed: the form's fields, a page's annotations (and,
    /// before any signature, the structure tree), which may only grow.
    fn elenco_cambiato(&mut self, id: ObjectId, vecchio: &Object, nuovo: &Object) -> Result<(), String> {
        let m = &self.mappa;
        let da = Da::Oggetto(id);
        if Some(id) == m.elenco_campi {
            self.esclusivo(id, &[m.modulo.unwrap_or(m.radice)])?;
            return self.estende(da, Some(vecchio), nuovo, Ruolo::NuovoCampo);
        }
        if let Some(&pagina) = m.annotazioni.get(&id) {
            self.esclusivo(id, &[pagina])?;
            return self.estende(da, Some(vecchio), nuovo, Ruolo::NuovaAnnotazione(pagina));
        }
        if self.regola == Regola::PrimaDelleFirme && m.struttura.contains(&id) {
            return self.estende(da, Some(vecchio), nuovo, Ruolo::Struttura);
        }
        Err(String::new())
    }

    /// The objects signing changes: the catalog, the form, a signature field
    /// that was empty and its widget, a page's annotations. `None`: `id` is
    /// none of these.
    fn cambiato_firmando(&mut self, id: ObjectId, a: &Dictionary, b: &Dictionary) -> Option<Result<(), String>> {
        let m = &self.mappa;
        let diverse = chiavi_diverse(a, b);
        if id == m.radice {
            return Some(
                solo(&diverse, &[b"AcroForm", b"Metadata", b"DSS", b"Extensions", b"Version"])
                    .and_then(|_| self.catalogo(a, b, &diverse)),
            );
        }
        if Some(id) == m.modulo {
            let radice = m.radice;
            return Some(
                self.esclusivo(id, &[radice])
                    .and_then(|_| self.modulo(Da::Oggetto(id), a, b)),
            );
        }
        if let Some(c) = m.campi.get(&id) {
            if c.firmato {
                return Some(Err(format!(
                    "la firma del campo «{}» è stata sostituita o cambiata",
                    c.nome
                )));
            }
            let nome_campo = c.nome.clone();
            return Some(solo(&diverse, &[b"V", b"AP", b"M", b"AS"]).and_then(|_| self.riempito(id, &nome_campo, b)));
        }
        if let Some(campo) = m.widget.get(&id) {
            if m.campi.get(campo).is_none_or(|c| c.firmato) {
                return Some(Err("è il riquadro di una firma già apposta".into()));
            }
            if let Err(e) = solo(&diverse, &[b"AP", b"M", b"AS"]) {
                return Some(Err(e));
            }
            if let Ok(ap) = b.get(b"AP") {
                self.concedi_in(Da::Oggetto(id), ap, &Ruolo::Inerte);
            }
            return Some(Ok(()));
        }
        if m.pagine.contains_key(&id) {
            return Some(solo(&diverse, &[b"Annots", b"Tabs"]).and_then(|_| {
                if diverse.contains(b"Annots".as_slice()) {
                    self.annotazioni(id, a, b)
                } else {
                    Ok(())
                }
            }));
        }
        None
    }

    /// The other objects that may change: the XMP metadata and the document
    /// information (each referred to only by its place), the long-term
    /// validation data, a cross-reference stream, and before any signature the
    /// structure tree that tags a new field.
    fn dati_cambiati(
        &mut self,
        id: ObjectId,
        a: &Dictionary,
        b: &Dictionary,
        nuovo: &Object,
        flussi_xref: &BTreeSet<u32>,
    ) -> Result<(), String> {
        let m = &self.mappa;
        let radice = m.radice;
        if Some(id) == m.metadati && rif(self.dopo.catalog().map_err(|_| "")?, b"Metadata") == Some(id) {
            if !matches!(nuovo, Object::Stream(_)) {
                return Err("i metadati non sono più un flusso XMP".into());
            }
            self.esclusivo(id, &[radice])?;
            self.ammetti("metadati XMP".into());
            return Ok(());
        }
        if Some(id) == m.info && self.dopo.trailer.get(b"Info").and_then(Object::as_reference).ok() == Some(id) {
            self.info(id, nuovo)?;
            self.ammetti("informazioni del documento (Info)".into());
            return Ok(());
        }
        if m.dss.contains(&id) {
            let dss = m.dss.iter().copied().chain([radice]).collect::<Vec<_>>();
            self.esclusivo(id, &dss)?;
            self.concedi_in(Da::Oggetto(id), nuovo, &Ruolo::Inerte);
            self.ammetti("dati per la validazione a lungo termine (DSS)".into());
            return Ok(());
        }
        if flussi_xref.contains(&id.0) && self.senza_riferimenti(id) {
            return Ok(());
        }
        if self.regola == Regola::PrimaDelleFirme && m.struttura.contains(&id) {
            let diverse = chiavi_diverse(a, b);
            solo(
                &diverse,
                &[b"K", b"ParentTree", b"ParentTreeNextKey", b"Nums", b"Kids", b"Limits"],
            )?;
            for k in diverse
                .iter()
                .filter(|k| !matches!(k.as_slice(), b"Limits" | b"ParentTreeNextKey"))
            {
                let v = b.get(k).map_err(|_| format!("toglie {}", nome(k)))?;
                self.estende(Da::Oggetto(id), a.get(k).ok(), v, Ruolo::Struttura)?;
            }
            return Ok(());
        }
        Err(String::new())
    }

    /// The catalog: its form, metadata, DSS, extensions.
    fn catalogo(&mut self, a: &Dictionary, b: &Dictionary, diverse: &BTreeSet<Vec<u8>>) -> Result<(), String> {
        let da = Da::Oggetto(self.mappa.radice);
        // The form before (empty if there was none).
        let modulo = a
            .get(b"AcroForm")
            .ok()
            .and_then(|f| diz(self.prima, f))
            .cloned()
            .unwrap_or_default();
        for k in diverse {
            let nuovo = b.get(k).map_err(|_| format!("toglie {}", nome(k)))?;
            match (k.as_slice(), nuovo) {
                (b"AcroForm", Object::Dictionary(d)) => self.modulo(da, &modulo, d)?,
                (b"AcroForm", Object::Reference(r)) if self.nuovi.contains(r) => {
                    self.concedi(da, *r, Ruolo::Modulo(modulo.clone()));
                }
                (b"Metadata", Object::Reference(r)) if self.nuovi.contains(r) => {
                    self.concedi(da, *r, Ruolo::Metadati);
                }
                (b"DSS" | b"Extensions" | b"Version", v) => self.concedi_in(da, v, &Ruolo::Inerte),
                _ => return Err(format!("cambia {}", nome(k))),
            }
        }
        Ok(())
    }

    /// The form: only its fields (more of them), its flags, default resources
    /// and appearance.
    fn modulo(&mut self, da: Da, a: &Dictionary, b: &Dictionary) -> Result<(), String> {
        for k in chiavi_diverse(a, b) {
            match k.as_slice() {
                b"Fields" => {
                    let nuovo = b.get(b"Fields").map_err(|_| "toglie /Fields")?;
                    let vecchio = elenco(self.prima, a.get(b"Fields").ok());
                    match nuovo {
                        Object::Reference(r) if self.nuovi.contains(r) => {
                            self.concedi(da, *r, Ruolo::ElencoCampi(vecchio));
                        }
                        Object::Array(_) => {
                            self.estende(da, Some(&Object::Array(vecchio)), nuovo, Ruolo::NuovoCampo)?;
                        }
                        _ => return Err("cambia /Fields del modulo".into()),
                    }
                }
                b"SigFlags" | b"DA" => {}
                b"DR" => {
                    if let Ok(v) = b.get(b"DR") {
                        self.concedi_in(da, v, &Ruolo::Inerte);
                    }
                }
                _ => return Err(format!("cambia {} del modulo", nome(&k))),
            }
        }
        Ok(())
    }

    /// A page's annotations, changed on the page itself.
    fn annotazioni(&mut self, pagina: ObjectId, a: &Dictionary, b: &Dictionary) -> Result<(), String> {
        let nuovo = b.get(b"Annots").map_err(|_| "toglie /Annots")?;
        let vecchio = elenco(self.prima, a.get(b"Annots").ok());
        match nuovo {
            Object::Reference(r) if self.nuovi.contains(r) => {
                self.concedi(Da::Oggetto(pagina), *r, Ruolo::ElencoAnnotazioni(pagina, vecchio));
                Ok(())
            }
            Object::Array(_) => self.estende(
                Da::Oggetto(pagina),
                Some(&Object::Array(vecchio)),
                nuovo,
                Ruolo::NuovaAnnotazione(pagina),
            ),
            _ => Err("cambia /Annots".into()),
        }
    }

    /// A list that only grows at its end, by new objects that get `ruolo`
    /// (the numbers of a number tree may grow too).
    fn estende(&mut self, da: Da, vecchio: Option<&Object>, nuovo: &Object, ruolo: Ruolo) -> Result<(), String> {
        let vecchio = elenco(self.prima, vecchio);
        let nuovo = match nuovo {
            Object::Array(a) => a.clone(),
            Object::Reference(r) if self.nuovi.contains(r) => {
                self.concedi(da, *r, ruolo);
                return Ok(());
            }
            Object::Dictionary(d) if self.regola == Regola::PrimaDelleFirme => {
                // A parent tree given directly: its numbers grow.
                let vecchio = vecchio
                    .first()
                    .and_then(|v| v.as_dict().ok())
                    .cloned()
                    .unwrap_or_default();
                for k in chiavi_diverse(&vecchio, d) {
                    if !matches!(k.as_slice(), b"Nums" | b"Kids" | b"Limits") {
                        return Err(format!("cambia {}", nome(&k)));
                    }
                    if k.as_slice() != b"Limits" {
                        let v = d.get(&k).map_err(|_| "")?;
                        self.estende(da, vecchio.get(&k).ok(), v, ruolo.clone())?;
                    }
                }
                return Ok(());
            }
            altro => vec![altro.clone()],
        };
        if nuovo.len() < vecchio.len() || nuovo[..vecchio.len()] != vecchio[..] {
            return Err("toglie o cambia elementi che c'erano".into());
        }
        for x in &nuovo[vecchio.len()..] {
            match x {
                Object::Reference(r) if self.nuovi.contains(r) => self.concedi(da, *r, ruolo.clone()),
                Object::Integer(_) if matches!(ruolo, Ruolo::Struttura) => {}
                Object::Reference(r) => {
                    return Err(format!(
                        "vi aggiunge {}, che c'era già",
                        self.mappa.descrivi(*r, self.prima.objects.get(r))
                    ));
                }
                _ => return Err("vi aggiunge un elemento che non è un nuovo oggetto".into()),
            }
        }
        Ok(())
    }

    /// A signature field that was empty, filled: its value a new signature,
    /// its appearance.
    fn riempito(&mut self, id: ObjectId, nome_campo: &str, b: &Dictionary) -> Result<(), String> {
        if let Ok(v) = b.get(b"V") {
            match v {
                Object::Reference(r) if self.nuovi.contains(r) => {
                    self.concedi(Da::Oggetto(id), *r, Ruolo::Firma(nome_campo.to_string()));
                }
                _ => return Err("il valore del campo non è una firma nuova".into()),
            }
        }
        if let Ok(ap) = b.get(b"AP") {
            self.concedi_in(Da::Oggetto(id), ap, &Ruolo::Inerte);
        }
        Ok(())
    }

    /// The document information: a dictionary of texts that nothing refers to.
    fn info(&self, id: ObjectId, o: &Object) -> Result<(), String> {
        let Object::Dictionary(d) = o else {
            return Err("le informazioni del documento non sono più un dizionario".into());
        };
        let mut r = vec![];
        riferimenti(o, &mut r);
        if !r.is_empty() || d.len() > 64 {
            return Err("le informazioni del documento rimandano ad altri oggetti".into());
        }
        if !self.senza_riferimenti(id) {
            return Err("le informazioni del documento sono usate anche altrove".into());
        }
        Ok(())
    }

    /// Whether no object, before or after, refers to `id`.
    fn senza_riferimenti(&self, id: ObjectId) -> bool {
        self.referenti(id).is_empty()
    }

    /// The objects that refer to `id`, before the revision or after it (an
    /// index of both documents, made the first time it is needed).
    fn referenti(&self, id: ObjectId) -> BTreeSet<ObjectId> {
        let indice = self.indice.get_or_init(|| {
            let mut indice: HashMap<ObjectId, Vec<ObjectId>> = HashMap::new();
            let mut r = vec![];
            for doc in [self.prima, self.dopo] {
                for (da, o) in &doc.objects {
                    r.clear();
                    riferimenti(o, &mut r);
                    for a in &r {
                        indice.entry(*a).or_default().push(*da);
                    }
                }
            }
            indice
        });
        indice.get(&id).into_iter().flatten().copied().collect()
    }

    /// `Err` when something but `soli` refers to `id`: an object with a role
    /// signing may change must have no other.
    fn esclusivo(&self, id: ObjectId, soli: &[ObjectId]) -> Result<(), String> {
        match self.referenti(id).into_iter().find(|r| !soli.contains(r)) {
            None => Ok(()),
            Some(r) => Err(format!(
                "è usato anche da {}",
                self.mappa
                    .descrivi(r, self.prima.objects.get(&r).or(self.dopo.objects.get(&r)))
            )),
        }
    }

    /// Checks each new object in the roles granted to it, once each: the
    /// annotations last, since they must be the widgets of new fields.
    fn valida_nuovi(&mut self) {
        let mut fatti: BTreeSet<(ObjectId, u8)> = BTreeSet::new();
        loop {
            let prossimo = self.coda.pop_front().or_else(|| self.annotazioni.pop_front());
            let Some((id, ruolo)) = prossimo else { break };
            if !fatti.insert((id, ruolo.genere())) {
                continue;
            }
            if let Err(motivo) = self.nuovo(id, &ruolo) {
                let descrizione = self.mappa.descrivi(id, self.dopo.objects.get(&id));
                self.vieta(format!(
                    "{motivo} ({})",
                    descrizione.replace(" (", ", ").trim_end_matches(')')
                ));
            }
        }
    }

    /// Checks the new object `id` as `ruolo`.
    fn nuovo(&mut self, id: ObjectId, ruolo: &Ruolo) -> Result<(), String> {
        let o = self.dopo.objects.get(&id).ok_or("oggetto mancante")?.clone();
        let da = Da::Oggetto(id);
        match ruolo {
            Ruolo::Firma(campo) => {
                let d = oggetto_diz(&o).ok_or("la firma non è un dizionario")?;
                if !d.has(b"Contents") || !d.has(b"ByteRange") {
                    return Err(format!("la firma del campo «{campo}» non ha /Contents e /ByteRange"));
                }
                let tipo = if d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"DocTimeStamp") {
                    "marca temporale del documento"
                } else {
                    "firma"
                };
                self.ammetti(format!("{tipo} «{campo}»"));
                self.concedi_in(da, &o, &Ruolo::Inerte);
            }
            Ruolo::NuovoCampo => self.nuovo_campo(id, &o)?,
            Ruolo::NuovaAnnotazione(pagina) => {
                let d = oggetto_diz(&o).ok_or("annotazione non valida")?;
                let sottotipo = d.get(b"Subtype").ok().and_then(|t| t.as_name().ok()).unwrap_or(b"?");
                let di_un_campo_nuovo = |x: ObjectId| {
                    self.concessi
                        .get(&x)
                        .is_some_and(|v| v.iter().any(|(_, r)| matches!(r, Ruolo::NuovoCampo)))
                };
                let campo = if d.has(b"T") { Some(id) } else { rif(d, b"Parent") };
                if sottotipo != b"Widget" || !campo.is_some_and(di_un_campo_nuovo) {
                    let p = self.mappa.pagine.get(pagina).copied().unwrap_or(0);
                    return Err(format!(
                        "annotazione {} aggiunta alla pagina {p}",
                        String::from_utf8_lossy(sottotipo)
                    ));
                }
            }
            Ruolo::Metadati => {
                if !matches!(o, Object::Stream(_)) {
                    return Err("i metadati non sono un flusso XMP".into());
                }
                self.esclusivo(id, &[self.mappa.radice])?;
                self.ammetti("metadati XMP".into());
            }
            Ruolo::Info => {
                self.info(id, &o)?;
                self.ammetti("informazioni del documento (Info)".into());
            }
            Ruolo::Inerte | Ruolo::Struttura => {
                if matches!(ruolo, Ruolo::Struttura)
                    && let Some(d) = oggetto_diz(&o)
                    && d.has(b"S")
                    && d.get(b"S").ok().and_then(|s| s.as_name().ok()) != Some(b"Form")
                {
                    return Err("elemento della struttura aggiunto che non è di un campo di firma".into());
                }
                self.concedi_in(da, &o, ruolo);
            }
            Ruolo::Modulo(vecchio) => {
                let d = oggetto_diz(&o).ok_or("il modulo non è un dizionario")?.clone();
                self.modulo(da, vecchio, &d)?;
            }
            Ruolo::ElencoCampi(vecchio) => {
                self.estende(da, Some(&Object::Array(vecchio.clone())), &o, Ruolo::NuovoCampo)?;
            }
            Ruolo::ElencoAnnotazioni(pagina, vecchio) => {
                self.estende(
                    da,
                    Some(&Object::Array(vecchio.clone())),
                    &o,
                    Ruolo::NuovaAnnotazione(*pagina),
                )?;
            }
        }
        Ok(())
    }

    /// A new signature field: signed (after a signature, it must be), its
    /// widgets invisible.
    fn nuovo_campo(&mut self, id: ObjectId, o: &Object) -> Result<(), String> {
        let d = oggetto_diz(o).ok_or("il campo non è un dizionario")?.clone();
        let nome_campo = testo(&d, b"T");
        if d.get(b"FT").ok().and_then(|f| f.as_name().ok()) != Some(b"Sig") {
            return Err(format!("campo «{nome_campo}» aggiunto che non è un campo di firma"));
        }
        let da = Da::Oggetto(id);
        match d.get(b"V") {
            Ok(Object::Reference(v)) if self.nuovi.contains(v) => {
                self.concedi(da, *v, Ruolo::Firma(nome_campo.clone()));
            }
            Ok(_) => {
                return Err(format!(
                    "il campo «{nome_campo}» ha per valore qualcosa che non è una firma nuova"
                ));
            }
            Err(_) if self.regola == Regola::DopoUnaFirma => {
                return Err(format!("campo di firma «{nome_campo}» aggiunto, vuoto, dopo una firma"));
            }
            Err(_) => self.ammetti(format!("campo di firma «{nome_campo}» aggiunto, vuoto")),
        }
        let figli = elenco(self.dopo, d.get(b"Kids").ok());
        let mut widget = vec![];
        if d.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Widget") {
            widget.push(d.clone());
        }
        for k in &figli {
            let Object::Reference(r) = k else {
                return Err(format!("il campo «{nome_campo}» ha figli non validi"));
            };
            if !self.nuovi.contains(r) {
                return Err(format!("il campo «{nome_campo}» prende per sé oggetti che c'erano già"));
            }
            let w = self
                .dopo
                .get_dictionary(*r)
                .map_err(|_| "figlio del campo non valido")?;
            widget.push(w.clone());
            if let Ok(ap) = w.get(b"AP") {
                self.concedi_in(Da::Oggetto(*r), ap, &Ruolo::Inerte);
            }
        }
        for w in &widget {
            if !invisibile(self.dopo, w) {
                return Err(format!(
                    "campo di firma «{nome_campo}» aggiunto con un riquadro visibile sulla pagina"
                ));
            }
        }
        if let Ok(ap) = d.get(b"AP") {
            self.concedi_in(da, ap, &Ruolo::Inerte);
        }
        Ok(())
    }

    /// References the signed document already held to objects it did not
    /// have: if the revision adds those objects, what they are appears where
    /// the signed document showed nothing.
    fn riferimenti_sospesi(&mut self) {
        let mut trovati = vec![];
        for (da, o) in &self.prima.objects {
            let mut r = vec![];
            riferimenti(o, &mut r);
            for a in r {
                if !self.nuovi.contains(&a) {
                    continue;
                }
                let concesso = self
                    .concessi
                    .get(&a)
                    .is_some_and(|v| v.iter().any(|(d, _)| *d == Da::Oggetto(*da)));
                // An object that changed, whose new version refers to it anew,
                // was judged with its change.
                let cambiato = self.dopo.objects.get(da).is_some_and(|n| !uguali(o, n));
                if !concesso && !cambiato {
                    trovati.push((*da, a));
                }
            }
        }
        // The changed objects: every reference to a new object must be one its change was allowed.
        for (da, n) in &self.dopo.objects {
            let Some(v) = self.prima.objects.get(da) else { continue };
            if uguali(v, n) {
                continue;
            }
            let mut r = vec![];
            riferimenti(n, &mut r);
            for a in r {
                let concesso = self
                    .concessi
                    .get(&a)
                    .is_some_and(|v| v.iter().any(|(d, _)| *d == Da::Oggetto(*da)));
                if self.nuovi.contains(&a) && !concesso {
                    trovati.push((*da, a));
                }
            }
        }
        trovati.sort();
        trovati.dedup();
        for (da, a) in trovati.into_iter().take(20) {
            let chi = self.mappa.descrivi(da, self.prima.objects.get(&da));
            self.vieta(format!(
                "{chi} rimanda all'oggetto {} aggiunto dopo: mostra ciò che prima non c'era",
                a.0
            ));
        }
    }
}

/// `Err` naming the first of the keys `diverse` that is not among `ammesse`.
fn solo(diverse: &BTreeSet<Vec<u8>>, ammesse: &[&[u8]]) -> Result<(), String> {
    match diverse.iter().find(|k| !ammesse.contains(&k.as_slice())) {
        None => Ok(()),
        Some(k) => Err(format!("cambia {}", nome(k))),
    }
}

/// The dictionary of an object: itself, or a stream's.
fn oggetto_diz(o: &Object) -> Option<&Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}
