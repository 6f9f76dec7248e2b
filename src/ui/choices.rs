//! Option lists several forms share, each led by a "choose" entry with an empty value.

use crate::domain::AgeBand;
use crate::i18n::{t, use_locale, Locale};

/// The age bands, labelled in the page's language.
pub fn age_band_options() -> Vec<(String, String)> {
    let english = use_locale() == Locale::En;
    std::iter::once((String::new(), t().common.choose.to_string()))
        .chain(AgeBand::ALL.iter().map(|b| {
            (b.code().to_string(), if english { b.label_en() } else { b.label_ja() }.to_string())
        }))
        .collect()
}

/// Numbered entries (districts, procedures) as options.
pub fn numbered_options(entries: &[(i64, String)]) -> Vec<(String, String)> {
    std::iter::once((String::new(), t().common.choose.to_string()))
        .chain(entries.iter().map(|(id, n)| (id.to_string(), n.clone())))
        .collect()
}
