//! `relazione verifica` never calls a forgery valid. Each class of published
//! attack on PDF signatures (incremental saving, universal signature forgery,
//! signature wrapping, shadow attacks) and a few certificate tricks is built
//! here on the 2022 report signed by the program (`common::falsari`), one file
//! per class; the test asserts the verdict, the exit code and the words a
//! Segretario reads, and runs pyHanko's validator on the same file: ours is
//! never more lenient. Each forged file but one (a key named twice, which
//! readers resolve each their own way) shows on page 4 other than what was
//! signed (rendered by poppler: page 3's content, the figures of its upper
//! half covered by a white box, or "99,99 %" drawn over them); they stay in
//! `target/tmp/attacchi-*`. The verifier before these rules called 15 of the
//! 17 forged files valid (exit 0); many of them pass for signing by calling
//! themselves what signing adds (`/FT /Sig`, `/Type /Metadata`).

use crate::common;
use common::falsari::*;
use common::firma::*;
use common::s;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The 2022 report signed by Mario Rossi, built once for all the tests here.
struct Banco {
    dir: PathBuf,
    pdf: PathBuf,
    firmato: Vec<u8>,
    sg: Certificato,
}

fn banco() -> &'static Banco {
    static BANCO: OnceLock<Banco> = OnceLock::new();
    BANCO.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("attacchi-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = relazione_2022(&dir, &[]);
        let sg = certificato(&dir, "Mario Rossi", "rsa", "nonRepudiation");
        let (code, out, err) = firma(&pdf, &sg, &[]);
        assert_eq!(code, 0, "{out}{err}");
        let firmato = std::fs::read(dir.join("relazione-2022-firmato.pdf")).unwrap();
        Banco { dir, pdf, firmato, sg }
    })
}

/// Writes the forged file `nome`, checks it trusting Mario Rossi's
/// certificate, and compares with pyHanko.
fn giudica(nome: &str, byte: &[u8], fidati: &[&Certificato]) -> (i32, String) {
    let f = banco().dir.join(format!("{nome}.pdf"));
    std::fs::write(&f, byte).unwrap();
    let (code, out) = verifica(&f, fidati, &[]);
    assert!(!out.contains("panicked"), "{out}");
    mai_piu_indulgente(&f, fidati, code);
    (code, out)
}

/// Asserts that the forged file is called altered (exit 1), with each piece.
fn alterato(nome: &str, byte: &[u8], pezzi: &[&str]) -> String {
    let b = banco();
    let (code, out) = giudica(nome, byte, &[&b.sg]);
    assert_eq!(code, 1, "{nome}:\n{out}");
    assert!(out.contains("Esito: NON VALIDO."), "{nome}:\n{out}");
    for p in pezzi {
        assert!(out.contains(p), "{nome}: expected {p:?} in:\n{out}");
    }
    out
}

#[test]
fn the_honest_file_is_valid_and_pyhanko_agrees() {
    let b = banco();
    let (code, out) = giudica("onesto", &b.firmato, &[&b.sg]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Esito della firma: VALIDA: firmata da Mario Rossi"),
        "{out}"
    );
    assert!(pyhanko_valido(&b.dir.join("onesto.pdf"), &[&b.sg]));
}

#[test]
fn universal_forgery_an_envelope_with_its_own_content_is_not_a_signature_of_the_pdf() {
    let b = banco();
    let falso = busta_di_altro_documento(&b.dir, &b.firmato, &b.sg);
    alterato(
        "busta-inclusa",
        &falso,
        &["contiene un proprio contenuto invece di firmare i byte del PDF"],
    );
}

#[test]
fn universal_forgery_an_empty_signature() {
    let b = banco();
    let mut falso = b.firmato.clone();
    let (i, f) = posto_della_firma(&falso);
    falso[i..f].fill(b'0');
    alterato("firma-vuota", &falso, &["integrità: NON VALIDA"]);
}

#[test]
fn incremental_saving_a_page_content_that_calls_itself_metadata() {
    let falso = contenuto_cambiato(&banco().firmato, 4, "/Type/Metadata/Subtype/XML", "");
    alterato(
        "metadati-finti",
        &falso,
        &[
            "Revisione 3: CAMBIA IL CONTENUTO (contenuto della pagina 4",
            "NON VALIDA: il documento è stato cambiato dopo la firma (revisione 3)",
        ],
    );
}

#[test]
fn incremental_saving_the_trailer_info_pointing_at_a_page_content() {
    let falso = info_sul_contenuto(&banco().firmato, 4);
    alterato(
        "info-sul-contenuto",
        &falso,
        &[
            "contenuto della pagina 4",
            "le informazioni del documento (/Info) ora sono",
        ],
    );
}

#[test]
fn incremental_saving_a_page_that_calls_itself_a_signature_field() {
    let falso = pagina_campo_di_firma(&banco().firmato, 4);
    alterato(
        "pagina-campo-di-firma",
        &falso,
        &["pagina 4 (oggetto", "cambia /Contents"],
    );
}

#[test]
fn incremental_saving_a_fake_end_of_file_in_a_trailer_string() {
    let falso = falsa_fine(&banco().firmato, 4);
    alterato(
        "falsa-fine",
        &falso,
        &["copre: il file fino alla revisione 2 di 3", "contenuto della pagina 4"],
    );
}

/// Poppler shows this page as signed: it takes the last of the two values,
/// as lopdf does; a reader that takes the first would not. Refused whatever
/// reader opens it.
#[test]
fn shadow_a_key_named_twice_read_one_way_by_one_reader_another_by_another() {
    let falso = chiave_doppia(&banco().firmato, 4);
    alterato(
        "chiave-doppia",
        &falso,
        &["la chiave /Contents compare due volte nello stesso dizionario"],
    );
}

#[test]
fn shadow_a_new_empty_signature_field_visible_over_a_figure() {
    let falso = campo_vuoto_visibile(&banco().firmato, 4);
    alterato(
        "campo-visibile",
        &falso,
        &["campo di firma «Revisore» aggiunto, vuoto, dopo una firma"],
    );
}

#[test]
fn shadow_a_freetext_annotation() {
    let falso = nota_di_testo(&banco().firmato, 4);
    alterato(
        "nota-di-testo",
        &falso,
        &["annotazione FreeText aggiunta alla pagina 4"],
    );
}

#[test]
fn shadow_pages_swapped() {
    let falso = pagine_scambiate(&banco().firmato);
    alterato("pagine-scambiate", &falso, &["albero delle pagine"]);
}

#[test]
fn shadow_content_prepared_before_signing_and_revealed_after() {
    let b = banco();
    let originale = std::fs::read(&b.pdf).unwrap();
    // The program itself refuses to sign a PDF changed after it was composed.
    let cambiato = b.dir.join("cambiato-prima-della-firma.pdf");
    std::fs::write(&cambiato, pagina_campo_di_firma(&originale, 4)).unwrap();
    let (code, _, err) = firma(&cambiato, &b.sg, &["--out", s(&b.dir.join("non-firmato.pdf"))]);
    assert_ne!(code, 0);
    assert!(err.contains("non si firma") && err.contains("revisione 2"), "{err}");
    // The forger writes the prepared PDF whole (one revision), and has it signed.
    let (preparato, numero) = prepara_contenuto(&originale, 4);
    let p = b.dir.join("preparato.pdf");
    std::fs::write(&p, &preparato).unwrap();
    let chiave = relazione::firma::ChiaveP12::apri(&std::fs::read(&b.sg.p12).unwrap(), "password").unwrap();
    let firmato = relazione::firma::firma_pdf(&preparato, &p, &chiave, &Default::default()).unwrap();
    let (code, out) = giudica("preparato-firmato", &firmato, &[&b.sg]);
    assert_eq!(code, 0, "what was signed is what the signer saw:\n{out}");
    let falso = rivela_contenuto(&firmato, numero);
    alterato(
        "contenuto-rivelato",
        &falso,
        &[&format!(
            "pagina 4 (oggetto {}) rimanda all'oggetto {numero} aggiunto dopo",
            pagina(&documento(&firmato), 4).0
        )],
    );
}

#[test]
fn a_signing_time_redefined_later_is_not_believed() {
    let out = alterato(
        "ora-ridefinita",
        &ora_ridefinita(&banco().firmato, "D:20220101120000+00'00'"),
        &["firma «Mario Rossi» ridefinita"],
    );
    // The time shown is the one in the signed bytes, not the forged one.
    assert!(!out.contains("01/01/2022"), "{out}");
    // A multi-byte character in the date: no panic, still altered.
    alterato(
        "ora-illeggibile",
        &ora_ridefinita(&banco().firmato, "D:2023é"),
        &["ridefinita"],
    );
}

#[test]
fn one_signature_named_by_two_fields_is_one_signer() {
    let falso = due_campi_una_firma(&banco().firmato);
    alterato(
        "due-campi",
        &falso,
        &["la stessa firma è indicata anche dal campo «Presidente»"],
    );
}

#[test]
fn certificates_expired_not_yet_valid_or_for_encryption_are_judged() {
    let b = banco();
    let dir = b.dir.join("certificati");
    std::fs::create_dir_all(&dir).unwrap();
    let ca = autorita(&dir, "CA di prova", Some("2020-01-01 00:00:00"));
    let firma_cert = "keyUsage=critical,nonRepudiation\n";
    let scaduto = emesso(&dir, &ca, "Scaduto", firma_cert, 30, Some("2021-01-01 00:00:00"));
    let futuro = emesso(&dir, &ca, "Futuro", firma_cert, 30, Some("+60 days"));
    let cifra = emesso(
        &dir,
        &ca,
        "Solo Cifratura",
        "keyUsage=critical,keyEncipherment\n",
        30,
        None,
    );
    for (nome, c, pezzo) in [
        ("scaduto", &scaduto, "è scaduto il 31/01/2021"),
        ("futuro", &futuro, "non valeva ancora"),
        ("cifratura", &cifra, "non è per firmare documenti"),
    ] {
        let falso = rifirmato(&dir, &b.firmato, c);
        let (code, out) = giudica(nome, &falso, &[&ca]);
        assert_eq!(code, 1, "{nome}:\n{out}");
        assert!(out.contains(pezzo), "{nome}:\n{out}");
        assert!(
            out.contains("integrità: valida"),
            "{nome}: the bytes hold, the certificate does not\n{out}"
        );
    }
}

#[test]
fn identity_is_established_only_by_a_chain_to_an_anchor() {
    let b = banco();
    let dir = b.dir.join("catena");
    std::fs::create_dir_all(&dir).unwrap();
    let ca = autorita(&dir, "CA Qualificata di prova", None);
    let altra = autorita(&dir, "Altra CA", None);
    let rossi = emesso(&dir, &ca, "Mario Rossi", "keyUsage=critical,nonRepudiation\n", 30, None);
    let f = dir.join("firmato-dalla-ca.pdf");
    std::fs::write(&f, rifirmato(&dir, &b.firmato, &rossi)).unwrap();

    // Self-signed, no anchor: intact, identity not established (exit 3).
    let (code, out) = verifica(&b.dir.join("relazione-2022-firmato.pdf"), &[], &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("INTEGRA, MA IL FIRMATARIO NON È ACCERTATO"), "{out}");
    assert!(out.contains("nessuna ancora di fiducia indicata"), "{out}");
    // Issued by a CA given as anchor: established, the chain named.
    let (code, out) = verifica(&f, &[&ca], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("catena: Mario Rossi → CA Qualificata di prova"), "{out}");
    mai_piu_indulgente(&f, &[&ca], code);
    // Another CA as anchor: not established.
    let (code, out) = verifica(&f, &[&altra], &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("non risale a nessuna delle ancore di fiducia"), "{out}");

    // AgID's trusted list (ETSI TS 119 612): the CA as a qualified service, granted.
    let der = std::fs::read_to_string(&ca.crt).unwrap();
    let base64: String = der.lines().filter(|l| !l.starts_with("-----")).collect();
    let lista = dir.join("IT_TL.xml");
    std::fs::write(
        &lista,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#"><tsl:TrustServiceProviderList><tsl:TrustServiceProvider><tsl:TSPServices><tsl:TSPService><tsl:ServiceInformation>
<tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier>
<tsl:ServiceName><tsl:Name xml:lang="it">CA Qualificata di prova</tsl:Name></tsl:ServiceName>
<tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>{base64}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>
<tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</tsl:ServiceStatus>
</tsl:ServiceInformation></tsl:TSPService></tsl:TSPServices></tsl:TrustServiceProvider></tsl:TrustServiceProviderList></tsl:TrustServiceStatusList>"#
        ),
    )
    .unwrap();
    let (code, out, _) = relazione(&["verifica", s(&f), "--fiducia", s(&lista)], &[]);
    assert_eq!(code, 0, "{out}");
    // A file that is no certificate: no verdict, and why.
    let (code, _, err) = relazione(&["verifica", s(&f), "--fiducia", "README.md"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("non è un certificato (PEM o DER) né la lista di fiducia di AgID"),
        "{err}"
    );
    // A list whose only service is withdrawn gives no anchor.
    let ritirata = std::fs::read_to_string(&lista)
        .unwrap()
        .replace("/granted", "/withdrawn");
    std::fs::write(&lista, ritirata).unwrap();
    let (code, _, err) = relazione(&["verifica", s(&f), "--fiducia", s(&lista)], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("non contiene certificati di autorità qualificate"),
        "{err}"
    );
}

#[test]
fn a_signature_time_stamp_makes_an_expired_certificate_judged_when_it_was_valid() {
    let b = banco();
    let dir = b.dir.join("marca");
    std::fs::create_dir_all(&dir).unwrap();
    let ca = autorita(&dir, "CA di prova", Some("2020-01-01 00:00:00"));
    let rossi = emesso(
        &dir,
        &ca,
        "Mario Rossi",
        "keyUsage=critical,nonRepudiation\n",
        30,
        Some("2021-01-01 00:00:00"),
    );
    let tsa = emesso(
        &dir,
        &ca,
        "Marca di prova",
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n",
        3000,
        Some("2020-06-01 00:00:00"),
    );
    // Signed while the certificate was valid (its signing time only a claim).
    let firmato = rifirmato(&dir, &b.firmato, &rossi);
    let (code, out) = giudica("senza-marca", &firmato, &[&ca]);
    assert_eq!(code, 1, "without a time-stamp it is judged now, expired:\n{out}");
    assert!(out.contains("è scaduto il 31/01/2021"), "{out}");

    let token = marca_temporale(&dir, &valore_della_firma(&firmato), &tsa, "2021-01-15 10:00:00");
    let con = dir.join("con-marca.pdf");
    std::fs::write(&con, con_marca(&firmato, &token)).unwrap();
    let (code, out) = verifica(&con, &[&ca], &[]);
    assert_eq!(code, 0, "{out}");
    // pyHanko agrees when told to judge at the time-stamp's time.
    let h = pyhanko_con(&con, &[&ca], &["--validation-time", "2021-01-15T10:00:00+00:00"]);
    assert!(valido_per_pyhanko(&h), "{h}");
    assert!(
        out.contains("marca temporale di Marca di prova del 15/01/2021 10:00 UTC"),
        "{out}"
    );
    assert!(
        out.contains("valido al 15/01/2021 10:00 UTC (l'ora della marca temporale)"),
        "{out}"
    );

    // A time-stamp of another signature is no time-stamp of this one.
    let altro = marca_temporale(&dir, b"un'altra firma", &tsa, "2021-01-15 10:00:00");
    let (code, out) = giudica("marca-di-altro", &con_marca(&firmato, &altro), &[&ca]);
    assert!(!out.contains("marca temporale di Marca di prova del"), "{out}");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("la marca temporale non è di questa firma"), "{out}");
}
