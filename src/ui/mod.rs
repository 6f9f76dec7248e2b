//! Shared components: form fields that re-show what was typed with the error beside them,
//! notices, and page states.

mod choices;
mod erase;
mod fields;
pub mod form;
pub mod islands;
mod load;
mod page;
mod table;

pub use choices::{age_band_options, numbered_options};
pub use erase::EraseSection;
pub use fields::{
    described_by, CheckboxGroup, Field, FieldNotes, SelectField, SubmitButton, TextArea,
};
pub use form::{use_form_errors, ErrorSummary, Notice};
pub use load::{by_id, Loaded};
pub use page::{error_view, id_param, loading, Forbidden, NotFound, PageTitle};
pub use table::{FigureTable, Table};
