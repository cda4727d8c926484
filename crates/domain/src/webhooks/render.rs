//! The HTTP body of one delivery and its `Content-Type`, as Cal.com's `sendPayload` builds them (digest §6.1, §6.3).
//!
//! * `MEETING_STARTED` / `MEETING_ENDED`: `{"triggerEvent":…, ...row}`, flat; the template is ignored.
//! * No template (or an empty one), or a payload templates do not apply to (the meeting rows and the test ping, see
//!   [`PayloadShape::accepts_template`]): `{"triggerEvent","createdAt","payload"}`, `application/json`.
//! * A template: rendered with Handlebars on the payload's keys at the root plus `triggerEvent` and `createdAt`.
//!   The content type is `application/json` when the template text itself parses as JSON (to a truthy value, as
//!   Cal.com tests it), else `application/x-www-form-urlencoded` and the rendered text is sent as is. A JSON
//!   template's output is parsed and re-serialized compactly.
//!
//! Rendering follows JavaScript Handlebars, which Cal.com runs:
//! * values are escaped as Handlebars escapes them (`& < > " ' \` =` become
//!   `&amp; &lt; &gt; &quot; &#x27; &#x60; &#x3D;`), then every `&quot;` of the output is turned back into `"`, as
//!   Cal.com does — so a value containing `"` breaks a JSON template. Cal.com then sends the literal body `false`;
//!   Calends fails the attempt with the reason instead (it is recorded and listed with the delivery's attempts);
//! * paths are read as JavaScript reads them: dots or `[n]` index arrays, `length` is the length of an array or a
//!   string, and a name looked up on an array or a missing value finds nothing (handlebars-rust alone would fail
//!   the whole rendering on `{{attendees.name}}`);
//! * `{{x}}` prints values as JavaScript's `String(x)`: numbers as JavaScript writes them (`1`, not `1.0`; `1e+21`),
//!   arrays joined with commas, objects as `[object Object]`, `null` and missing values as nothing;
//! * JSON output is written as `JSON.stringify` writes it (numbers as above, integer-like keys first).
//!
//! Known differences from JavaScript Handlebars, all in rarely used corners:
//! * values returned by helpers (`{{lookup attendees 0}}`) print as handlebars-rust prints them (`[object]` for an
//!   object, `[a, b]` for an array), and a single name (`{{length}}` inside `{{#with attendees}}`) is read by
//!   handlebars-rust;
//! * handlebars-rust treats an empty object as false in `{{#if}}` (JavaScript: true) and offers the helpers `eq`, `ne`,
//!   `gt`, `gte`, `lt`, `lte`, `and`, `or`, `not` and `len`, which JavaScript Handlebars lacks (templates using them
//!   would fail in Cal.com but work here);
//! * a template text whose JSON test would differ between `JSON.parse` and serde_json (lone UTF-16 surrogates in
//!   escapes, numbers beyond the range of a double) is classified by serde_json.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use handlebars::template::{HelperTemplate, Parameter, Subexpression, TemplateElement};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, Path, PathSeg, RenderContext, RenderError,
    ScopedJson, Template,
};
use serde_json::{Map, Value};

use super::payload::{PayloadShape, TriggerEvent};
use crate::template;
use crate::times::iso_utc;

/// `Content-Type` of JSON bodies.
pub const JSON: &str = "application/json";
/// `Content-Type` of bodies rendered from a template that is not JSON (Cal.com's choice, whatever the text is).
pub const FORM: &str = "application/x-www-form-urlencoded";

/// The body of one delivery, exactly as sent and signed, and its `Content-Type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub body: String,
    pub content_type: &'static str,
}

/// Builds the body of a delivery of `payload` for `trigger` (a
/// [`WebhookTrigger`](calends_model::webhooks::WebhookTrigger) or [`TriggerEvent::Ping`]) made at `created_at`,
/// shaped by the webhook's `template` when it has one that applies.
///
/// Errors say why no body exists: a template that does not compile, calls an unknown helper, or (JSON templates)
/// renders text that is not JSON; or a payload that is not an object where one is needed. The delivery records the
/// error as a failed attempt.
pub fn render(
    trigger: impl Into<TriggerEvent>,
    created_at: DateTime<Utc>,
    payload: &Value,
    template: Option<&str>,
) -> Result<Rendered, String> {
    let event = trigger.into();
    let shape = PayloadShape::of(event);
    if shape.is_flat() {
        return flat(event, payload);
    }
    let created_at = iso_utc(created_at);
    match template.filter(|t| !t.is_empty() && shape.accepts_template()) {
        None => {
            let mut body = Map::new();
            body.insert("triggerEvent".into(), event.as_str().into());
            body.insert("createdAt".into(), created_at.into());
            body.insert("payload".into(), payload.clone());
            Ok(Rendered { body: to_js_json(&Value::Object(body)), content_type: JSON })
        }
        Some(template) => {
            let Value::Object(fields) = payload else {
                return Err(format!("the {event} payload is not an object, so a template cannot use its fields"));
            };
            // `{...payload, triggerEvent, createdAt}`: the two delivery fields win over payload keys of that name.
            let mut data = fields.clone();
            data.insert("triggerEvent".into(), event.as_str().into());
            data.insert("createdAt".into(), created_at.into());
            apply_template(template, &Value::Object(data))
        }
    }
}

/// `{triggerEvent, ...row}`: Cal.com's body of the meeting triggers.
fn flat(event: TriggerEvent, payload: &Value) -> Result<Rendered, String> {
    let Value::Object(row) = payload else {
        return Err(format!("the {event} payload must be the booking row, an object"));
    };
    let mut body = Map::new();
    body.insert("triggerEvent".into(), event.as_str().into());
    for (key, value) in row {
        body.insert(key.clone(), value.clone());
    }
    Ok(Rendered { body: to_js_json(&Value::Object(body)), content_type: JSON })
}

/// Whether Cal.com sends a template's output as JSON: `JSON.parse(template)` succeeds with a truthy value.
pub fn template_is_json(template: &str) -> bool {
    serde_json::from_str::<Value>(template).is_ok_and(|v| js_truthy(&v))
}

fn apply_template(template: &str, data: &Value) -> Result<Rendered, String> {
    let is_json = template_is_json(template);
    let text = render_handlebars(template, data)?.replace("&quot;", "\"");
    if !is_json {
        return Ok(Rendered { body: text, content_type: FORM });
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(value) => Ok(Rendered { body: to_js_json(&value), content_type: JSON }),
        Err(e) => Err(format!(
            "the template rendered invalid JSON: {e} (in the rendered text; a value containing a double quote or a \
             backslash breaks a JSON template, as in Cal.com)"
        )),
    }
}

/// Name of the helper every `{{path}}` is rewritten to call; not a name a template would use.
const VALUE_HELPER: &str = "__calends_js_value";
/// Name of the helper that reads the rest of a dotted path given to a helper, for the same reason.
const PATH_HELPER: &str = "__calends_js_path";

/// The helpers `handlebars::Handlebars::new()` registers. A `{{name}}` with one of these names calls the helper,
/// so it must not be rewritten into a value lookup. (handlebars-rust has no public way to ask.)
const BUILTIN_HELPERS: &[&str] = &[
    "if", "unless", "each", "with", "lookup", "raw", "log", "eq", "ne", "gt", "gte", "lt", "lte", "and", "or", "not",
    "len",
];

/// Renders `source` with the registry templates are checked with at creation ([`template::registry`]), plus
/// JavaScript's escaping, value printing and property lookup.
fn render_handlebars(source: &str, data: &Value) -> Result<String, String> {
    let mut compiled = Template::compile(source).map_err(|e| match e.pos() {
        Some((line, column)) => {
            format!("the template is not valid Handlebars at line {line}, column {column}: {}", e.reason())
        }
        None => format!("the template is not valid Handlebars: {}", e.reason()),
    })?;
    rewrite(&mut compiled.elements);
    let mut hb = template::registry();
    hb.register_escape_fn(js_escape);
    hb.register_helper(VALUE_HELPER, Box::new(js_value_helper));
    hb.register_helper(PATH_HELPER, Box::new(PathHelper));
    hb.register_template("payload", compiled);
    hb.render("payload", data).map_err(|e| format!("the template cannot be rendered: {}", e.reason()))
}

/// Rewrites the compiled template so that paths are read and printed as JavaScript Handlebars does, which
/// handlebars-rust offers no hook for:
/// * `{{a.b.c}}` / `{{{a.b.c}}}` become `{{__calends_js_value a "b" "c"}}`: handlebars-rust resolves `a` (with any
///   `this`, `../` or `@root` before it, and block parameters), the helper reads `b` and `c` and prints the value;
/// * a dotted path given to a helper (`{{#each a.b}}`, `{{#if a.length}}`) becomes `(__calends_js_path a "b")`.
///
/// The keys are read by [`step`] rather than by handlebars-rust because handlebars-rust fails the whole rendering
/// when a name is looked up on an array (`{{attendees.name}}`), where JavaScript finds nothing, and cannot read
/// `length`.
fn rewrite(elements: &mut [TemplateElement]) {
    for element in elements {
        match element {
            TemplateElement::Expression(ht) | TemplateElement::HtmlExpression(ht) => {
                let name_only = !ht.block && ht.params.is_empty() && ht.hash.is_empty();
                match &ht.name {
                    Parameter::Path(path) if name_only && !names_helper(path) => {
                        ht.params = match split_path(path) {
                            Some((head, keys)) => path_params(head, keys),
                            None => vec![Parameter::Path(path.clone())],
                        };
                        ht.name = Parameter::Name(VALUE_HELPER.to_owned());
                    }
                    _ => rewrite_params(ht),
                }
            }
            TemplateElement::HelperBlock(ht) => {
                rewrite_params(ht);
                for t in [&mut ht.template, &mut ht.inverse].into_iter().flatten() {
                    rewrite(&mut t.elements);
                }
            }
            TemplateElement::DecoratorBlock(dt) | TemplateElement::PartialBlock(dt) => {
                if let Some(t) = &mut dt.template {
                    rewrite(&mut t.elements);
                }
            }
            _ => {}
        }
    }
}

fn rewrite_params(ht: &mut HelperTemplate) {
    for param in ht.params.iter_mut().chain(ht.hash.values_mut()) {
        match param {
            Parameter::Path(path) => {
                if let Some((head, keys)) = split_path(path) {
                    let name = Parameter::Name(PATH_HELPER.to_owned());
                    *param =
                        Parameter::Subexpression(Subexpression::new(name, path_params(head, keys), HashMap::new()));
                }
            }
            Parameter::Subexpression(sub) => {
                if let TemplateElement::Expression(inner) = sub.element.as_mut() {
                    rewrite_params(inner);
                }
            }
            _ => {}
        }
    }
}

fn names_helper(path: &Path) -> bool {
    matches!(path, Path::Relative((segs, raw)) if segs.len() == 1 && BUILTIN_HELPERS.contains(&raw.as_str()))
}

/// Splits `../a.b.c` into the part handlebars-rust resolves (`../a`: everything up to the first name) and the keys
/// after it (`b`, `c`); `None` when nothing follows the first name.
fn split_path(path: &Path) -> Option<(Path, Vec<String>)> {
    let Path::Relative((segs, raw)) = path else { return None };
    let first = segs.iter().position(|s| matches!(s, PathSeg::Named(_)))?;
    let (head, tail) = segs.split_at(first + 1);
    if tail.is_empty() {
        return None;
    }
    let keys =
        tail.iter().map(|s| if let PathSeg::Named(k) = s { Some(k.clone()) } else { None }).collect::<Option<_>>()?;
    // The raw text only labels the path in handlebars-rust's messages.
    Some((Path::Relative((head.to_vec(), raw.clone())), keys))
}

fn path_params(head: Path, keys: Vec<String>) -> Vec<Parameter> {
    std::iter::once(Parameter::Path(head))
        .chain(keys.into_iter().map(|k| Parameter::Literal(Value::String(k))))
        .collect()
}

/// JavaScript Handlebars' property lookup (`lookupProperty`) of `key` on `value`: an object's own key, an array's
/// or a string's index or `length`; nothing on anything else.
fn step(value: &Value, key: &str) -> Option<Value> {
    match value {
        Value::Object(map) => map.get(key).cloned(),
        Value::Array(items) if key == "length" => Some(items.len().into()),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)).cloned(),
        // JavaScript strings count UTF-16 code units.
        Value::String(s) if key == "length" => Some(s.encode_utf16().count().into()),
        Value::String(s) => key
            .parse::<usize>()
            .ok()
            .and_then(|i| s.encode_utf16().nth(i))
            .map(|unit| Value::String(String::from_utf16_lossy(&[unit]))),
        _ => None,
    }
}

/// The value at the path given as a resolved head and literal keys (see [`rewrite`]); `None` when it is missing.
fn walk(h: &Helper) -> Option<Value> {
    let head = h.param(0).filter(|p| !p.is_value_missing())?;
    let mut keys = h.params().iter().skip(1).map(|p| p.value().as_str().unwrap_or_default());
    let Some(first) = keys.next() else { return Some(head.value().clone()) };
    keys.try_fold(step(head.value(), first)?, |value, key| step(&value, key))
}

/// Prints the value at its path as JavaScript's `String(value)` would, escaped unless inside `{{{…}}}`.
fn js_value_helper(
    h: &Helper,
    r: &Handlebars,
    _: &Context,
    rc: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let text = walk(h).map(|v| js_string(&v)).unwrap_or_default();
    if !text.is_empty() {
        let text = if rc.is_disable_escape() { text } else { r.get_escape_fn()(&text) };
        out.write(&text)?;
    }
    Ok(())
}

/// Gives a helper the value at a dotted path, read as JavaScript reads it (missing when JavaScript finds nothing).
struct PathHelper;

impl HelperDef for PathHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        Ok(walk(h).map_or(ScopedJson::Missing, ScopedJson::Derived))
    }
}

/// JavaScript Handlebars' `escapeExpression`.
pub fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '`' => out.push_str("&#x60;"),
            '=' => out.push_str("&#x3D;"),
            c => out.push(c),
        }
    }
    out
}

/// JavaScript's `String(value)` of a JSON value; `null` gives nothing, as Handlebars prints it.
pub fn js_string(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => s.clone(),
        // Array.prototype.toString: items joined with commas, null items empty, nested arrays flattened the same way.
        Value::Array(items) => items.iter().map(js_string).collect::<Vec<_>>().join(","),
        Value::Object(_) => "[object Object]".to_owned(),
    }
}

/// JavaScript's `Number.prototype.toString()` (ECMA-262 Number::toString, radix 10): the shortest digits that read
/// back as `x`, in plain notation for exponents from -7 to 20 and in `1.5e+21` notation outside.
pub fn js_number(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if x < 0.0 {
        return format!("-{}", js_number(-x));
    }
    // Rust's `{:e}` gives the same shortest round-trip digits: `d.ddde<exp>`.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    // `x = 0.digits × 10^n`.
    let n = exp.parse::<i64>().unwrap_or(0) + 1;
    if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let sign = if e < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() { format!("{first}e{sign}{}", e.abs()) } else { format!("{first}.{rest}e{sign}{}", e.abs()) }
    }
}

/// JavaScript truthiness of a parsed JSON value.
fn js_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// Compact JSON as JavaScript's `JSON.stringify` writes it: numbers as JavaScript prints them (`1` for `1.0`) and
/// object keys in JavaScript's property order (keys that are array indices first, ascending, then the others in
/// insertion order). Strings are escaped as serde_json escapes them, which is the same set.
pub fn to_js_json(value: &Value) -> String {
    let mut out = String::new();
    write_js_json(value, &mut out);
    out
}

fn write_js_json(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.is_finite() => out.push_str(&js_number(f)),
            _ => out.push_str("null"),
        },
        Value::String(s) => out.push_str(&Value::String(s.clone()).to_string()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_js_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut indexed: Vec<(u32, &String, &Value)> =
                map.iter().filter_map(|(k, v)| array_index(k).map(|i| (i, k, v))).collect();
            indexed.sort_by_key(|(i, _, _)| *i);
            let named = map.iter().filter(|(k, _)| array_index(k).is_none());
            out.push('{');
            for (n, (key, value)) in indexed.into_iter().map(|(_, k, v)| (k, v)).chain(named).enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_js_json(value, out);
            }
            out.push('}');
        }
    }
}

/// A key JavaScript orders first: the canonical decimal form of an integer from 0 to 2^32 − 2.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || (key.len() > 1 && key.starts_with('0')) || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u32>().ok().filter(|&i| i != u32::MAX)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use calends_model::webhooks::WebhookTrigger;

    use super::*;
    use crate::webhooks::payload::tests::{booking, event_type, host, utc};
    use crate::webhooks::payload::{BookingContext, booking_created, meeting_row, ping};

    const EXAMPLE: &str = r#"{"content":"A new event has been scheduled","type":"{{type}}","name":"{{title}}","organizer":"{{organizer.name}}","booker":"{{attendees.0.name}}"}"#;

    fn created() -> Value {
        let (b, h, et) = (booking(), host(), event_type());
        booking_created(&BookingContext { booking: &b, host: &h, event_type: Some(&et) })
    }

    fn at() -> DateTime<Utc> {
        utc("2050-09-01T10:00:00.123Z")
    }

    fn form(template: &str, payload: &Value) -> String {
        let r = render(WebhookTrigger::BookingCreated, at(), payload, Some(template)).unwrap();
        assert_eq!(r.content_type, FORM, "{template}");
        r.body
    }

    #[test]
    fn default_body_wraps_the_payload() {
        let payload = json!({"title": "T", "n": 1});
        for template in [None, Some("")] {
            let r = render(WebhookTrigger::BookingCreated, at(), &payload, template).unwrap();
            assert_eq!(r.content_type, JSON);
            assert_eq!(
                r.body,
                r#"{"triggerEvent":"BOOKING_CREATED","createdAt":"2050-09-01T10:00:00.123Z","payload":{"title":"T","n":1}}"#
            );
        }
    }

    #[test]
    fn cal_com_example_template() {
        let r = render(WebhookTrigger::BookingCreated, at(), &created(), Some(EXAMPLE)).unwrap();
        assert_eq!(r.content_type, JSON);
        assert_eq!(
            r.body,
            r#"{"content":"A new event has been scheduled","type":"intro","name":"Intro between Ada Lovelace and Grace Hopper","organizer":"Ada Lovelace","booker":"Grace Hopper"}"#
        );
    }

    #[test]
    fn json_templates_are_compacted_and_see_delivery_fields() {
        let template = concat!(
            "{\n",
            r#"  "event": "{{triggerEvent}}","#,
            "\n",
            r#"  "at": "{{createdAt}}","#,
            "\n",
            r#"  "who": "{{attendees.[0].email}}","#,
            "\n",
            r#"  "notes": "{{responses.notes.value}}","#,
            "\n",
            r#"  "video": "{{metadata.videoCallUrl}}""#,
            "\n}"
        );
        let r = render(WebhookTrigger::BookingCreated, at(), &created(), Some(template)).unwrap();
        assert_eq!(r.content_type, JSON);
        assert_eq!(
            r.body,
            r#"{"event":"BOOKING_CREATED","at":"2050-09-01T10:00:00.123Z","who":"grace@example.com","notes":"Bring the &lt;compiler&gt; &amp; &#x27;tapes&#x27;","video":"https://video.example/42"}"#
        );
    }

    #[test]
    fn a_double_quote_in_a_value_breaks_a_json_template() {
        let payload = json!({"title": "The \"big\" one"});
        let err = render(WebhookTrigger::BookingCreated, at(), &payload, Some(r#"{"name":"{{title}}"}"#)).unwrap_err();
        assert!(err.starts_with("the template rendered invalid JSON: "), "{err}");
        assert!(err.contains("double quote"), "{err}");
        // In a form template the quote comes through unescaped, as in Cal.com.
        assert_eq!(form("name={{title}}", &payload), "name=The \"big\" one");
    }

    #[test]
    fn non_json_templates_are_sent_verbatim_as_form() {
        let body = form("title={{title}}&type={{type}}\n", &created());
        assert_eq!(body, "title=Intro between Ada Lovelace and Grace Hopper&type=intro\n");
        // `{"n": {{length}}}` is not JSON before rendering, so it is a form template even though its output is JSON.
        assert_eq!(form(r#"{"n": {{length}}}"#, &created()), r#"{"n": 30}"#);
        // Templates that parse to a falsy JSON value are not JSON templates either (Cal.com tests truthiness).
        assert_eq!(form("0", &created()), "0");
        assert!(template_is_json(" {\"a\": 1} ") && !template_is_json("null") && !template_is_json("\"\""));
    }

    #[test]
    fn unknown_variables_render_empty() {
        assert_eq!(form("[{{nope}}][{{organizer.timezone}}][{{attendees.5.name}}]", &created()), "[][][]");
    }

    #[test]
    fn escaping_matches_javascript_handlebars() {
        let payload = json!({"v": "<a href='x'>&`=\"</a>"});
        assert_eq!(form("{{v}}", &payload), "&lt;a href&#x3D;&#x27;x&#x27;&gt;&amp;&#x60;&#x3D;\"&lt;/a&gt;");
        assert_eq!(form("{{{v}}}", &payload), "<a href='x'>&`=\"</a>");
        assert_eq!(form("{{&v}}", &payload), "<a href='x'>&`=\"</a>");
        assert_eq!(js_escape("&<>\"'`="), "&amp;&lt;&gt;&quot;&#x27;&#x60;&#x3D;");
    }

    #[test]
    fn values_print_as_javascript_prints_them() {
        let payload = json!({
            "n": 1.0, "big": 1e21, "small": 1e-7, "frac": 0.1, "neg": -2.5, "t": true, "f": false, "z": null,
            "list": ["a", 1, null, ["b", "c"], {"k": 1}], "obj": {"k": "v"}, "empty": [],
        });
        assert_eq!(
            form("{{n}}|{{big}}|{{small}}|{{frac}}|{{neg}}|{{t}}|{{f}}|{{z}}|{{list}}|{{obj}}|{{empty}}", &payload),
            "1|1e+21|1e-7|0.1|-2.5|true|false||a,1,,b,c,[object Object]|[object Object]|"
        );
        assert_eq!(
            form("{{{list}}}|{{list.length}}|{{obj.k.length}}|{{list.0}}|{{list.3}}", &payload),
            "a,1,,b,c,[object Object]|5|1|a|b,c"
        );
        assert_eq!(form("{{attendees}}", &created()), "[object Object],[object Object]");
    }

    #[test]
    fn blocks_and_helpers_work() {
        let body = form(
            "{{#each attendees}}{{@index}}:{{name}}<{{email}}>{{#unless @last}}, {{/unless}}{{/each}}\
             {{#if cancellationReason}}!{{else}} ok{{/if}}{{#with organizer}} by {{name}}{{/with}}",
            &created(),
        );
        assert_eq!(body, "0:Grace Hopper<grace@example.com>, 1:<linus@example.com> ok by Ada Lovelace");
        assert_eq!(
            form("{{#each responses}}{{@key}};{{/each}}", &created()),
            "name;email;company;title;notes;guests;rescheduleReason;"
        );
        assert_eq!(form("{{lookup organizer 'name'}}", &created()), "Ada Lovelace");
    }

    #[test]
    fn paths_are_read_as_javascript_reads_them() {
        let p = created();
        // A name on an array finds nothing instead of failing the rendering.
        assert_eq!(form("[{{attendees.name}}][{{attendees.0.name.first}}][{{title.nope}}]", &p), "[][][]");
        assert_eq!(
            form("{{attendees.length}} {{title.length}} {{type.0}} {{attendees.[1].email}}", &p),
            "2 43 i linus@example.com"
        );
        assert_eq!(form("{{#if attendees.length}}some{{/if}}{{#if attendees.name}}never{{/if}}", &p), "some");
        assert_eq!(form("{{#each attendees.name}}x{{else}}none{{/each}}", &p), "none");
        assert_eq!(form("{{#each organizer.language}}{{@key}}={{this}}{{/each}}", &p), "locale=it");
        assert_eq!(form("{{#each attendees as |a|}}{{a.email}};{{/each}}", &p), "grace@example.com;linus@example.com;");
        assert_eq!(
            form("{{#each attendees}}{{../organizer.name}}/{{@root.type}};{{/each}}", &p),
            "Ada Lovelace/intro;Ada Lovelace/intro;"
        );
        assert_eq!(form("{{#with organizer}}{{language.locale}}{{/with}}", &p), "it");
        assert_eq!(form("{{lookup attendees.0 'email'}}", &p), "grace@example.com");
    }

    #[test]
    fn broken_templates_and_unknown_helpers_fail_with_the_reason() {
        let err = render(WebhookTrigger::BookingCreated, at(), &created(), Some("{{#if title}}open")).unwrap_err();
        assert!(err.starts_with("the template is not valid Handlebars"), "{err}");
        let err = render(WebhookTrigger::BookingCreated, at(), &created(), Some("{{shout title}}")).unwrap_err();
        assert!(err.starts_with("the template cannot be rendered") && err.contains("shout"), "{err}");
    }

    #[test]
    fn no_show_payloads_take_templates() {
        let b = booking();
        let p = crate::webhooks::payload::no_show_updated(
            &b,
            &[crate::webhooks::payload::NoShowChange { email: "grace@example.com", no_show: true }],
            None,
        );
        let r =
            render(WebhookTrigger::BookingNoShowUpdated, at(), &p, Some(r#"{"m":"{{message}}","u":"{{bookingUid}}"}"#))
                .unwrap();
        assert_eq!(r.body, r#"{"m":"grace@example.com marked as no-show","u":"fL3xUkWu9mYcGsQe6GbTnP"}"#);
    }

    #[test]
    fn meeting_triggers_are_flat_and_ignore_templates() {
        let row = meeting_row(&booking(), &host());
        let r = render(WebhookTrigger::MeetingEnded, at(), &row, Some("x={{title}}")).unwrap();
        assert_eq!(r.content_type, JSON);
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert!(
            r.body.starts_with(r#"{"triggerEvent":"MEETING_ENDED","id":42,"uid":"fL3xUkWu9mYcGsQe6GbTnP","#),
            "{}",
            r.body
        );
        assert!(body.get("payload").is_none() && body.get("createdAt").is_some(), "the row's own createdAt only");
        assert_eq!(body["createdAt"], "2050-09-01T10:00:00.000Z");
        assert!(render(WebhookTrigger::MeetingStarted, at(), &json!([1]), None).is_err());
    }

    #[test]
    fn ping_ignores_templates() {
        let p = ping(&host(), at());
        let r = render(TriggerEvent::Ping, at(), &p, Some("x={{title}}")).unwrap();
        assert_eq!(r.content_type, JSON);
        assert!(
            r.body.starts_with(
                r#"{"triggerEvent":"PING","createdAt":"2050-09-01T10:00:00.123Z","payload":{"type":"Test","#
            )
        );
    }

    #[test]
    fn javascript_numbers() {
        for (x, s) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (123456789.0, "123456789"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (0.000001, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-3.25, "-3.25"),
            (12345678901234567890.0, "12345678901234567000"),
            (f64::INFINITY, "Infinity"),
        ] {
            assert_eq!(js_number(x), s, "{x}");
        }
    }

    #[test]
    fn json_stringify_order_and_numbers() {
        let v: Value =
            serde_json::from_str(r#"{"b":1.0,"2":[1.50,1e2],"1":"\u0001\"","01":null,"a":{"10":1,"9":2}}"#).unwrap();
        assert_eq!(to_js_json(&v), r#"{"1":"\u0001\"","2":[1.5,100],"b":1,"01":null,"a":{"9":2,"10":1}}"#);
    }
}
