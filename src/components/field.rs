//! The one labelled field: a label, the input, what describes it, and its error, tied together with
//! `aria-describedby` and `aria-invalid` (the username, the code and both password fields).

use leptos::prelude::*;
use web_sys::Node;

use crate::dom::El;

/// A `div.epr-field`: the label, the input (or a row around it), `notes`, then the error paragraph,
/// hidden while there is no error. The input is `aria-invalid="true"` while there is an error, and is
/// described by `described_by`, then the error while there is one, then `also_describing` while it holds.
pub struct Field {
    /// The input's `id`, which the label points at.
    pub id: &'static str,
    /// What the label says.
    pub label: Node,
    /// The input, with its own attributes (the field adds `id` and the ARIA ones).
    pub input: El,
    /// The error paragraph's `id`.
    pub error_id: String,
    /// What is wrong with the value, when that should be shown.
    pub error: Memo<Option<String>>,
    /// Ids of what always describes the input (its help, a checklist), space-separated. Default: none.
    pub described_by: &'static str,
    /// An element that describes the input only while its signal holds (the Caps Lock warning), after
    /// the error. Default: none.
    pub also_describing: Option<(String, RwSignal<bool>)>,
    /// Beside the input, in a `div` of the class given (the show/hide toggle). Default: the input alone.
    pub beside: Option<(&'static str, Node)>,
    /// Between the input and its error (help, a warning). Default: none.
    pub notes: Vec<Node>,
}

impl Field {
    /// A field with the required parts; the others take their defaults.
    pub fn new(
        id: &'static str,
        label: Node,
        input: El,
        error_id: String,
        error: Memo<Option<String>>,
    ) -> Self {
        Self {
            id,
            label,
            input,
            error_id,
            error,
            described_by: "",
            also_describing: None,
            beside: None,
            notes: vec![],
        }
    }

    /// The field's nodes.
    pub fn render(self) -> Node {
        let Self { id, label, input, error_id, error, described_by, also_describing, beside, notes } = self;
        let invalid = move || error.with(Option::is_some);
        let described = {
            let error_id = error_id.clone();
            move || {
                let mut ids = described_by.to_owned();
                let extra = also_describing.as_ref().filter(|(_, on)| on.get()).map(|(id, _)| id);
                for id in invalid().then_some(&error_id).into_iter().chain(extra) {
                    ids = format!("{ids} {id}");
                }
                let ids = ids.trim_start();
                (!ids.is_empty()).then(|| ids.to_owned())
            }
        };
        let input =
            input.attr("id", id).bind_aria("aria-invalid", invalid).bind_attr("aria-describedby", described);
        let control = match beside {
            Some((class, beside)) => El::new("div").attr("class", class).child(input).child(beside).node(),
            None => input.node(),
        };
        El::new("div")
            .attr("class", "epr-field")
            .child(El::new("label").attr("for", id).child(label))
            .child(control)
            .children(notes)
            .child(
                El::new("p")
                    .attr("id", &error_id)
                    .attr("class", "epr-error")
                    .bind_flag("hidden", move || !invalid())
                    .bind_text(move || error.get().unwrap_or_default()),
            )
            .node()
    }
}
