//! Webhook payload templates: Handlebars, as Cal.com renders them.

use handlebars::{Handlebars, Template};

/// The Handlebars registry templates are checked and rendered with: default helpers, no strict mode (unknown
/// variables render empty, as in Cal.com), HTML escaping as Handlebars does it.
pub fn registry() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(false);
    hb
}

/// Checks that `source` is a Handlebars template Cal.com could render: it must parse, and rendering it against an
/// empty payload must not call an unknown helper. The error says where it fails.
pub fn check(source: &str) -> Result<(), String> {
    let template = Template::compile(source).map_err(|e| {
        let reason = e.reason().to_string();
        match e.pos() {
            Some((line, column)) => {
                format!("is not a valid Handlebars template at line {line}, column {column}: {reason}")
            }
            None => format!("is not a valid Handlebars template: {reason}"),
        }
    })?;
    let mut hb = registry();
    hb.register_template("payload", template);
    hb.render("payload", &serde_json::json!({})).map(|_| ()).map_err(|e| format!("cannot be rendered: {}", e.reason()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_cal_com_templates() {
        let example = r#"{"content":"A new event has been scheduled","type":"{{type}}","name":"{{title}}","organizer":"{{organizer.name}}","booker":"{{attendees.0.name}}"}"#;
        assert_eq!(check(example), Ok(()));
        assert_eq!(check("{{#each attendees}}{{name}},{{/each}}{{#if title}}x{{/if}}"), Ok(()));
        assert_eq!(check("plain text, no variables"), Ok(()));
    }

    #[test]
    fn says_where_a_template_breaks() {
        let err = check("{\"a\":\"{{title}\"}").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        let err = check("line one\n{{#if x}}never closed").unwrap_err();
        assert!(err.contains("Handlebars"), "{err}");
    }

    #[test]
    fn rejects_unknown_helpers() {
        let err = check("{{shout title}}").unwrap_err();
        assert!(err.contains("shout"), "{err}");
    }
}
