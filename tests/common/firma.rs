//! What the signing tests share: certificates made with OpenSSL, the 2022
//! report built, and the validators others trust (`pdfsig`, pyHanko).

use super::s;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `relazione` with extra environment variables: exit code, stdout, stderr.
pub fn relazione(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_relazione"))
        .args(args)
        .env_remove("RELAZIONE_P12_PASSWORD")
        .env_remove("RELAZIONE_PIN")
        .envs(env.iter().copied())
        .output()
        .expect("run relazione");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn comando(programma: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(programma)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{programma} is needed for these tests ({e})"));
    let testo = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), testo)
}

/// A key and its self-signed certificate, made with OpenSSL, and the `.p12`
/// holding both (password `password`).
pub struct Certificato {
    pub chiave: PathBuf,
    pub crt: PathBuf,
    pub p12: PathBuf,
}

pub fn certificato(dir: &Path, nome: &str, algoritmo: &str, uso: &str) -> Certificato {
    let chiave = dir.join(format!("{nome}.key"));
    let crt = dir.join(format!("{nome}.crt"));
    let p12 = dir.join(format!("{nome}.p12"));
    let mut args = vec!["req", "-x509", "-nodes", "-days", "30"];
    match algoritmo {
        "rsa" => args.extend(["-newkey", "rsa:2048"]),
        _ => args.extend(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]),
    }
    let soggetto = format!("/C=IT/O=Camera di commercio di Torino/CN={nome}");
    let estensione = format!("keyUsage=critical,{uso}");
    args.extend([
        "-keyout",
        s(&chiave),
        "-out",
        s(&crt),
        "-subj",
        &soggetto,
        "-addext",
        &estensione,
    ]);
    let (ok, testo) = comando("openssl", &args);
    assert!(ok, "{testo}");
    let (ok, testo) = comando(
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-inkey",
            s(&chiave),
            "-in",
            s(&crt),
            "-out",
            s(&p12),
            "-passout",
            "pass:password",
        ],
    );
    assert!(ok, "{testo}");
    Certificato { chiave, crt, p12 }
}

/// The 2022 report, built into `dir`.
pub fn relazione_2022(dir: &Path, extra: &[&str]) -> PathBuf {
    let pdf = dir.join("relazione-2022.pdf");
    let mut args = vec!["build", "--out", s(&pdf)];
    args.extend(extra);
    let (code, out, err) = relazione(&args, &[]);
    assert_eq!(code, 0, "{out}{err}");
    pdf
}

pub fn firma(pdf: &Path, c: &Certificato, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["firma", s(pdf), "--p12", s(&c.p12)];
    args.extend(extra);
    relazione(&args, &[("RELAZIONE_P12_PASSWORD", "password")])
}

pub fn pdfsig(pdf: &Path) -> String {
    let (_, testo) = comando("pdfsig", &[s(pdf)]);
    testo
}

/// pyHanko's judgement of each signature, trusting the given certificates.
pub fn pyhanko(pdf: &Path, fidati: &[&Certificato]) -> String {
    let mut args = vec![
        "sign",
        "validate",
        "--executive-summary",
        "--trust-replace",
        "--no-revocation-check",
    ];
    for c in fidati {
        args.extend(["--trust", s(&c.crt)]);
    }
    args.push(s(pdf));
    comando("pyhanko", &args).1
}

/// A software token (SoftHSM2) that speaks PKCS#11 as a smart card does, with
/// the key and certificate of `c` on it.
pub fn token(dir: &Path, c: &Certificato) -> (PathBuf, PathBuf) {
    let modulo = [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .expect("SoftHSM2 is needed for this test (Debian package softhsm2)");
    let gettoni = dir.join("gettoni");
    std::fs::create_dir_all(&gettoni).unwrap();
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\n",
            gettoni.display()
        ),
    )
    .unwrap();
    let esegui = |programma: &str, args: &[&str]| {
        let out = Command::new(programma)
            .args(args)
            .env("SOFTHSM2_CONF", &conf)
            .output()
            .unwrap_or_else(|e| panic!("{programma} is needed (Debian packages softhsm2, opensc): {e}"));
        assert!(
            out.status.success(),
            "{programma}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    esegui(
        "softhsm2-util",
        &[
            "--init-token",
            "--free",
            "--label",
            "Carta CNS",
            "--pin",
            "123456",
            "--so-pin",
            "87654321",
        ],
    );
    let pk8 = dir.join("chiave.pk8");
    let (ok, t) = comando(
        "openssl",
        &["pkcs8", "-topk8", "-nocrypt", "-in", s(&c.chiave), "-out", s(&pk8)],
    );
    assert!(ok, "{t}");
    esegui(
        "softhsm2-util",
        &[
            "--import",
            s(&pk8),
            "--token",
            "Carta CNS",
            "--label",
            "firma",
            "--id",
            "01",
            "--pin",
            "123456",
        ],
    );
    let der = dir.join("cert.der");
    let (ok, t) = comando(
        "openssl",
        &["x509", "-in", s(&c.crt), "-outform", "DER", "-out", s(&der)],
    );
    assert!(ok, "{t}");
    esegui(
        "pkcs11-tool",
        &[
            "--module",
            s(&modulo),
            "--token-label",
            "Carta CNS",
            "--login",
            "--pin",
            "123456",
            "--write-object",
            s(&der),
            "--type",
            "cert",
            "--id",
            "01",
            "--label",
            "firma",
        ],
    );
    (modulo, conf)
}
