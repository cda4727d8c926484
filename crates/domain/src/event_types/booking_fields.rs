//! The booking form: the fields a request configures, merged with Cal.com's default fields and put in Cal.com's
//! order, and their output.
//!
//! Order of a booking form: name, email, the location picker (when the event type has several locations), the
//! given fields in the given order, then the default title, notes, guests and reschedule reason fields that were
//! not given. This is the order Cal.com returns (its e2e tests pin it).

use calends_model::event_types::{self as wire, BookingFieldInput, BookingFieldOutput};
use serde::{Deserialize, Serialize};

use crate::validate::{self, Validator};

/// Most booking fields an event type can have.
const MAX_FIELDS: usize = 100;
/// Most choices of one select, multi-select, checkbox or radio field.
const MAX_OPTIONS: usize = 500;
/// Longest label, placeholder or option, in characters.
const MAX_TEXT: usize = 1000;
/// Longest custom field slug.
const MAX_SLUG: usize = 64;

/// What a booking field asks for. The default fields are the first seven; their slug is their wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BookingFieldKind {
    /// The booker's name (always required).
    #[serde(rename = "name")]
    Name,
    /// The booker's e-mail address (always required).
    #[serde(rename = "email")]
    Email,
    /// Which of the event type's locations the booker picks.
    #[serde(rename = "location")]
    Location,
    /// What the meeting is about.
    #[serde(rename = "title")]
    Title,
    /// Additional notes.
    #[serde(rename = "notes")]
    Notes,
    /// E-mail addresses of additional guests.
    #[serde(rename = "guests")]
    Guests,
    /// The reason given when rescheduling.
    #[serde(rename = "rescheduleReason")]
    RescheduleReason,
    #[serde(rename = "phone")]
    Phone,
    #[serde(rename = "address")]
    Address,
    #[serde(rename = "text")]
    Text,
    #[serde(rename = "number")]
    Number,
    #[serde(rename = "textarea")]
    TextArea,
    /// One of `options`.
    #[serde(rename = "select")]
    Select,
    /// Any number of `options`.
    #[serde(rename = "multiselect")]
    MultiSelect,
    #[serde(rename = "multiemail")]
    MultiEmail,
    /// Any number of `options`, as checkboxes.
    #[serde(rename = "checkbox")]
    Checkbox,
    /// One of `options`, as radio buttons.
    #[serde(rename = "radio")]
    Radio,
    #[serde(rename = "boolean")]
    Boolean,
    #[serde(rename = "url")]
    Url,
}

/// The default fields every booking form has before the given fields.
const BEFORE: [BookingFieldKind; 2] = [BookingFieldKind::Name, BookingFieldKind::Email];
/// The default fields every booking form has after the given fields, unless given.
const AFTER: [BookingFieldKind; 4] =
    [BookingFieldKind::Title, BookingFieldKind::Notes, BookingFieldKind::Guests, BookingFieldKind::RescheduleReason];

impl BookingFieldKind {
    /// The wire name: the `type` of custom fields, the slug of default fields.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingFieldKind::Name => "name",
            BookingFieldKind::Email => "email",
            BookingFieldKind::Location => "location",
            BookingFieldKind::Title => "title",
            BookingFieldKind::Notes => "notes",
            BookingFieldKind::Guests => "guests",
            BookingFieldKind::RescheduleReason => "rescheduleReason",
            BookingFieldKind::Phone => "phone",
            BookingFieldKind::Address => "address",
            BookingFieldKind::Text => "text",
            BookingFieldKind::Number => "number",
            BookingFieldKind::TextArea => "textarea",
            BookingFieldKind::Select => "select",
            BookingFieldKind::MultiSelect => "multiselect",
            BookingFieldKind::MultiEmail => "multiemail",
            BookingFieldKind::Checkbox => "checkbox",
            BookingFieldKind::Radio => "radio",
            BookingFieldKind::Boolean => "boolean",
            BookingFieldKind::Url => "url",
        }
    }

    /// Whether this is one of Cal.com's default fields (which have a fixed slug).
    pub fn is_default(self) -> bool {
        matches!(
            self,
            BookingFieldKind::Name
                | BookingFieldKind::Email
                | BookingFieldKind::Location
                | BookingFieldKind::Title
                | BookingFieldKind::Notes
                | BookingFieldKind::Guests
                | BookingFieldKind::RescheduleReason
        )
    }

    /// Whether answers are chosen from the field's `options`.
    pub fn has_options(self) -> bool {
        matches!(
            self,
            BookingFieldKind::Select
                | BookingFieldKind::MultiSelect
                | BookingFieldKind::Checkbox
                | BookingFieldKind::Radio
        )
    }
}

/// One field of the booking form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingField {
    pub kind: BookingFieldKind,
    /// Key of the answer in the booking's responses. Default fields use their kind's wire name.
    pub slug: String,
    /// `None` for default fields that keep their translated label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    pub required: bool,
    /// Shown in the event type settings but not in the booking form.
    #[serde(default)]
    pub hidden: bool,
    #[serde(default)]
    pub disable_on_prefill: bool,
    /// The choices of select, multi-select, checkbox and radio fields; empty for the other kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

impl BookingField {
    /// A default field with Cal.com's settings: name and email required; title required but hidden; location,
    /// notes, guests and reschedule reason optional.
    pub fn default_field(kind: BookingFieldKind) -> Self {
        debug_assert!(kind.is_default(), "{kind:?} is not a default field");
        let (required, hidden) = match kind {
            BookingFieldKind::Name | BookingFieldKind::Email => (true, false),
            BookingFieldKind::Title => (true, true),
            _ => (false, false),
        };
        BookingField {
            kind,
            slug: kind.as_str().to_owned(),
            label: None,
            placeholder: None,
            required,
            hidden,
            disable_on_prefill: false,
            options: Vec::new(),
        }
    }

    /// Whether the booker must answer: hidden fields are never asked, so never required from the booker.
    pub fn required_from_booker(&self) -> bool {
        self.required && !self.hidden
    }
}

/// The booking form of an event type that configures none.
pub(super) fn default_fields(location_count: usize) -> Vec<BookingField> {
    let mut fields: Vec<BookingField> =
        BEFORE.iter().chain(AFTER.iter()).map(|&k| BookingField::default_field(k)).collect();
    place_location_field(&mut fields, location_count);
    fields
}

/// Converts the requested fields, checks them (every problem is recorded in `v`) and arranges them with the
/// default fields in Cal.com's order. The location picker is placed by [`place_location_field`].
pub(super) fn from_input(inputs: Vec<BookingFieldInput>, v: &mut Validator) -> Vec<BookingField> {
    if inputs.is_empty() {
        v.add("bookingFields", "must contain at least 1 booking field");
    }
    if inputs.len() > MAX_FIELDS {
        v.add("bookingFields", format!("must contain at most {MAX_FIELDS} booking fields, got {}", inputs.len()));
    }
    let mut given: Vec<BookingField> = Vec::with_capacity(inputs.len());
    let mut first_index_of_slug: Vec<(String, usize)> = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.into_iter().enumerate() {
        let path = format!("bookingFields[{i}]");
        let field = convert(input, &path, v);
        match first_index_of_slug.iter().find(|(slug, _)| *slug == field.slug) {
            Some((slug, first)) => {
                // Name and email fields are identified by their type; the others by their slug.
                let key = if matches!(field.kind, BookingFieldKind::Name | BookingFieldKind::Email) {
                    "type"
                } else {
                    "slug"
                };
                v.add(
                    format!("{path}.{key}"),
                    format!("`{slug}` is already used by bookingFields[{first}]; booking fields must be unique"),
                )
            }
            None => {
                first_index_of_slug.push((field.slug.clone(), i));
                given.push(field);
            }
        }
    }
    arrange(given)
}

/// Name and email first (the given ones or the defaults), then the location picker if given, then the other given
/// fields in order, then the missing title, notes, guests and reschedule reason fields.
fn arrange(mut given: Vec<BookingField>) -> Vec<BookingField> {
    let mut take = |kind: BookingFieldKind| given.iter().position(|f| f.kind == kind).map(|i| given.remove(i));
    let mut fields: Vec<BookingField> =
        BEFORE.iter().map(|&kind| take(kind).unwrap_or_else(|| BookingField::default_field(kind))).collect();
    fields.extend(take(BookingFieldKind::Location));
    fields.append(&mut given);
    for kind in AFTER {
        if !fields.iter().any(|f| f.kind == kind) {
            fields.push(BookingField::default_field(kind));
        }
    }
    fields
}

/// Cal.com shows the location picker only when there is a choice: it is added after the email field when the event
/// type has several locations, and an unconfigured one is dropped when it has a single location (a configured one
/// is kept, as Cal.com keeps it; the booking page then hides it).
pub(super) fn place_location_field(fields: &mut Vec<BookingField>, location_count: usize) {
    let position = fields.iter().position(|f| f.kind == BookingFieldKind::Location);
    match position {
        None if location_count > 1 => {
            let after_email = fields.iter().position(|f| f.kind == BookingFieldKind::Email).map_or(0, |i| i + 1);
            fields.insert(after_email, BookingField::default_field(BookingFieldKind::Location));
        }
        Some(i) if location_count <= 1 && fields[i] == BookingField::default_field(BookingFieldKind::Location) => {
            fields.remove(i);
        }
        _ => {}
    }
}

/// The parts of a custom field request, common to all custom kinds.
struct CustomField {
    kind: BookingFieldKind,
    slug: String,
    label: String,
    required: bool,
    placeholder: Option<String>,
    options: Option<Vec<String>>,
    disable_on_prefill: Option<bool>,
    hidden: Option<bool>,
}

/// The parts of a default field request; absent settings keep the default field's.
struct DefaultField {
    kind: BookingFieldKind,
    label: Option<String>,
    placeholder: Option<String>,
    required: Option<bool>,
    hidden: Option<bool>,
    disable_on_prefill: Option<bool>,
}

/// The [`CustomField`] of a custom field request `$f`; `placeholder` and `options` are what its kind has.
macro_rules! custom {
    ($kind:ident, $f:ident, placeholder: $placeholder:expr, options: $options:expr) => {
        CustomField {
            kind: BookingFieldKind::$kind,
            slug: $f.slug,
            label: $f.label,
            required: $f.required,
            placeholder: $placeholder,
            options: $options,
            disable_on_prefill: $f.disable_on_prefill,
            hidden: $f.hidden,
        }
    };
}

/// The [`DefaultField`] of a default field request `$f` that has every setting.
macro_rules! default_settings {
    ($kind:ident, $f:ident) => {
        DefaultField {
            kind: BookingFieldKind::$kind,
            label: $f.label,
            placeholder: $f.placeholder,
            required: $f.required,
            hidden: $f.hidden,
            disable_on_prefill: $f.disable_on_prefill,
        }
    };
}

fn convert(input: BookingFieldInput, path: &str, v: &mut Validator) -> BookingField {
    use BookingFieldInput as I;
    use BookingFieldKind as K;
    match input {
        // The name field is always required and visible: its request has neither setting.
        I::Name(f) => {
            let settings = DefaultField {
                kind: K::Name,
                label: f.label,
                placeholder: f.placeholder,
                required: None,
                hidden: None,
                disable_on_prefill: f.disable_on_prefill,
            };
            configured_default(settings, path, v)
        }
        I::Email(f) => {
            // Cal.com lets only organization team event types take phone-only bookings; this server has no teams.
            if f.required == Some(false) {
                v.add(
                    format!("{path}.required"),
                    "the email field must be required (phone-only bookings need an organization team event type)",
                );
            }
            if f.hidden == Some(true) {
                v.add(
                    format!("{path}.hidden"),
                    "the email field must be visible (phone-only bookings need an organization team event type)",
                );
            }
            configured_default(default_settings!(Email, f), path, v)
        }
        I::Location(f) => {
            let settings = DefaultField {
                kind: K::Location,
                label: f.label,
                placeholder: None,
                required: None,
                hidden: None,
                disable_on_prefill: None,
            };
            configured_default(settings, path, v)
        }
        I::Title(f) => configured_default(default_settings!(Title, f), path, v),
        I::Notes(f) => configured_default(default_settings!(Notes, f), path, v),
        I::Guests(f) => configured_default(default_settings!(Guests, f), path, v),
        I::RescheduleReason(f) => configured_default(default_settings!(RescheduleReason, f), path, v),
        I::Phone(f) => custom_field(custom!(Phone, f, placeholder: f.placeholder, options: None), path, v),
        I::Address(f) => custom_field(custom!(Address, f, placeholder: f.placeholder, options: None), path, v),
        I::Text(f) => custom_field(custom!(Text, f, placeholder: f.placeholder, options: None), path, v),
        I::Number(f) => custom_field(custom!(Number, f, placeholder: f.placeholder, options: None), path, v),
        I::TextArea(f) => custom_field(custom!(TextArea, f, placeholder: f.placeholder, options: None), path, v),
        I::Select(f) => custom_field(custom!(Select, f, placeholder: f.placeholder, options: Some(f.options)), path, v),
        I::MultiSelect(f) => {
            custom_field(custom!(MultiSelect, f, placeholder: None, options: Some(f.options)), path, v)
        }
        I::MultiEmail(f) => custom_field(custom!(MultiEmail, f, placeholder: f.placeholder, options: None), path, v),
        I::CheckboxGroup(f) => custom_field(custom!(Checkbox, f, placeholder: None, options: Some(f.options)), path, v),
        I::RadioGroup(f) => custom_field(custom!(Radio, f, placeholder: None, options: Some(f.options)), path, v),
        I::Boolean(f) => custom_field(custom!(Boolean, f, placeholder: None, options: None), path, v),
        I::Url(f) => custom_field(custom!(Url, f, placeholder: f.placeholder, options: None), path, v),
    }
}

fn configured_default(request: DefaultField, path: &str, v: &mut Validator) -> BookingField {
    let base = BookingField::default_field(request.kind);
    check_text(v, &format!("{path}.label"), request.label.as_deref());
    check_text(v, &format!("{path}.placeholder"), request.placeholder.as_deref());
    BookingField {
        label: request.label,
        placeholder: request.placeholder,
        required: request.required.unwrap_or(base.required),
        hidden: request.hidden.unwrap_or(base.hidden),
        disable_on_prefill: request.disable_on_prefill.unwrap_or(base.disable_on_prefill),
        ..base
    }
}

fn custom_field(request: CustomField, path: &str, v: &mut Validator) -> BookingField {
    v.take(&format!("{path}.slug"), custom_slug(&request.slug));
    check_text(v, &format!("{path}.label"), Some(&request.label));
    check_text(v, &format!("{path}.placeholder"), request.placeholder.as_deref());
    if let Some(options) = &request.options {
        check_options(v, &format!("{path}.options"), options);
    }
    BookingField {
        kind: request.kind,
        slug: request.slug,
        label: Some(request.label),
        placeholder: request.placeholder,
        required: request.required,
        hidden: request.hidden.unwrap_or(false),
        disable_on_prefill: request.disable_on_prefill.unwrap_or(false),
        options: request.options.unwrap_or_default(),
    }
}

/// A custom field's slug: 1 to 64 ASCII letters, digits, `-` and `_`, and not a default field's slug. It is a key in
/// the booking's responses and a URL query parameter (for prefilling), so it stays URL-safe.
fn custom_slug(slug: &str) -> Result<(), String> {
    let well_formed = (1..=MAX_SLUG).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(format!("`{slug}` is not a booking field slug: use 1 to {MAX_SLUG} letters, digits, `-` or `_`"));
    }
    let reserved =
        BEFORE.iter().chain(AFTER.iter()).chain([BookingFieldKind::Location].iter()).any(|k| k.as_str() == slug);
    if reserved {
        return Err(format!("`{slug}` is the slug of a default booking field"));
    }
    Ok(())
}

fn check_text(v: &mut Validator, field: &str, text: Option<&str>) {
    if let Some(text) = text {
        let n = text.chars().count();
        v.check(n <= MAX_TEXT, field, format!("must be at most {MAX_TEXT} characters, got {n}"));
    }
}

/// The choices of an option field: at least one, each non-empty and different.
fn check_options(v: &mut Validator, field: &str, options: &[String]) {
    if options.is_empty() {
        v.add(field, "must contain at least one option");
    }
    if options.len() > MAX_OPTIONS {
        v.add(field, format!("must contain at most {MAX_OPTIONS} options, got {}", options.len()));
    }
    for (i, option) in options.iter().enumerate() {
        let path = format!("{field}[{i}]");
        if let Err(message) = validate::text(option, MAX_TEXT) {
            v.add(&path, message);
        } else if options[..i].contains(option) {
            v.add(&path, format!("repeats the option `{option}`"));
        }
    }
}

/// The field as Cal.com returns it.
pub(super) fn to_output(field: &BookingField) -> BookingFieldOutput {
    use BookingFieldKind as K;
    let f = field.clone();
    let label = f.label.clone().unwrap_or_default();
    match f.kind {
        K::Name => BookingFieldOutput::Name(wire::NameDefaultFieldOutput {
            field_type: wire::NameFieldType::Name,
            label: f.label,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            is_default: true,
            slug: wire::NameFieldSlug::Name,
            required: true,
        }),
        K::Email => BookingFieldOutput::Email(wire::EmailDefaultFieldOutput {
            field_type: wire::EmailFieldType::Email,
            label: f.label,
            required: f.required,
            hidden: f.hidden,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            is_default: true,
            slug: wire::EmailFieldSlug::Email,
        }),
        K::Location => BookingFieldOutput::Location(wire::LocationDefaultFieldOutput {
            is_default: true,
            slug: wire::LocationFieldSlug::Location,
            field_type: wire::RadioInputFieldType::RadioInput,
            required: f.required,
            hidden: f.hidden,
            label: f.label,
        }),
        K::Title => BookingFieldOutput::Title(wire::TitleDefaultFieldOutput {
            slug: wire::TitleFieldSlug::Title,
            required: f.required,
            hidden: f.hidden,
            label: f.label,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            is_default: true,
            field_type: wire::TextFieldType::Text,
        }),
        K::Notes => BookingFieldOutput::Notes(wire::NotesDefaultFieldOutput {
            slug: wire::NotesFieldSlug::Notes,
            required: f.required,
            hidden: f.hidden,
            label: f.label,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            is_default: true,
            field_type: wire::TextAreaFieldType::TextArea,
        }),
        K::Guests => BookingFieldOutput::Guests(wire::GuestsDefaultFieldOutput {
            slug: wire::GuestsFieldSlug::Guests,
            required: f.required,
            hidden: f.hidden,
            label: f.label,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            is_default: true,
            field_type: wire::MultiEmailFieldType::MultiEmail,
        }),
        K::RescheduleReason => BookingFieldOutput::RescheduleReason(wire::RescheduleReasonDefaultFieldOutput {
            slug: wire::RescheduleReasonFieldSlug::RescheduleReason,
            required: f.required,
            hidden: f.hidden,
            label: f.label,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            is_default: true,
            field_type: wire::TextAreaFieldType::TextArea,
        }),
        K::Phone => BookingFieldOutput::Phone(wire::PhoneFieldOutput {
            field_type: wire::PhoneFieldType::Phone,
            slug: f.slug,
            label,
            required: f.required,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::Address => BookingFieldOutput::Address(wire::AddressFieldOutput {
            field_type: wire::AddressFieldType::Address,
            slug: f.slug,
            label,
            required: f.required,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::Text => BookingFieldOutput::Text(wire::TextFieldOutput {
            field_type: wire::TextFieldType::Text,
            slug: f.slug,
            label,
            required: f.required,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::Number => BookingFieldOutput::Number(wire::NumberFieldOutput {
            field_type: wire::NumberFieldType::Number,
            slug: f.slug,
            label,
            required: f.required,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::TextArea => BookingFieldOutput::TextArea(wire::TextAreaFieldOutput {
            field_type: wire::TextAreaFieldType::TextArea,
            slug: f.slug,
            label,
            required: f.required,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::Select => BookingFieldOutput::Select(wire::SelectFieldOutput {
            field_type: wire::SelectFieldType::Select,
            slug: f.slug,
            label,
            required: f.required,
            placeholder: f.placeholder,
            options: f.options,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::MultiSelect => BookingFieldOutput::MultiSelect(wire::MultiSelectFieldOutput {
            field_type: wire::MultiSelectFieldType::MultiSelect,
            slug: f.slug,
            label,
            required: f.required,
            options: f.options,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::MultiEmail => BookingFieldOutput::MultiEmail(wire::MultiEmailFieldOutput {
            field_type: wire::MultiEmailFieldType::MultiEmail,
            slug: f.slug,
            label,
            required: f.required,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::Checkbox => BookingFieldOutput::CheckboxGroup(wire::CheckboxGroupFieldOutput {
            field_type: wire::CheckboxFieldType::Checkbox,
            slug: f.slug,
            label,
            required: f.required,
            options: f.options,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::Radio => BookingFieldOutput::RadioGroup(wire::RadioGroupFieldOutput {
            field_type: wire::RadioFieldType::Radio,
            slug: f.slug,
            label,
            required: f.required,
            options: f.options,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::Boolean => BookingFieldOutput::Boolean(wire::BooleanFieldOutput {
            field_type: wire::BooleanFieldType::Boolean,
            slug: f.slug,
            label,
            required: f.required,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
        K::Url => BookingFieldOutput::Url(wire::UrlFieldOutput {
            field_type: wire::UrlFieldType::Url,
            slug: f.slug,
            label,
            required: f.required,
            placeholder: f.placeholder,
            disable_on_prefill: f.disable_on_prefill,
            hidden: f.hidden,
            is_default: false,
        }),
    }
}
