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
    esporta_p12(&chiave, &crt, None, &p12);
    Certificato { chiave, crt, p12 }
}

/// The key and its certificate (with the rest of its chain) in a `.p12`,
/// password `password`.
fn esporta_p12(chiave: &Path, crt: &Path, catena: Option<&Path>, p12: &Path) {
    let mut args = vec!["pkcs12", "-export", "-inkey", s(chiave), "-in", s(crt), "-out", s(p12)];
    if let Some(c) = catena {
        args.extend(["-certfile", s(c)]);
    }
    args.extend(["-passout", "pass:password"]);
    let (ok, testo) = comando("openssl", &args);
    assert!(ok, "{testo}");
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

/// The 2022 report composed in `dir` and signed by Mario Rossi (RSA, non
/// repudiation): the PDF as composed, the signed file, and his certificate.
pub fn firmata_2022(dir: &Path) -> (PathBuf, PathBuf, Certificato) {
    let pdf = relazione_2022(dir, &[]);
    let sg = certificato(dir, "Mario Rossi", "rsa", "nonRepudiation");
    let (code, out, err) = firma(&pdf, &sg, &[]);
    assert_eq!(code, 0, "{out}{err}");
    (pdf, dir.join("relazione-2022-firmato.pdf"), sg)
}

pub fn pdfsig(pdf: &Path) -> String {
    let (_, testo) = comando("pdfsig", &[s(pdf)]);
    testo
}

/// pyHanko's judgement of each signature, trusting the given certificates.
pub fn pyhanko(pdf: &Path, fidati: &[&Certificato]) -> String {
    pyhanko_con(pdf, fidati, &[])
}

/// [`pyhanko`] with more options (`--validation-time`, say).
pub fn pyhanko_con(pdf: &Path, fidati: &[&Certificato], extra: &[&str]) -> String {
    let mut args = vec![
        "sign",
        "validate",
        "--executive-summary",
        "--trust-replace",
        "--no-revocation-check",
    ];
    args.extend(extra);
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

/// Runs `programma` as if the clock said `quando` (libfaketime, Debian's
/// `faketime`), or now.
pub fn comando_al(quando: Option<&str>, programma: &str, args: &[&str]) -> (bool, String) {
    match quando {
        Some(q) => {
            let mut v = vec![q, programma];
            v.extend_from_slice(args);
            comando("faketime", &v)
        }
        None => comando(programma, args),
    }
}

/// A certification authority made at `quando`, valid ten years.
pub fn autorita(dir: &Path, nome: &str, quando: Option<&str>) -> Certificato {
    let chiave = dir.join(format!("{nome}.key"));
    let crt = dir.join(format!("{nome}.crt"));
    let soggetto = format!("/C=IT/O=Prestatore di prova/CN={nome}");
    let (ok, t) = comando_al(
        quando,
        "openssl",
        &[
            "req",
            "-x509",
            "-nodes",
            "-days",
            "3650",
            "-newkey",
            "rsa:2048",
            "-keyout",
            s(&chiave),
            "-out",
            s(&crt),
            "-subj",
            &soggetto,
            "-addext",
            "basicConstraints=critical,CA:true",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    assert!(ok, "{t}");
    Certificato {
        p12: dir.join(format!("{nome}.p12")),
        chiave,
        crt,
    }
}

/// A certificate issued by `ca` at `quando` for `giorni` days, with the
/// extensions `estensioni` (lines of an OpenSSL extension file), and its `.p12`.
pub fn emesso(
    dir: &Path,
    ca: &Certificato,
    nome: &str,
    estensioni: &str,
    giorni: u32,
    quando: Option<&str>,
) -> Certificato {
    let chiave = dir.join(format!("{nome}.key"));
    let csr = dir.join(format!("{nome}.csr"));
    let crt = dir.join(format!("{nome}.crt"));
    let p12 = dir.join(format!("{nome}.p12"));
    let ext = dir.join(format!("{nome}.ext"));
    std::fs::write(&ext, estensioni).unwrap();
    let soggetto = format!("/C=IT/O=Camera di commercio di Torino/CN={nome}");
    let (ok, t) = comando(
        "openssl",
        &[
            "req",
            "-new",
            "-nodes",
            "-newkey",
            "rsa:2048",
            "-keyout",
            s(&chiave),
            "-out",
            s(&csr),
            "-subj",
            &soggetto,
        ],
    );
    assert!(ok, "{t}");
    let giorni = giorni.to_string();
    let (ok, t) = comando_al(
        quando,
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            s(&csr),
            "-CA",
            s(&ca.crt),
            "-CAkey",
            s(&ca.chiave),
            "-CAcreateserial",
            "-days",
            &giorni,
            "-extfile",
            s(&ext),
            "-out",
            s(&crt),
        ],
    );
    assert!(ok, "{t}");
    esporta_p12(&chiave, &crt, Some(&ca.crt), &p12);
    Certificato { chiave, crt, p12 }
}

/// `relazione verifica FILE --fiducia …`: exit code and all it printed.
pub fn verifica(file: &Path, fidati: &[&Certificato], extra: &[&str]) -> (i32, String) {
    let mut args = vec!["verifica", s(file)];
    for c in fidati {
        args.extend(["--fiducia", s(&c.crt)]);
    }
    args.extend(extra);
    let (code, out, err) = relazione(&args, &[]);
    (code, out + &err)
}

/// Whether pyHanko's validator, trusting `fidati`, calls every signature of
/// `pdf` valid (intact, trusted, and no change after it beyond what its
/// policy allows).
pub fn pyhanko_valido(pdf: &Path, fidati: &[&Certificato]) -> bool {
    valido_per_pyhanko(&pyhanko(pdf, fidati))
}

/// Whether pyHanko's executive summary `t` calls every signature valid.
pub fn valido_per_pyhanko(t: &str) -> bool {
    let righe: Vec<&str> = t.lines().filter(|l| l.matches(':').count() >= 2).collect();
    !righe.is_empty() && righe.iter().all(|l| l.ends_with(":VALID"))
}

/// Asserts that `relazione verifica` is never more lenient than pyHanko on `pdf`.
pub fn mai_piu_indulgente(pdf: &Path, fidati: &[&Certificato], codice: i32) {
    if codice == 0 {
        assert!(
            pyhanko_valido(pdf, fidati),
            "verifica calls {} valid, pyHanko does not:\n{}",
            pdf.display(),
            pyhanko(pdf, fidati)
        );
    }
}
