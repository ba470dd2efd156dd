//! What the fuzzers of reading share (included with `#[path]`, not a target).

/// A panic inside the reading library (calamine) on a malformed file is its
/// defect, which the program tells as a damaged file (`isolamento`): caught
/// by the target; any other panic still ends the run as a crash.
pub fn tollera_il_lettore() {
    static UNA_VOLTA: std::sync::Once = std::sync::Once::new();
    UNA_VOLTA.call_once(|| {
        let precedente = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !relazione::workbook::isolamento::panico_del_lettore(info) {
                precedente(info);
            }
        }));
    });
}
