//! Signing the Relazione as the Segretario Generale and the Presidente do: with
//! a `.p12` file, with a smart card (SoftHSM2 speaks PKCS#11 as one does), into
//! the fields that `build --campo-firma` leaves. The certificates are made by
//! each test with OpenSSL; no key is committed. The signatures are checked by
//! tools others trust: poppler's `pdfsig` and pyHanko's validator (PyPI
//! `pyhanko-cli`). veraPDF checks signed files in `.ci/run`.

use crate::common;
use common::firma::*;
use common::s;

#[test]
fn a_signed_report_is_the_original_byte_for_byte_and_validators_accept_it() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = relazione_2022(tmp.path(), &[]);
    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let (code, out, err) = firma(&pdf, &sg, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let firmato = tmp.path().join("relazione-2022-firmato.pdf");
    assert!(out.contains("Firmato da Mario Rossi"), "{out}");
    let originale = std::fs::read(&pdf).unwrap();
    let byte = std::fs::read(&firmato).unwrap();
    assert!(byte.len() > originale.len());
    assert_eq!(
        &byte[..originale.len()],
        &originale[..],
        "the signed file starts with the original"
    );

    let p = pdfsig(&firmato);
    assert!(p.contains("Signature is Valid."), "{p}");
    assert!(p.contains("Total document signed"), "{p}");
    assert!(p.contains("ETSI.CAdES.detached"), "{p}");
    assert!(p.contains("SHA-256"), "{p}");
    assert!(p.contains("CN=Mario Rossi"), "{p}");
    let h = pyhanko(&firmato, &[&sg]);
    assert!(h.contains("Mario Rossi:") && h.contains(":VALID"), "{h}");
    let (ok, q) = comando("qpdf", &["--check", s(&firmato)]);
    assert!(ok, "{q}");

    let (code, out) = verifica(&firmato, &[&sg], &["--data", "data"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("firmatario: Mario Rossi"), "{out}");
    assert!(out.contains("copre: tutto il file"), "{out}");
    assert!(
        out.contains("il PDF firmato è, byte per byte, quello che la cartella produce"),
        "{out}"
    );
    assert!(
        out.contains("Non controllati qui, senza rete: la revoca dei certificati"),
        "{out}"
    );
    // Without a trust anchor the signature holds but the signer is not established.
    let (code, out) = verifica(&firmato, &[], &[]);
    assert_eq!(code, 3, "{out}");
}

#[test]
fn the_segretario_then_the_presidente_two_valid_signatures() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = relazione_2022(tmp.path(), &[]);
    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let pr = certificato(tmp.path(), "Dario Gallina", "ec", "digitalSignature,nonRepudiation");
    let uno = tmp.path().join("uno.pdf");
    let due = tmp.path().join("due.pdf");
    let (code, out, err) = firma(&pdf, &sg, &["--out", s(&uno), "--motivo", "Approvazione"]);
    assert_eq!(code, 0, "{out}{err}");
    // The second signatory's password from a file.
    let parola = tmp.path().join("password.txt");
    std::fs::write(&parola, "password\n").unwrap();
    let (code, out, err) = relazione(
        &[
            "firma",
            s(&uno),
            "--p12",
            s(&pr.p12),
            "--password-file",
            s(&parola),
            "--out",
            s(&due),
        ],
        &[],
    );
    assert_eq!(code, 0, "{out}{err}");
    let p = pdfsig(&due);
    assert_eq!(p.matches("Signature is Valid.").count(), 2, "{p}");
    let h = pyhanko(&due, &[&sg, &pr]);
    assert!(h.contains("Mario Rossi:") && h.contains("Dario Gallina:"), "{h}");
    assert!(!h.contains("INVALID"), "{h}");

    let (code, out) = verifica(&due, &[&sg, &pr], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Firma 1 di 2, campo «Mario Rossi»"), "{out}");
    assert!(out.contains("Firma 2 di 2, campo «Dario Gallina»"), "{out}");
    assert!(out.contains("copre: il file fino alla revisione 2 di 3"), "{out}");
    assert!(
        out.contains("Revisione 3: solo firme, campi di firma e metadati (firma «Dario Gallina»)"),
        "{out}"
    );
}

#[test]
fn empty_fields_left_by_build_are_filled_by_name_also_by_another_program() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = relazione_2022(
        tmp.path(),
        &["--campo-firma", "Segretario Generale", "--campo-firma", "Presidente"],
    );
    let p = pdfsig(&pdf);
    assert!(p.contains("Signature Field Name: Segretario Generale"), "{p}");
    assert!(p.contains("Signature Field Name: Presidente"), "{p}");
    assert_eq!(p.matches("The signature form field is not signed.").count(), 2, "{p}");

    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let pr = certificato(tmp.path(), "Dario Gallina", "ec", "nonRepudiation");
    let uno = tmp.path().join("uno.pdf");
    let (code, out, err) = firma(&pdf, &sg, &["--campo", "Segretario Generale", "--out", s(&uno)]);
    assert_eq!(code, 0, "{out}{err}");
    // The Presidente signs with another program, as an office would.
    let due = tmp.path().join("due.pdf");
    let (ok, testo) = comando(
        "pyhanko",
        &[
            "sign",
            "addsig",
            "--field",
            "Presidente",
            "pemder",
            "--key",
            s(&pr.chiave),
            "--cert",
            s(&pr.crt),
            "--no-pass",
            s(&uno),
            s(&due),
        ],
    );
    assert!(ok, "{testo}");
    let h = pyhanko(&due, &[&sg, &pr]);
    assert!(
        h.contains("Segretario Generale:") && h.contains("Presidente:") && !h.contains("INVALID"),
        "{h}"
    );
    let (code, out) = verifica(&due, &[&sg, &pr], &["--data", "data"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("campo di firma «Segretario Generale» aggiunto, vuoto"),
        "{out}"
    );
    assert!(
        out.contains("Revisione 5: solo firme, campi di firma e metadati"),
        "{out}"
    );
    assert!(
        out.contains("il PDF firmato è, byte per byte, quello che la cartella produce"),
        "{out}"
    );
    // A field that is signed is not signed again.
    let (code, _, err) = firma(
        &due,
        &sg,
        &["--campo", "Presidente", "--out", s(&tmp.path().join("tre.pdf"))],
    );
    assert_ne!(code, 0);
    assert!(err.contains("il campo di firma «Presidente» è già firmato"), "{err}");
}

#[test]
fn a_field_left_by_build_filled_by_pdfsig_is_a_valid_signature() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = relazione_2022(
        tmp.path(),
        &["--campo-firma", "Segretario Generale", "--campo-firma", "Presidente"],
    );
    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let pr = certificato(tmp.path(), "Dario Gallina", "rsa", "nonRepudiation");
    let uno = tmp.path().join("uno.pdf");
    let (code, out, err) = firma(&pdf, &sg, &["--campo", "Segretario Generale", "--out", s(&uno)]);
    assert_eq!(code, 0, "{out}{err}");
    // The Presidente's key in an NSS database, as poppler's pdfsig reads it.
    let nss = tmp.path().join("nss");
    std::fs::create_dir_all(&nss).unwrap();
    let db = format!("sql:{}", s(&nss));
    let (ok, t) = comando("certutil", &["-N", "-d", &db, "--empty-password"]);
    assert!(ok, "{t}");
    let (ok, t) = comando("pk12util", &["-i", s(&pr.p12), "-d", &db, "-W", "password", "-K", ""]);
    assert!(ok, "{t}");
    let due = tmp.path().join("due.pdf");
    let (_, t) = comando(
        "pdfsig",
        &[
            "-nssdir",
            &db,
            "-sign",
            "Presidente",
            "-nick",
            "Dario Gallina - Camera di commercio di Torino",
            s(&uno),
            s(&due),
        ],
    );
    let p = pdfsig(&due);
    assert_eq!(p.matches("Signature is Valid.").count(), 2, "{t}\n{p}");
    assert!(p.contains("Signature Field Name: Presidente"), "{p}");
    let (code, out) = verifica(&due, &[&sg, &pr], &["--data", "data"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Revisione 5: solo firme, campi di firma e metadati (firma «Presidente»)"),
        "{out}"
    );
    assert!(out.contains("tipo: adbe.pkcs7.detached"), "{out}");
    // pyHanko refuses the annotation's modification date (/M) that poppler adds
    // to the field it fills; it changes nothing a reader sees, and is allowed here.
    let h = pyhanko(&due, &[&sg, &pr]);
    assert!(h.contains("Presidente:") && h.contains(":VALID"), "{h}");
}

#[test]
fn bad_input_gets_a_clear_message_and_no_file() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = relazione_2022(tmp.path(), &[]);
    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let firmato = tmp.path().join("relazione-2022-firmato.pdf");

    let (code, _, err) = relazione(
        &["firma", s(&pdf), "--p12", s(&sg.p12)],
        &[("RELAZIONE_P12_PASSWORD", "sbagliata")],
    );
    assert_ne!(code, 0);
    assert!(err.contains("la password del file .p12 non è corretta"), "{err}");
    assert!(!firmato.exists());

    // A certificate only for encryption.
    let cifra = certificato(tmp.path(), "Solo Cifratura", "rsa", "keyEncipherment");
    let (code, _, err) = firma(&pdf, &cifra, &[]);
    assert_ne!(code, 0);
    assert!(err.contains("non è per firmare documenti"), "{err}");
    assert!(!firmato.exists());

    // Not a PDF, and a PDF cut short.
    let testo = tmp.path().join("lettera.pdf");
    std::fs::write(&testo, "Gentile Presidente,").unwrap();
    let (code, _, err) = firma(&testo, &sg, &[]);
    assert_ne!(code, 0);
    assert!(err.contains("non è un PDF"), "{err}");
    let tronco = tmp.path().join("tronco.pdf");
    let byte = std::fs::read(&pdf).unwrap();
    std::fs::write(&tronco, &byte[..byte.len() / 2]).unwrap();
    let (code, _, err) = firma(&tronco, &sg, &[]);
    assert_ne!(code, 0);
    assert!(
        err.contains("è un PDF danneggiato") && err.contains("troncato"),
        "{err}"
    );

    // An output that exists and is not a PDF is left alone.
    let altro = tmp.path().join("appunti.pdf");
    std::fs::write(&altro, "appunti della riunione").unwrap();
    let (code, _, err) = firma(&pdf, &sg, &["--out", s(&altro)]);
    assert_ne!(code, 0);
    assert!(err.contains("non lo sovrascrivo"), "{err}");
    assert_eq!(std::fs::read_to_string(&altro).unwrap(), "appunti della riunione");

    // The signed file never replaces the PDF signed, nor another signed PDF,
    // unless asked.
    let composto = std::fs::read(&pdf).unwrap();
    let (code, _, err) = firma(&pdf, &sg, &["--out", s(&pdf)]);
    assert_ne!(code, 0);
    assert!(err.contains("è il file da firmare"), "{err}");
    assert_eq!(std::fs::read(&pdf).unwrap(), composto);
    let (code, out, err) = firma(&pdf, &sg, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let firmato_una_volta = std::fs::read(&firmato).unwrap();
    let (code, _, err) = firma(&pdf, &sg, &["--out", s(&firmato)]);
    assert_ne!(code, 0);
    assert!(err.contains("è già un PDF firmato"), "{err}");
    assert_eq!(std::fs::read(&firmato).unwrap(), firmato_una_volta);
    let (code, out, err) = firma(&pdf, &sg, &["--out", s(&firmato), "--forza"]);
    assert_eq!(code, 0, "{out}{err}");
    std::fs::remove_file(&firmato).unwrap();

    // No password anywhere and no terminal to ask it on.
    let (code, _, err) = relazione(&["firma", s(&pdf), "--p12", s(&sg.p12)], &[]);
    assert_ne!(code, 0);
    assert!(err.contains("RELAZIONE_P12_PASSWORD"), "{err}");

    // Signing after the certificate expired, or before it is valid: the dates
    // are named. The certificate is valid for 30 days from today.
    let chiave = relazione::firma::ChiaveP12::apri(&std::fs::read(&sg.p12).unwrap(), "password").unwrap();
    let dopo = relazione::firma::Opzioni {
        ora: chrono::Utc::now() + chrono::Duration::days(60),
        ..Default::default()
    };
    let e = relazione::firma::firma_pdf(&byte, &pdf, &chiave, &dopo)
        .unwrap_err()
        .to_string();
    assert!(e.contains("è scaduto il") && e.contains("valido dal"), "{e}");
    let prima = relazione::firma::Opzioni {
        ora: chrono::Utc::now() - chrono::Duration::days(2),
        ..Default::default()
    };
    let e = relazione::firma::firma_pdf(&byte, &pdf, &chiave, &prima)
        .unwrap_err()
        .to_string();
    assert!(e.contains("sarà valido solo dal"), "{e}");
}

#[test]
fn signing_with_a_smart_card_through_pkcs11() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = relazione_2022(tmp.path(), &[]);
    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let (modulo, conf) = token(tmp.path(), &sg);
    let conf = s(&conf).to_string();
    let pin = tmp.path().join("pin.txt");
    std::fs::write(&pin, "123456\n").unwrap();
    let (code, out, err) = relazione(
        &["firma", s(&pdf), "--pkcs11", s(&modulo), "--pin-file", s(&pin)],
        &[("SOFTHSM2_CONF", &conf)],
    );
    assert_eq!(code, 0, "{out}{err}");
    let firmato = tmp.path().join("relazione-2022-firmato.pdf");
    let p = pdfsig(&firmato);
    assert!(p.contains("Signature is Valid.") && p.contains("CN=Mario Rossi"), "{p}");
    let h = pyhanko(&firmato, &[&sg]);
    assert!(h.contains(":VALID"), "{h}");
    let (code, out) = verifica(&firmato, &[&sg], &[]);
    assert_eq!(code, 0, "{out}");
    // Left for veraPDF, which `.ci/run` runs on it: signing keeps PDF/A and PDF/UA.
    std::fs::copy(
        &firmato,
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("firmata-pkcs11.pdf"),
    )
    .unwrap();

    // A wrong PIN is told as such, and nothing is written.
    std::fs::remove_file(&firmato).unwrap();
    let (code, _, err) = relazione(
        &["firma", s(&pdf), "--pkcs11", s(&modulo), "--token", "Carta CNS"],
        &[("SOFTHSM2_CONF", &conf), ("RELAZIONE_PIN", "000000")],
    );
    assert_ne!(code, 0);
    assert!(err.contains("il PIN non è corretto"), "{err}");
    assert!(!firmato.exists());
}
