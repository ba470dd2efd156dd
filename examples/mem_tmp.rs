fn rss() -> String {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .collect::<Vec<_>>()
        .join(" ")
}
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let r = relazione::carica(&dir).unwrap();
    eprintln!("caricato: {}", rss());
    let modelli = relazione::render::Modelli::default();
    let sorgenti = relazione::render::genera(&r, &modelli).unwrap();
    eprintln!(
        "sorgenti: {} ({} KB)",
        rss(),
        sorgenti.file.values().map(|s| s.len()).sum::<usize>() / 1024
    );
    let mondo = relazione::typeset::Mondo::new(&sorgenti, &dir, None, None);
    let (doc, _) = relazione::typeset::impagina(&mondo);
    let doc = doc.unwrap();
    eprintln!("impaginato: {}", rss());
    if std::env::args().nth(2).is_some() {
        comemo::evict(0);
        eprintln!("evict: {}", rss());
    }
    let id = relazione::build::identita(&r);
    let pdf = relazione::typeset::esporta(&mondo, &doc, &id).unwrap();
    eprintln!("esportato: {} ({} KB)", rss(), pdf.len() / 1024);
}
