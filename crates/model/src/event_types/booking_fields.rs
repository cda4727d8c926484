//! The booking form of an event type: default fields (name, email, location, title, notes, guests, reschedule
//! reason) and custom fields.
//!
//! In requests, a field is identified the way Cal.com identifies it: by `slug` for the default fields `title`,
//! `location`, `notes`, `guests` and `rescheduleReason` (their `type` is optional and ignored), otherwise by
//! `type`. Properties the reference does not define (such as `isDefault` in a field copied from a response) are
//! ignored, so the `bookingFields` of a response can be sent back as they are.
//!
//! Corrections to the reference, which are what Cal.com does: `label` and `placeholder` of the name and email
//! fields, and `placeholder` and `hidden` of custom fields, are optional in requests (the reference marks them
//! required); `required` of the email field and `isDefault` are booleans (the reference types them as objects);
//! `label` and `placeholder` of default fields are only returned once set (the Booker shows translated defaults).

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use super::union;

wire_enum! {
    /// Only allowed value for type is `name`. Used for having 1 booking field for both first name and last name.
    pub enum NameFieldType { Name = "name" }
}

wire_enum! {
    /// Only allowed value for type is `email`.
    pub enum EmailFieldType { Email = "email" }
}

wire_enum! {
    /// Only allowed value for type is `phone`.
    pub enum PhoneFieldType { Phone = "phone" }
}

wire_enum! {
    /// Only allowed value for type is `address`.
    pub enum AddressFieldType { Address = "address" }
}

wire_enum! {
    /// Only allowed value for type is `text`.
    pub enum TextFieldType { Text = "text" }
}

wire_enum! {
    /// Only allowed value for type is `number`.
    pub enum NumberFieldType { Number = "number" }
}

wire_enum! {
    /// Only allowed value for type is `textarea`.
    pub enum TextAreaFieldType { TextArea = "textarea" }
}

wire_enum! {
    /// Only allowed value for type is `select`.
    pub enum SelectFieldType { Select = "select" }
}

wire_enum! {
    /// Only allowed value for type is `multiselect`.
    pub enum MultiSelectFieldType { MultiSelect = "multiselect" }
}

wire_enum! {
    /// Only allowed value for type is `multiemail`.
    pub enum MultiEmailFieldType { MultiEmail = "multiemail" }
}

wire_enum! {
    /// Only allowed value for type is `checkbox`.
    pub enum CheckboxFieldType { Checkbox = "checkbox" }
}

wire_enum! {
    /// Only allowed value for type is `radio`.
    pub enum RadioFieldType { Radio = "radio" }
}

wire_enum! {
    /// Only allowed value for type is `boolean`.
    pub enum BooleanFieldType { Boolean = "boolean" }
}

wire_enum! {
    /// Only allowed value for type is `url`.
    pub enum UrlFieldType { Url = "url" }
}

wire_enum! {
    /// Only allowed value for type is `radioInput`.
    pub enum RadioInputFieldType { RadioInput = "radioInput" }
}

wire_enum! {
    /// Only allowed value for slug is `name`.
    pub enum NameFieldSlug { Name = "name" }
}

wire_enum! {
    /// Only allowed value for slug is `email`.
    pub enum EmailFieldSlug { Email = "email" }
}

wire_enum! {
    /// Only allowed value for slug is `title`.
    pub enum TitleFieldSlug { Title = "title" }
}

wire_enum! {
    /// Only allowed value for slug is `location`.
    pub enum LocationFieldSlug { Location = "location" }
}

wire_enum! {
    /// Only allowed value for slug is `notes`.
    pub enum NotesFieldSlug { Notes = "notes" }
}

wire_enum! {
    /// Only allowed value for slug is `guests`.
    pub enum GuestsFieldSlug { Guests = "guests" }
}

wire_enum! {
    /// Only allowed value for slug is `rescheduleReason`.
    pub enum RescheduleReasonFieldSlug { RescheduleReason = "rescheduleReason" }
}

/// Default field: the booker's name, one field for first and last name. Always required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NameDefaultFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: NameFieldType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
}

/// Default field: the booker's e-mail address. Cal.com lets only organization team event types make it optional
/// or hidden (for phone-only bookings); this server has no teams, so it stays required and visible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailDefaultFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: EmailFieldType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Must be true (the default). (The reference types it as an object.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Must be false (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
}

/// Default field: what the meeting is about. Required but hidden unless changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TitleDefaultFieldInput {
    #[schema(inline)]
    pub slug: TitleFieldSlug,
    /// Default true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in
    /// both. Default true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
}

/// Default field: the location picker. This booking field is displayed only when event type has 2 or more
/// locations in order to allow person doing the booking pick the location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LocationDefaultFieldInput {
    #[schema(inline)]
    pub slug: LocationFieldSlug,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Default field: additional notes. Optional and visible unless changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotesDefaultFieldInput {
    #[schema(inline)]
    pub slug: NotesFieldSlug,
    /// Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in
    /// both. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
}

/// Default field: e-mail addresses of additional guests. Optional and visible unless changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GuestsDefaultFieldInput {
    #[schema(inline)]
    pub slug: GuestsFieldSlug,
    /// Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in
    /// both. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
}

/// Default field: the reason given when rescheduling (shown only when rescheduling). Optional and visible unless
/// changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RescheduleReasonDefaultFieldInput {
    #[schema(inline)]
    pub slug: RescheduleReasonFieldSlug,
    /// Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in
    /// both. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
}

/// One booking field of a request: a default field (identified by `slug`, or by `type` for `name` and `email`)
/// or a custom field (identified by `type`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum BookingFieldInput {
    Name(NameDefaultFieldInput),
    Email(EmailDefaultFieldInput),
    Title(TitleDefaultFieldInput),
    Location(LocationDefaultFieldInput),
    Notes(NotesDefaultFieldInput),
    Guests(GuestsDefaultFieldInput),
    RescheduleReason(RescheduleReasonDefaultFieldInput),
    Phone(PhoneFieldInput),
    Address(AddressFieldInput),
    Text(TextFieldInput),
    Number(NumberFieldInput),
    TextArea(TextAreaFieldInput),
    Select(SelectFieldInput),
    MultiSelect(MultiSelectFieldInput),
    MultiEmail(MultiEmailFieldInput),
    CheckboxGroup(CheckboxGroupFieldInput),
    RadioGroup(RadioGroupFieldInput),
    Boolean(BooleanFieldInput),
    Url(UrlFieldInput),
}

/// The slugs that identify a default field without a `type`.
const DEFAULT_FIELD_SLUGS: [&str; 5] = ["title", "location", "notes", "guests", "rescheduleReason"];

/// The accepted `type`s.
const FIELD_TYPES: [&str; 14] = [
    "name",
    "email",
    "phone",
    "address",
    "text",
    "number",
    "textarea",
    "select",
    "multiselect",
    "multiemail",
    "checkbox",
    "radio",
    "boolean",
    "url",
];

impl<'de> Deserialize<'de> for BookingFieldInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const WHAT: &str = "booking field";
        let value = union::object(deserializer, WHAT)?;
        // Default fields other than name and email are chosen by slug, whatever their `type` says: a field copied
        // from a response carries the type of its input widget (`text` for the title, for example).
        let slug = union::str_field(&value, "slug").map(str::to_owned);
        match slug.as_deref() {
            Some("title") => return union::decode(value, WHAT).map(Self::Title),
            Some("location") => return union::decode(value, WHAT).map(Self::Location),
            Some("notes") => return union::decode(value, WHAT).map(Self::Notes),
            Some("guests") => return union::decode(value, WHAT).map(Self::Guests),
            Some("rescheduleReason") => return union::decode(value, WHAT).map(Self::RescheduleReason),
            _ => {}
        }
        match union::str_field(&value, "type") {
            Some("name") => union::decode(value, WHAT).map(Self::Name),
            Some("email") => union::decode(value, WHAT).map(Self::Email),
            Some("phone") => union::decode(value, WHAT).map(Self::Phone),
            Some("address") => union::decode(value, WHAT).map(Self::Address),
            Some("text") => union::decode(value, WHAT).map(Self::Text),
            Some("number") => union::decode(value, WHAT).map(Self::Number),
            Some("textarea") => union::decode(value, WHAT).map(Self::TextArea),
            Some("select") => union::decode(value, WHAT).map(Self::Select),
            Some("multiselect") => union::decode(value, WHAT).map(Self::MultiSelect),
            Some("multiemail") => union::decode(value, WHAT).map(Self::MultiEmail),
            Some("checkbox") => union::decode(value, WHAT).map(Self::CheckboxGroup),
            Some("radio") => union::decode(value, WHAT).map(Self::RadioGroup),
            Some("boolean") => union::decode(value, WHAT).map(Self::Boolean),
            Some("url") => union::decode(value, WHAT).map(Self::Url),
            other => Err(union::unknown_discriminator(
                WHAT,
                "type",
                other,
                &FIELD_TYPES,
                &format!(" (fields with slug {} need no type)", DEFAULT_FIELD_SLUGS.join(", ")),
            )),
        }
    }
}

/// Default field: the booker's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NameDefaultFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: NameFieldType,
    /// Custom label; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Custom placeholder; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// This property is always true because it's a default field. (The reference types it as an object.)
    #[schema(schema_with = always_true)]
    pub is_default: bool,
    #[schema(inline)]
    pub slug: NameFieldSlug,
    /// Always true.
    pub required: bool,
}

/// Default field: the booker's e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailDefaultFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: EmailFieldType,
    /// Custom label; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Whether the booker must give an e-mail address. (The reference types it as an object.)
    pub required: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// Custom placeholder; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// This property is always true because it's a default field. (The reference types it as an object.)
    #[schema(schema_with = always_true)]
    pub is_default: bool,
    #[schema(inline)]
    pub slug: EmailFieldSlug,
}

/// Default field: the location picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LocationDefaultFieldOutput {
    /// This property is always true because it's a default field. (The reference types it as an object.)
    #[schema(schema_with = always_true)]
    pub is_default: bool,
    #[schema(inline)]
    pub slug: LocationFieldSlug,
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: RadioInputFieldType,
    pub required: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// Custom label; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Default field: the reason given when rescheduling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RescheduleReasonDefaultFieldOutput {
    #[schema(inline)]
    pub slug: RescheduleReasonFieldSlug,
    pub required: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// Custom label; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Custom placeholder; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// This property is always true because it's a default field. (The reference types it as an object.)
    #[schema(schema_with = always_true)]
    pub is_default: bool,
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: TextAreaFieldType,
}

/// Default field: what the meeting is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TitleDefaultFieldOutput {
    #[schema(inline)]
    pub slug: TitleFieldSlug,
    pub required: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// Custom label; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Custom placeholder; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// This property is always true because it's a default field. (The reference types it as an object.)
    #[schema(schema_with = always_true)]
    pub is_default: bool,
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: TextFieldType,
}

/// Default field: additional notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotesDefaultFieldOutput {
    #[schema(inline)]
    pub slug: NotesFieldSlug,
    pub required: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// Custom label; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Custom placeholder; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// This property is always true because it's a default field. (The reference types it as an object.)
    #[schema(schema_with = always_true)]
    pub is_default: bool,
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: TextAreaFieldType,
}

/// Default field: e-mail addresses of additional guests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GuestsDefaultFieldOutput {
    #[schema(inline)]
    pub slug: GuestsFieldSlug,
    pub required: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// Custom label; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Custom placeholder; absent until set, in which case the Booker shows its translated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// This property is always true because it's a default field. (The reference types it as an object.)
    #[schema(schema_with = always_true)]
    pub is_default: bool,
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: MultiEmailFieldType,
}

/// One booking field of an event type, as returned: the default fields first in this list, then the custom ones.
/// Each variant carries its own `type` (and, for default fields, `slug`), which tells them apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum BookingFieldOutput {
    Name(NameDefaultFieldOutput),
    Email(EmailDefaultFieldOutput),
    Location(LocationDefaultFieldOutput),
    RescheduleReason(RescheduleReasonDefaultFieldOutput),
    Title(TitleDefaultFieldOutput),
    Notes(NotesDefaultFieldOutput),
    Guests(GuestsDefaultFieldOutput),
    Phone(PhoneFieldOutput),
    Address(AddressFieldOutput),
    Text(TextFieldOutput),
    Number(NumberFieldOutput),
    TextArea(TextAreaFieldOutput),
    Select(SelectFieldOutput),
    MultiSelect(MultiSelectFieldOutput),
    MultiEmail(MultiEmailFieldOutput),
    CheckboxGroup(CheckboxGroupFieldOutput),
    RadioGroup(RadioGroupFieldOutput),
    Boolean(BooleanFieldOutput),
    Url(UrlFieldOutput),
}

/// Custom booking field: a phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhoneFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: PhoneFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: a postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddressFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: AddressFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter your address")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., 1234 Main St")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: a line of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TextFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: TextFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter your text")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., Enter text here")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NumberFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: NumberFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter a number")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., 100")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: several lines of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TextAreaFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: TextAreaFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter detailed information")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., Detailed description here...")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: one option from a drop-down list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SelectFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: SelectFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please select an option")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Select...")]
    pub placeholder: Option<String>,
    /// The choices: at least one, each non-empty and different.
    #[schema(example = json!(["Option 1", "Option 2"]))]
    pub options: Vec<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: any number of options from a drop-down list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MultiSelectFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: MultiSelectFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please select multiple options")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// The choices: at least one, each non-empty and different.
    #[schema(example = json!(["Option 1", "Option 2"]))]
    pub options: Vec<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: any number of e-mail addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MultiEmailFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: MultiEmailFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter multiple emails")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., example@example.com")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: any number of options, as checkboxes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckboxGroupFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: CheckboxFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Select all that apply")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// The choices: at least one, each non-empty and different.
    #[schema(example = json!(["Checkbox 1", "Checkbox 2"]))]
    pub options: Vec<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: one option, as radio buttons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RadioGroupFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: RadioFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Select one option")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// The choices: at least one, each non-empty and different.
    #[schema(example = json!(["Radio 1", "Radio 2"]))]
    pub options: Vec<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: a single checkbox (yes or no).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BooleanFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: BooleanFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Agree to terms?")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UrlFieldInput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: UrlFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter your text")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., Enter url here")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_on_prefill: Option<bool>,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    /// Default false. (Optional, although the reference marks it required.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Custom booking field: a phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhoneFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: PhoneFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: a postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddressFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: AddressFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter your address")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., 1234 Main St")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: a line of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TextFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: TextFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter your text")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., Enter text here")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NumberFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: NumberFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter a number")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., 100")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: several lines of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TextAreaFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: TextAreaFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter detailed information")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., Detailed description here...")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: one option from a drop-down list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SelectFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: SelectFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please select an option")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Select...")]
    pub placeholder: Option<String>,
    /// The choices: at least one, each non-empty and different.
    #[schema(example = json!(["Option 1", "Option 2"]))]
    pub options: Vec<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: any number of options from a drop-down list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MultiSelectFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: MultiSelectFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please select multiple options")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// The choices: at least one, each non-empty and different.
    #[schema(example = json!(["Option 1", "Option 2"]))]
    pub options: Vec<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: any number of e-mail addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MultiEmailFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: MultiEmailFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter multiple emails")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., example@example.com")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: any number of options, as checkboxes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckboxGroupFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: CheckboxFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Select all that apply")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// The choices: at least one, each non-empty and different.
    #[schema(example = json!(["Checkbox 1", "Checkbox 2"]))]
    pub options: Vec<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: one option, as radio buttons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RadioGroupFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: RadioFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Select one option")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// The choices: at least one, each non-empty and different.
    #[schema(example = json!(["Radio 1", "Radio 2"]))]
    pub options: Vec<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: a single checkbox (yes or no).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BooleanFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: BooleanFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Agree to terms?")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// Custom booking field: a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UrlFieldOutput {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub field_type: UrlFieldType,
    /// Unique identifier for the field in format `some-slug`: 1 to 64 letters, digits, `-` or `_`. It is used to access
    /// response to this booking field during the booking. `name`, `email`, `location`, `title`, `notes`, `guests` and
    /// `rescheduleReason` belong to the default fields.
    #[schema(example = "some-slug")]
    pub slug: String,
    /// The question shown in the booking form.
    #[schema(example = "Please enter your text")]
    pub label: String,
    /// Whether the booker must answer (hidden fields are never required from the booker).
    pub required: bool,
    /// Text shown in the empty field; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "e.g., Enter url here")]
    pub placeholder: Option<String>,
    /// Disable this booking field if the URL contains query parameter with key equal to the slug and prefill it with
    /// the provided value. For example, with slug `company` and `&company=acme` in the booking page URL, the field
    /// shows `acme` and cannot be changed. Default false.
    pub disable_on_prefill: bool,
    /// If true show under event type settings but don't show this booking field in the Booker. If false show in both.
    pub hidden: bool,
    /// This property is always false because it's not default field but custom field. (The reference types it as an
    /// object.)
    #[schema(schema_with = always_false)]
    pub is_default: bool,
}

/// `isDefault` of a default field's output: always `true`. Documented as the one value so that the output union's
/// variants never overlap (a default `notes` field and a custom `textarea` field look alike otherwise).
fn always_true() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Boolean)
        .enum_values(Some([true]))
        .description(Some("Always `true`: a default field of the booking form."))
        .build()
}

/// `isDefault` of a custom field's output: always `false`.
fn always_false() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Boolean)
        .enum_values(Some([false]))
        .description(Some("Always `false`: a field added to the booking form."))
        .build()
}
