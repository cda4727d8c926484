//! The booker's answers to an event type's booking form (`bookingFieldsResponses` of `POST /v2/bookings`), checked
//! against the form and turned into the `responses` object Cal.com stores and returns.
//!
//! Cal.com stores one `{slug: value}` object per booking holding every answer, the attendee's name and e-mail
//! address included; bookings return it as `bookingFieldsResponses` and webhooks derive their `responses` and
//! `userFieldsResponses` from it. [`check_responses`] builds that object.
//!
//! Rules:
//! * The attendee's name, e-mail address and phone number, the guests and the location have dedicated request
//!   fields (`attendee.name`, `attendee.email`, `attendee.phoneNumber`, `guests`, `location`). Repeating `name`,
//!   `email`, `attendeePhoneNumber` or `guests` in `bookingFieldsResponses` is accepted only with the same value
//!   (surrounding whitespace ignored, e-mail addresses compared ignoring ASCII case), so a client may send back the
//!   responses it read; the dedicated field's value is the one stored. `location` is never accepted there: the
//!   caller resolves the location from the request's `location` and the event type's locations.
//! * Any other slug must be a field of the form; otherwise the error names it and lists the accepted slugs.
//! * A field the booker must answer ([`BookingField::required_from_booker`]: required and not hidden) needs a
//!   non-empty answer, except the name, e-mail, location and reschedule reason fields (the first three come from
//!   their dedicated request fields; the reschedule reason is only asked when rescheduling). A required guests field
//!   needs at least one entry in the request's `guests`. A required boolean field must be answered `true` (it is a
//!   box the booker has to tick, as in Cal.com). Cal.com's default title field is required but hidden, so it needs
//!   no answer.
//! * A form field with the slug `attendeePhoneNumber` is answered by `attendee.phoneNumber` when that is given.
//! * Empty answers (`null`, a blank string, an empty array) count as no answer and are not stored.
//! * Hidden fields may be answered (Cal.com prefills them from the booking link); their answers are checked and
//!   stored like any other.
//! * Answers by kind: text, text area, address, title, notes and reschedule reason take a string; url an absolute
//!   http(s) URL; phone `+` then 7 to 15 digits, optionally separated by spaces or dashes (stored as given); number
//!   a JSON number or a numeric string (stored as a number); boolean a JSON boolean; select and radio one of the
//!   field's options; multi-select and checkbox an array of distinct options; multi-email an array of distinct
//!   e-mail addresses. Strings are at most 10,000 characters, arrays at most 100 items.
//!
//! Every problem is reported (not only the first), at `bookingFieldsResponses.<slug>` (`…<slug>[i]` for one item of
//! an array, `guests` for a missing required guest). Checking `attendee` and `guests` themselves (e-mail format,
//! whether guests are allowed) is the caller's job.

use std::ops::RangeInclusive;

use serde_json::{Map, Number, Value};

use crate::error::Error;
use crate::event_types::{BookingField, BookingFieldKind};
use crate::validate::{self, Validator};

/// Slug of the attendee's phone number in the responses (Cal.com's name for it).
pub const ATTENDEE_PHONE_SLUG: &str = "attendeePhoneNumber";
/// Path of the answers in the request; field errors are reported under it.
const ANSWERS: &str = "bookingFieldsResponses";
/// Longest string answer, in characters.
const MAX_ANSWER_CHARS: usize = 10_000;
/// Most items of an array answer.
const MAX_ANSWER_ITEMS: usize = 100;
/// Unknown slugs reported one by one; the rest are counted in one more error.
const MAX_UNKNOWN_REPORTED: usize = 10;
/// Most slugs or options listed in one message.
const MAX_LISTED: usize = 20;
/// Longest part of a booker's value quoted back in a message, in characters.
const MAX_QUOTED_CHARS: usize = 80;
/// How many digits a phone number has (E.164 allows at most 15).
const PHONE_DIGITS: RangeInclusive<usize> = 7..=15;

/// What the booker answered, checked against the event type's booking form.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedResponses {
    /// Every answer keyed by slug, as stored and returned in `bookingFieldsResponses`: `name` and `email` from the
    /// attendee (plus `attendeePhoneNumber` when given), `guests` when given, and each custom/default field answered.
    pub responses: Map<String, Value>,
    /// `title` answer, if any (becomes the booking title when given).
    pub title: Option<String>,
    /// `notes` answer, if any (becomes the booking description).
    pub notes: Option<String>,
}

/// The parts of a booking request that have their own request fields rather than `bookingFieldsResponses`.
#[derive(Debug, Clone, Copy)]
pub struct Booker<'a> {
    /// `attendee.name`.
    pub name: &'a str,
    /// `attendee.email`.
    pub email: &'a str,
    /// `attendee.phoneNumber`.
    pub phone_number: Option<&'a str>,
    /// `guests` (empty when not given).
    pub guests: &'a [String],
}

/// Checks `answers` (the request's bookingFieldsResponses, may be None) against `fields`.
/// Field errors are reported as `bookingFieldsResponses.<slug>` and collected (all of them, not the first).
///
/// See the [module documentation](self) for the rules.
pub fn check_responses(
    fields: &[BookingField],
    booker: &Booker,
    answers: Option<&Map<String, Value>>,
) -> Result<CheckedResponses, Error> {
    let no_answers = Map::new();
    let answers = answers.unwrap_or(&no_answers);
    let mut v = Validator::new();
    check_slugs(fields, booker, answers, &mut v);

    let mut responses = Map::new();
    responses.insert("name".into(), Value::String(booker.name.to_owned()));
    responses.insert("email".into(), Value::String(booker.email.to_owned()));
    if let Some(phone) = booker.phone_number {
        responses.insert(ATTENDEE_PHONE_SLUG.into(), Value::String(phone.to_owned()));
    }
    if !booker.guests.is_empty() {
        responses.insert("guests".into(), booker.guests.iter().cloned().map(Value::String).collect());
    }

    for field in fields {
        let Some(shape) = Shape::of(field.kind) else {
            // Name, e-mail and location come from their own request fields; guests too, but the form may require
            // them.
            if field.kind == BookingFieldKind::Guests && field.required_from_booker() && booker.guests.is_empty() {
                v.add("guests", "the booking form requires at least one guest");
            }
            continue;
        };
        if field.slug == ATTENDEE_PHONE_SLUG && booker.phone_number.is_some() {
            // Answered by `attendee.phoneNumber`; a repeated answer was compared in `check_slugs`.
            continue;
        }
        let path = format!("{ANSWERS}.{}", field.slug);
        match answers.get(&field.slug).filter(|answer| !is_empty(answer)) {
            None => {
                if field.required_from_booker() && field.kind != BookingFieldKind::RescheduleReason {
                    v.add(path, format!("is required by the booking form ({})", describe(field)));
                }
            }
            Some(answer) => {
                if let Some(checked) = check_answer(field, shape, answer, &path, &mut v) {
                    responses.insert(field.slug.clone(), checked);
                }
            }
        }
    }
    v.finish()?;

    let text = |slug: &str| responses.get(slug).and_then(Value::as_str).map(str::to_owned);
    Ok(CheckedResponses { title: text("title"), notes: text("notes"), responses })
}

/// Reports the answered slugs that are not answered through `bookingFieldsResponses`: the dedicated ones that
/// disagree with their request field, `location`, and slugs that are not fields of the form.
fn check_slugs(fields: &[BookingField], booker: &Booker, answers: &Map<String, Value>, v: &mut Validator) {
    let mut unknown = 0;
    for (slug, answer) in answers {
        let path = format!("{ANSWERS}.{slug}");
        let has_field = fields.iter().any(|f| f.slug == *slug);
        let repeated = match slug.as_str() {
            "name" => Some(same_text(answer, booker.name, "attendee.name")),
            "email" => Some(same_email(answer, booker.email)),
            "guests" => Some(same_guests(answer, booker.guests)),
            "location" => Some(Err("give the location in `location`, not in bookingFieldsResponses".to_owned())),
            ATTENDEE_PHONE_SLUG => match booker.phone_number {
                Some(phone) => Some(same_text(answer, phone, "attendee.phoneNumber")),
                None if has_field => None,
                None => Some(Err(
                    "give the attendee's phone number in `attendee.phoneNumber`, not in bookingFieldsResponses"
                        .to_owned(),
                )),
            },
            _ => None,
        };
        match repeated {
            Some(result) => {
                v.take(&path, result);
            }
            None if has_field => {}
            None => {
                unknown += 1;
                if unknown <= MAX_UNKNOWN_REPORTED {
                    v.add(path, unknown_slug_message(slug, fields));
                }
            }
        }
    }
    if unknown > MAX_UNKNOWN_REPORTED {
        v.add(
            ANSWERS,
            format!(
                "has {} more slugs that are not fields of this event type's booking form",
                unknown - MAX_UNKNOWN_REPORTED
            ),
        );
    }
}

fn unknown_slug_message(slug: &str, fields: &[BookingField]) -> String {
    let accepted: Vec<&str> = fields.iter().filter(|f| Shape::of(f.kind).is_some()).map(|f| f.slug.as_str()).collect();
    let unknown = format!("`{}` is not a field of this event type's booking form", quoted(slug));
    if accepted.is_empty() {
        format!("{unknown}; it has no fields to answer in bookingFieldsResponses")
    } else {
        format!("{unknown}; accepted slugs: {}", listed(&accepted))
    }
}

/// A repeated name or phone number: empty, or the request field's value (ignoring surrounding whitespace).
fn same_text(answer: &Value, expected: &str, request_field: &str) -> Result<(), String> {
    if is_empty(answer) || answer.as_str().is_some_and(|given| given.trim() == expected.trim()) {
        Ok(())
    } else {
        Err(format!("must be the same as `{request_field}` if given; give it in `{request_field}`"))
    }
}

/// A repeated e-mail address: empty, or the attendee's, ignoring ASCII case.
fn same_email(answer: &Value, expected: &str) -> Result<(), String> {
    if is_empty(answer) || answer.as_str().is_some_and(|email| email.eq_ignore_ascii_case(expected)) {
        Ok(())
    } else {
        Err("must be the same as `attendee.email` if given; give it in `attendee.email`".to_owned())
    }
}

/// Repeated guests: empty, or the request's guests in the same order, e-mail addresses compared ignoring ASCII case.
fn same_guests(answer: &Value, expected: &[String]) -> Result<(), String> {
    let same = match answer {
        Value::Array(items) => {
            items.len() == expected.len()
                && items
                    .iter()
                    .zip(expected)
                    .all(|(item, guest)| item.as_str().is_some_and(|s| s.eq_ignore_ascii_case(guest)))
        }
        _ => false,
    };
    if is_empty(answer) || same {
        Ok(())
    } else {
        Err("must be the same as `guests` if given; give the guests in `guests`".to_owned())
    }
}

/// What kind of answer a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Any string.
    Text,
    /// An international phone number.
    Phone,
    /// An absolute http(s) URL.
    Url,
    /// A number, as JSON number or numeric string.
    Number,
    /// A JSON boolean.
    Boolean,
    /// One of the field's options.
    OneOf,
    /// Distinct options of the field.
    ManyOf,
    /// Distinct e-mail addresses.
    Emails,
}

impl Shape {
    /// `None` for the fields answered by their own request fields: name, e-mail, location and guests.
    fn of(kind: BookingFieldKind) -> Option<Shape> {
        use BookingFieldKind as K;
        match kind {
            K::Name | K::Email | K::Location | K::Guests => None,
            K::Title | K::Notes | K::RescheduleReason | K::Address | K::Text | K::TextArea => Some(Shape::Text),
            K::Phone => Some(Shape::Phone),
            K::Url => Some(Shape::Url),
            K::Number => Some(Shape::Number),
            K::Boolean => Some(Shape::Boolean),
            K::Select | K::Radio => Some(Shape::OneOf),
            K::MultiSelect | K::Checkbox => Some(Shape::ManyOf),
            K::MultiEmail => Some(Shape::Emails),
        }
    }
}

/// Checks a non-empty answer to `field`; returns the value to store, or `None` after recording its problems.
fn check_answer(field: &BookingField, shape: Shape, answer: &Value, path: &str, v: &mut Validator) -> Option<Value> {
    match shape {
        Shape::Text => string(answer, path, v).map(|_| answer.clone()),
        Shape::Phone => {
            let phone = string(answer, path, v)?;
            v.take(path, phone_number(phone)).map(|()| answer.clone())
        }
        Shape::Url => {
            let url = string(answer, path, v)?;
            v.take(path, validate::http_url(url.trim())).map(|_| answer.clone())
        }
        Shape::Number => number(answer, path, v),
        Shape::Boolean => match answer {
            Value::Bool(true) => Some(answer.clone()),
            Value::Bool(false) if field.required_from_booker() => {
                v.add(path, "must be true: the booking form requires it");
                None
            }
            Value::Bool(false) => Some(answer.clone()),
            other => {
                v.add(path, format!("must be true or false, got {}", type_name(other)));
                None
            }
        },
        Shape::OneOf => {
            let choice = string(answer, path, v)?;
            if field.options.iter().any(|option| option == choice) {
                Some(answer.clone())
            } else {
                v.add(path, not_an_option(choice, &field.options));
                None
            }
        }
        Shape::ManyOf => {
            let choices = strings(answer, path, v)?;
            let mut ok = true;
            for (i, choice) in choices.iter().enumerate() {
                let message = if !field.options.iter().any(|option| option == choice) {
                    not_an_option(choice, &field.options)
                } else if choices[..i].contains(choice) {
                    format!("repeats the option `{}`", quoted(choice))
                } else {
                    continue;
                };
                v.add(format!("{path}[{i}]"), message);
                ok = false;
            }
            ok.then(|| answer.clone())
        }
        Shape::Emails => {
            let emails = strings(answer, path, v)?;
            let mut ok = true;
            for (i, email) in emails.iter().enumerate() {
                let message = if validate::email(email).is_err() {
                    format!("`{}` is not an e-mail address", quoted(email))
                } else if emails[..i].iter().any(|earlier| earlier.eq_ignore_ascii_case(email)) {
                    format!("repeats the e-mail address `{}`", quoted(email))
                } else {
                    continue;
                };
                v.add(format!("{path}[{i}]"), message);
                ok = false;
            }
            ok.then(|| answer.clone())
        }
    }
}

/// A string answer of at most [`MAX_ANSWER_CHARS`] characters.
fn string<'v>(answer: &'v Value, path: &str, v: &mut Validator) -> Option<&'v str> {
    let Value::String(s) = answer else {
        v.add(path, format!("must be a string, got {}", type_name(answer)));
        return None;
    };
    let n = s.chars().count();
    if n > MAX_ANSWER_CHARS {
        v.add(path, format!("must be at most {MAX_ANSWER_CHARS} characters, got {n}"));
        return None;
    }
    Some(s)
}

/// An array answer of at most [`MAX_ANSWER_ITEMS`] strings, each at most [`MAX_ANSWER_CHARS`] characters.
fn strings<'v>(answer: &'v Value, path: &str, v: &mut Validator) -> Option<Vec<&'v str>> {
    let Value::Array(items) = answer else {
        v.add(path, format!("must be an array of strings, got {}", type_name(answer)));
        return None;
    };
    if items.len() > MAX_ANSWER_ITEMS {
        v.add(path, format!("must have at most {MAX_ANSWER_ITEMS} items, got {}", items.len()));
        return None;
    }
    let mut ok = true;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match string(item, &format!("{path}[{i}]"), v) {
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// A number answer: a JSON number is kept; a numeric string is stored as the number it reads as (an integer when it
/// is one).
fn number(answer: &Value, path: &str, v: &mut Validator) -> Option<Value> {
    match answer {
        Value::Number(_) => Some(answer.clone()),
        Value::String(_) => {
            let text = string(answer, path, v)?.trim();
            let parsed = match text.parse::<i64>() {
                Ok(integer) => Some(Number::from(integer)),
                Err(_) => text.parse::<f64>().ok().and_then(Number::from_f64),
            };
            match parsed {
                Some(n) => Some(Value::Number(n)),
                None => {
                    v.add(path, format!("`{}` is not a number", quoted(text)));
                    None
                }
            }
        }
        other => {
            v.add(path, format!("must be a number, got {}", type_name(other)));
            None
        }
    }
}

/// `+` followed by 7 to 15 digits, which may be separated by spaces or dashes.
fn phone_number(phone: &str) -> Result<(), String> {
    let phone = phone.trim();
    let rest = phone.strip_prefix('+');
    let well_formed = rest.is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
            && PHONE_DIGITS.contains(&rest.chars().filter(char::is_ascii_digit).count())
    });
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not an international phone number: `+` then {} to {} digits (spaces and dashes allowed)",
            quoted(phone),
            PHONE_DIGITS.start(),
            PHONE_DIGITS.end()
        ))
    }
}

/// An empty answer counts as none: `null`, a blank string or an empty array.
fn is_empty(answer: &Value) -> bool {
    match answer {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

fn not_an_option(choice: &str, options: &[String]) -> String {
    let options: Vec<&str> = options.iter().map(String::as_str).collect();
    format!("`{}` is not one of the options: {}", quoted(choice), listed(&options))
}

/// The field's label (or slug) and kind, to name it in a message.
fn describe(field: &BookingField) -> String {
    let name = field.label.as_deref().unwrap_or(&field.slug);
    format!("`{}`, a {} field", quoted(name), field.kind.as_str())
}

/// The JSON type of `value`, for messages.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `text` cut to [`MAX_QUOTED_CHARS`] characters, so messages stay short whatever the booker sent.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// `items` as a comma-separated list of quoted items, the first [`MAX_LISTED`] of them.
fn listed(items: &[&str]) -> String {
    let mut list: Vec<String> = items.iter().take(MAX_LISTED).map(|item| format!("`{}`", quoted(item))).collect();
    if items.len() > MAX_LISTED {
        list.push(format!("and {} more", items.len() - MAX_LISTED));
    }
    list.join(", ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::FieldError;

    use BookingFieldKind as K;

    /// Cal.com's default booking form (without a location picker).
    fn defaults() -> Vec<BookingField> {
        [K::Name, K::Email, K::Title, K::Notes, K::Guests, K::RescheduleReason]
            .into_iter()
            .map(BookingField::default_field)
            .collect()
    }

    /// A custom field as event type validation builds it.
    fn custom(kind: BookingFieldKind, slug: &str, required: bool) -> BookingField {
        BookingField {
            kind,
            slug: slug.to_owned(),
            label: Some(format!("Label of {slug}")),
            placeholder: None,
            required,
            hidden: false,
            disable_on_prefill: false,
            options: Vec::new(),
        }
    }

    fn with_options(kind: BookingFieldKind, slug: &str, required: bool, options: &[&str]) -> BookingField {
        BookingField { options: options.iter().map(|&o| o.to_owned()).collect(), ..custom(kind, slug, required) }
    }

    fn hidden(field: BookingField) -> BookingField {
        BookingField { hidden: true, ..field }
    }

    /// The default form with `extra` fields placed before title, as `arrange` places given fields.
    fn form(extra: Vec<BookingField>) -> Vec<BookingField> {
        let mut fields = defaults();
        let at = fields.iter().position(|f| f.kind == K::Title).unwrap();
        fields.splice(at..at, extra);
        fields
    }

    const GUESTS: &[String] = &[];

    fn alice() -> Booker<'static> {
        Booker { name: "Alice Doe", email: "alice@example.com", phone_number: None, guests: GUESTS }
    }

    fn answers(value: Value) -> Map<String, Value> {
        value.as_object().expect("answers are an object").clone()
    }

    fn check(fields: &[BookingField], booker: &Booker, value: Value) -> Result<CheckedResponses, Error> {
        check_responses(fields, booker, Some(&answers(value)))
    }

    fn ok(fields: &[BookingField], value: Value) -> CheckedResponses {
        check(fields, &alice(), value).expect("the answers are accepted")
    }

    fn errors(result: Result<CheckedResponses, Error>) -> Vec<FieldError> {
        match result {
            Err(Error::Invalid(errors)) => errors,
            other => panic!("expected invalid fields, got {other:?}"),
        }
    }

    fn bad_fields(result: Result<CheckedResponses, Error>) -> Vec<String> {
        errors(result).into_iter().map(|e| e.field).collect()
    }

    fn bad(fields: &[BookingField], value: Value) -> Vec<String> {
        bad_fields(check(fields, &alice(), value))
    }

    fn keys(checked: &CheckedResponses) -> Vec<&str> {
        checked.responses.keys().map(String::as_str).collect()
    }

    #[test]
    fn no_answers_store_the_attendee() {
        let checked = check_responses(&defaults(), &alice(), None).unwrap();
        assert_eq!(
            Value::Object(checked.responses.clone()),
            json!({"name": "Alice Doe", "email": "alice@example.com"})
        );
        assert_eq!((checked.title, checked.notes), (None, None));
        assert_eq!(check_responses(&defaults(), &alice(), Some(&Map::new())).unwrap().responses, checked.responses);
    }

    #[test]
    fn responses_are_in_form_order_after_the_attendee() {
        let fields = form(vec![custom(K::Text, "company", false), custom(K::Number, "size", false)]);
        let guests = ["bob@example.com".to_owned()];
        let booker = Booker { phone_number: Some("+49 30 1234567"), guests: &guests, ..alice() };
        let given = json!({"notes": "Agenda", "size": 12, "title": "Kick-off", "company": "Acme"});
        let checked = check(&fields, &booker, given).unwrap();
        assert_eq!(
            keys(&checked),
            ["name", "email", "attendeePhoneNumber", "guests", "company", "size", "title", "notes"]
        );
        assert_eq!(checked.responses["attendeePhoneNumber"], json!("+49 30 1234567"));
        assert_eq!(checked.responses["guests"], json!(["bob@example.com"]));
        assert_eq!(checked.title.as_deref(), Some("Kick-off"));
        assert_eq!(checked.notes.as_deref(), Some("Agenda"));
    }

    #[test]
    fn unknown_slugs_are_named_with_the_accepted_ones() {
        let fields = form(vec![custom(K::Text, "company", false)]);
        let errors = errors(check(&fields, &alice(), json!({"compnay": "Acme"})));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "bookingFieldsResponses.compnay");
        assert!(errors[0].message.contains("`compnay`"), "{}", errors[0].message);
        assert!(errors[0].message.contains("`company`, `title`, `notes`, `rescheduleReason`"), "{}", errors[0].message);
        assert!(!errors[0].message.contains("`name`"), "{}", errors[0].message);
    }

    #[test]
    fn many_unknown_slugs_are_summed_up() {
        let given: Map<String, Value> = (0..15).map(|i| (format!("x{i}"), json!("?"))).collect();
        let fields = bad_fields(check_responses(&defaults(), &alice(), Some(&given)));
        assert_eq!(fields.len(), MAX_UNKNOWN_REPORTED + 1);
        assert_eq!(fields[0], "bookingFieldsResponses.x0");
        assert_eq!(fields[MAX_UNKNOWN_REPORTED], "bookingFieldsResponses");
    }

    #[test]
    fn dedicated_fields_may_be_repeated_with_the_same_value() {
        let guests = ["Bob@Example.com".to_owned()];
        let booker = Booker { phone_number: Some("+15551234567"), guests: &guests, ..alice() };
        let given = json!({
            "name": " Alice Doe ",
            "email": "ALICE@example.com",
            "attendeePhoneNumber": "+15551234567",
            "guests": ["bob@example.com"],
        });
        let checked = check(&defaults(), &booker, given).unwrap();
        // The dedicated request fields' values are the ones stored.
        assert_eq!(checked.responses["email"], json!("alice@example.com"));
        assert_eq!(checked.responses["guests"], json!(["Bob@Example.com"]));
        assert_eq!(keys(&checked), ["name", "email", "attendeePhoneNumber", "guests"]);
        // Empty repetitions are ignored too.
        let empty = json!({"name": "", "email": null, "guests": [], "attendeePhoneNumber": " "});
        assert!(check(&defaults(), &booker, empty).is_ok());
    }

    #[test]
    fn dedicated_fields_with_other_values_are_rejected() {
        let booker = Booker { phone_number: Some("+15551234567"), ..alice() };
        let given = json!({
            "name": "Mallory",
            "email": "mallory@example.com",
            "attendeePhoneNumber": "+15550000000",
            "guests": ["eve@example.com"],
            "location": "Berlin",
        });
        let errors = errors(check(&defaults(), &booker, given));
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "bookingFieldsResponses.name",
                "bookingFieldsResponses.email",
                "bookingFieldsResponses.attendeePhoneNumber",
                "bookingFieldsResponses.guests",
                "bookingFieldsResponses.location",
            ]
        );
        for (error, request_field) in errors.iter().zip([
            "`attendee.name`",
            "`attendee.email`",
            "`attendee.phoneNumber`",
            "`guests`",
            "`location`",
        ]) {
            assert!(error.message.contains(request_field), "{}: {}", error.field, error.message);
        }
        // A location is never taken from here, even on a form with a location picker.
        let mut with_picker = defaults();
        with_picker.insert(2, BookingField::default_field(K::Location));
        assert_eq!(bad(&with_picker, json!({"location": "Berlin"})), ["bookingFieldsResponses.location"]);
    }

    #[test]
    fn the_phone_number_goes_in_the_attendee_unless_the_form_asks_for_it() {
        let errors = errors(check(&defaults(), &alice(), json!({"attendeePhoneNumber": "+15551234567"})));
        assert_eq!(errors[0].field, "bookingFieldsResponses.attendeePhoneNumber");
        assert!(errors[0].message.contains("attendee.phoneNumber"), "{}", errors[0].message);

        // A form field with that slug: answered here when the attendee has no number...
        let fields = form(vec![custom(K::Phone, ATTENDEE_PHONE_SLUG, true)]);
        let checked = ok(&fields, json!({"attendeePhoneNumber": "+15551234567"}));
        assert_eq!(keys(&checked), ["name", "email", "attendeePhoneNumber"]);
        assert_eq!(
            bad(&fields, json!({"attendeePhoneNumber": "5551234"})),
            ["bookingFieldsResponses.attendeePhoneNumber"]
        );
        assert_eq!(bad(&fields, json!({})), ["bookingFieldsResponses.attendeePhoneNumber"]);
        // ... and by the attendee's number when there is one.
        let booker = Booker { phone_number: Some("+15551234567"), ..alice() };
        let checked = check(&fields, &booker, json!({})).unwrap();
        assert_eq!(checked.responses["attendeePhoneNumber"], json!("+15551234567"));
        assert!(check(&fields, &booker, json!({"attendeePhoneNumber": "+15550000000"})).is_err());
    }

    #[test]
    fn fields_the_booker_must_answer_need_an_answer() {
        let fields = form(vec![custom(K::Text, "company", true), custom(K::Text, "team", false)]);
        let errors = errors(check(&fields, &alice(), json!({"team": "Ops"})));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "bookingFieldsResponses.company");
        assert!(errors[0].message.contains("Label of company"), "{}", errors[0].message);
        // Empty answers are no answers.
        for empty in [json!(null), json!(""), json!("   ")] {
            assert_eq!(bad(&fields, json!({"company": empty})), ["bookingFieldsResponses.company"]);
        }
        let checked = ok(&fields, json!({"company": "Acme"}));
        assert_eq!(keys(&checked), ["name", "email", "company"]);
    }

    #[test]
    fn hidden_fields_are_never_required() {
        // Cal.com's title field is required but hidden.
        let title = BookingField::default_field(K::Title);
        assert!(title.required && title.hidden);
        assert!(ok(&defaults(), json!({})).title.is_none());
        // A required custom field that is hidden needs no answer either...
        let fields = form(vec![hidden(custom(K::Text, "source", true))]);
        assert!(ok(&fields, json!({})).responses.get("source").is_none());
        // ... but may be answered (prefilled), and the answer is checked and stored.
        assert_eq!(ok(&fields, json!({"source": "newsletter"})).responses["source"], json!("newsletter"));
        assert_eq!(bad(&fields, json!({"source": 3})), ["bookingFieldsResponses.source"]);
        // A title made visible and required must be answered.
        let mut visible = defaults();
        visible.iter_mut().filter(|f| f.kind == K::Title).for_each(|f| f.hidden = false);
        assert_eq!(bad(&visible, json!({})), ["bookingFieldsResponses.title"]);
    }

    #[test]
    fn dedicated_and_reschedule_fields_are_not_required_here() {
        let mut fields = defaults();
        fields.insert(2, BookingField { required: true, ..BookingField::default_field(K::Location) });
        for f in fields.iter_mut().filter(|f| f.kind == K::RescheduleReason) {
            f.required = true;
        }
        assert!(check_responses(&fields, &alice(), None).is_ok());
    }

    #[test]
    fn a_required_guests_field_needs_guests() {
        let mut fields = defaults();
        for f in fields.iter_mut().filter(|f| f.kind == K::Guests) {
            f.required = true;
        }
        assert_eq!(bad_fields(check_responses(&fields, &alice(), None)), ["guests"]);
        let guests = ["bob@example.com".to_owned()];
        assert!(check_responses(&fields, &Booker { guests: &guests, ..alice() }, None).is_ok());
    }

    #[test]
    fn empty_optional_answers_are_dropped() {
        let fields = form(vec![
            custom(K::Text, "company", false),
            custom(K::Number, "size", false),
            with_options(K::MultiSelect, "topics", false, &["a", "b"]),
            custom(K::MultiEmail, "cc", false),
        ]);
        let given = json!({"company": " ", "size": "", "topics": [], "cc": null, "notes": ""});
        let checked = ok(&fields, given);
        assert_eq!(keys(&checked), ["name", "email"]);
        assert_eq!(checked.notes, None);
    }

    #[test]
    fn text_answers_are_strings_of_bounded_length() {
        let fields = form(vec![custom(K::Text, "company", false), custom(K::TextArea, "about", false)]);
        let long = "x".repeat(MAX_ANSWER_CHARS);
        let checked = ok(&fields, json!({"about": long, "company": " Acme ", "rescheduleReason": "late"}));
        // Stored as given.
        assert_eq!(checked.responses["company"], json!(" Acme "));
        assert_eq!(keys(&checked), ["name", "email", "company", "about", "rescheduleReason"]);
        let too_long = "é".repeat(MAX_ANSWER_CHARS + 1);
        let errors = errors(check(&fields, &alice(), json!({"about": too_long, "company": 7, "title": ["a"]})));
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["bookingFieldsResponses.company", "bookingFieldsResponses.about", "bookingFieldsResponses.title"]
        );
        assert!(errors[0].message.contains("a number"), "{}", errors[0].message);
        assert!(errors[1].message.contains("10000"), "{}", errors[1].message);
        assert!(errors[2].message.contains("an array"), "{}", errors[2].message);
    }

    #[test]
    fn url_answers_are_absolute_http_urls() {
        let fields = form(vec![custom(K::Url, "site", false)]);
        assert_eq!(
            ok(&fields, json!({"site": "https://acme.example/about"})).responses["site"],
            json!("https://acme.example/about")
        );
        assert!(ok(&fields, json!({"site": "http://127.0.0.1:8080"})).responses.contains_key("site"));
        for bad_url in [json!("ftp://acme.example"), json!("acme.example"), json!("/about"), json!(true)] {
            assert_eq!(bad(&fields, json!({"site": bad_url})), ["bookingFieldsResponses.site"], "{bad_url}");
        }
    }

    #[test]
    fn phone_answers_are_international_numbers() {
        let fields = form(vec![custom(K::Phone, "mobile", false)]);
        for good in ["+15551234567", "+49 30 1234-5678", "+1234567", "+123456789012345"] {
            assert_eq!(ok(&fields, json!({"mobile": good})).responses["mobile"], json!(good), "{good}");
        }
        for bad_phone in
            ["5551234567", "+123456", "+1234567890123456", "+1 (555) 1234567", "+", "+ 1234567", "+1555abc4567"]
        {
            let errors = errors(check(&fields, &alice(), json!({"mobile": bad_phone})));
            assert_eq!(errors[0].field, "bookingFieldsResponses.mobile", "{bad_phone}");
            assert!(errors[0].message.contains("phone number"), "{}", errors[0].message);
        }
    }

    #[test]
    fn number_answers_are_stored_as_numbers() {
        let fields = form(vec![custom(K::Number, "size", false)]);
        let stored = |answer: Value| ok(&fields, json!({"size": answer})).responses["size"].clone();
        assert_eq!(stored(json!(12)), json!(12));
        assert_eq!(stored(json!(-2.5)), json!(-2.5));
        assert_eq!(stored(json!("12")), json!(12));
        assert_eq!(stored(json!(" 0 ")), json!(0));
        assert_eq!(stored(json!("2.5")), json!(2.5));
        assert_eq!(stored(json!("1e3")), json!(1000.0));
        for bad_number in
            [json!("twelve"), json!("12 people"), json!("inf"), json!("NaN"), json!("1e400"), json!(true), json!([1])]
        {
            assert_eq!(bad(&fields, json!({"size": bad_number})), ["bookingFieldsResponses.size"], "{bad_number}");
        }
    }

    #[test]
    fn boolean_answers_are_booleans_and_required_ones_true() {
        let fields = form(vec![custom(K::Boolean, "newsletter", false), custom(K::Boolean, "terms", true)]);
        let checked = ok(&fields, json!({"newsletter": false, "terms": true}));
        assert_eq!(checked.responses["newsletter"], json!(false));
        assert_eq!(checked.responses["terms"], json!(true));
        assert_eq!(
            bad(&fields, json!({"newsletter": "yes", "terms": false})),
            ["bookingFieldsResponses.newsletter", "bookingFieldsResponses.terms"]
        );
        assert_eq!(bad(&fields, json!({})), ["bookingFieldsResponses.terms"]);
        // A hidden required box is not the booker's to tick.
        let fields = form(vec![hidden(custom(K::Boolean, "terms", true))]);
        assert_eq!(ok(&fields, json!({"terms": false})).responses["terms"], json!(false));
    }

    #[test]
    fn single_choices_are_one_of_the_options() {
        let fields = form(vec![
            with_options(K::Select, "plan", false, &["Free", "Pro"]),
            with_options(K::Radio, "size", false, &["S", "M", "L"]),
        ]);
        let checked = ok(&fields, json!({"plan": "Pro", "size": "M"}));
        assert_eq!((&checked.responses["plan"], &checked.responses["size"]), (&json!("Pro"), &json!("M")));
        let errors = errors(check(&fields, &alice(), json!({"plan": "pro", "size": ["M"]})));
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].field, "bookingFieldsResponses.plan");
        assert!(
            errors[0].message.contains("`pro`") && errors[0].message.contains("`Free`, `Pro`"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[1].field, "bookingFieldsResponses.size");
    }

    #[test]
    fn long_option_lists_are_cut_in_messages() {
        let options: Vec<String> = (0..30).map(|i| format!("o{i}")).collect();
        let options: Vec<&str> = options.iter().map(String::as_str).collect();
        let fields = form(vec![with_options(K::Select, "pick", false, &options)]);
        let errors = errors(check(&fields, &alice(), json!({"pick": "z".repeat(500)})));
        assert!(errors[0].message.contains("and 10 more"), "{}", errors[0].message);
        assert!(!errors[0].message.contains("`o20`"), "{}", errors[0].message);
        assert!(errors[0].message.len() < 500, "{}", errors[0].message);
    }

    #[test]
    fn multiple_choices_are_distinct_options() {
        let fields = form(vec![
            with_options(K::MultiSelect, "topics", false, &["Sales", "Support", "Billing"]),
            with_options(K::Checkbox, "days", false, &["Mon", "Tue"]),
        ]);
        let checked = ok(&fields, json!({"topics": ["Support", "Sales"], "days": ["Tue"]}));
        assert_eq!(checked.responses["topics"], json!(["Support", "Sales"]));
        assert_eq!(checked.responses["days"], json!(["Tue"]));
        assert_eq!(
            bad(&fields, json!({"topics": ["Sales", "Legal", "Sales", 3], "days": "Mon"})),
            ["bookingFieldsResponses.topics[3]", "bookingFieldsResponses.days",]
        );
        assert_eq!(
            bad(&fields, json!({"topics": ["Sales", "Legal", "Sales"]})),
            ["bookingFieldsResponses.topics[1]", "bookingFieldsResponses.topics[2]"]
        );
        let too_many: Vec<&str> = ["Sales"; MAX_ANSWER_ITEMS + 1].to_vec();
        assert_eq!(bad(&fields, json!({"topics": too_many})), ["bookingFieldsResponses.topics"]);
    }

    #[test]
    fn multi_email_answers_are_distinct_addresses() {
        let fields = form(vec![custom(K::MultiEmail, "cc", true)]);
        let checked = ok(&fields, json!({"cc": ["a@example.com", "b@example.org"]}));
        assert_eq!(checked.responses["cc"], json!(["a@example.com", "b@example.org"]));
        let errors =
            errors(check(&fields, &alice(), json!({"cc": ["a@example.com", "not-an-email", "A@example.com"]})));
        let fields_of: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields_of, ["bookingFieldsResponses.cc[1]", "bookingFieldsResponses.cc[2]"]);
        assert!(errors[0].message.contains("not-an-email"), "{}", errors[0].message);
        assert!(errors[1].message.contains("repeats"), "{}", errors[1].message);
        let too_many: Vec<String> = (0..=MAX_ANSWER_ITEMS).map(|i| format!("g{i}@example.com")).collect();
        assert_eq!(bad(&fields, json!({"cc": too_many})), ["bookingFieldsResponses.cc"]);
        assert_eq!(bad(&fields, json!({"cc": "a@example.com"})), ["bookingFieldsResponses.cc"]);
        assert_eq!(bad(&fields, json!({"cc": []})), ["bookingFieldsResponses.cc"]);
    }

    #[test]
    fn every_bad_answer_is_reported_together() {
        let fields = form(vec![
            custom(K::Text, "company", true),
            custom(K::Number, "size", false),
            custom(K::Url, "site", false),
            with_options(K::Select, "plan", false, &["Free", "Pro"]),
            custom(K::MultiEmail, "cc", false),
            custom(K::Boolean, "terms", true),
        ]);
        let given = json!({
            "size": "many",
            "site": "mailto:a@example.com",
            "plan": "Enterprise",
            "cc": ["ok@example.com", "nope"],
            "email": "someone-else@example.com",
            "colour": "blue",
        });
        assert_eq!(
            bad(&fields, given),
            [
                "bookingFieldsResponses.email",
                "bookingFieldsResponses.colour",
                "bookingFieldsResponses.company",
                "bookingFieldsResponses.size",
                "bookingFieldsResponses.site",
                "bookingFieldsResponses.plan",
                "bookingFieldsResponses.cc[1]",
                "bookingFieldsResponses.terms",
            ]
        );
    }

    #[test]
    fn messages_quote_long_values_shortly() {
        assert_eq!(quoted("short"), "short");
        let cut = quoted(&"ü".repeat(200));
        assert_eq!(cut.chars().count(), MAX_QUOTED_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(listed(&["a", "b"]), "`a`, `b`");
    }
}
