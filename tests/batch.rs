//! Several report folders built together: each its own PDF and its own errors.

use crate::common;
use common::{Libro, t};
use std::process::Command;

#[test]
fn one_failure_does_not_stop_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let a = Libro::valido().scrivi(&tmp.path().join("ente-a"));
    let b = Libro::valido()
        .set("Indicatori", "J2", t("molti"))
        .scrivi(&tmp.path().join("ente-b"));
    let c = Libro::valido().scrivi(&tmp.path().join("ente-c"));
    let out = tmp.path().join("pdf");
    let r = Command::new(env!("CARGO_BIN_EXE_relazione"))
        .args([
            "build",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            c.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let testo = String::from_utf8_lossy(&r.stdout);
    assert_eq!(r.status.code(), Some(1), "{testo}");
    assert!(out.join("relazione-2022-ente-a.pdf").is_file());
    assert!(out.join("relazione-2022-ente-c.pdf").is_file());
    assert!(!out.join("relazione-2022-ente-b.pdf").exists());
    assert!(testo.contains("ente-b") && testo.contains("Indicatori!J2"), "{testo}");
    assert!(testo.contains("2 relazioni composte, 1 non riuscita."), "{testo}");
}
