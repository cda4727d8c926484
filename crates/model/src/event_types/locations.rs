//! Where an event takes place: the `locations` of an event type, tagged by `type`.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use super::union;

wire_enum! {
    /// Only allowed value for type is `address`.
    pub enum AddressLocationType { Address = "address" }
}

wire_enum! {
    /// Only allowed value for type is `link`.
    pub enum LinkLocationType { Link = "link" }
}

wire_enum! {
    /// Only allowed value for type is `integration`.
    pub enum IntegrationLocationType { Integration = "integration" }
}

wire_enum! {
    /// Only allowed value for type is `phone`.
    pub enum PhoneLocationType { Phone = "phone" }
}

wire_enum! {
    /// Only allowed value for type is `attendeeAddress`.
    pub enum AttendeeAddressLocationType { AttendeeAddress = "attendeeAddress" }
}

wire_enum! {
    /// Only allowed value for type is `attendeePhone`.
    pub enum AttendeePhoneLocationType { AttendeePhone = "attendeePhone" }
}

wire_enum! {
    /// Only allowed value for type is `attendeeDefined`.
    pub enum AttendeeDefinedLocationType { AttendeeDefined = "attendeeDefined" }
}

wire_enum! {
    /// Only allowed value for type is `organizersDefaultApp`.
    pub enum OrganizersDefaultAppLocationType { OrganizersDefaultApp = "organizersDefaultApp" }
}

wire_enum! {
    /// Only allowed value for type is `unknown`.
    pub enum UnknownLocationType { Unknown = "unknown" }
}

wire_enum! {
    /// A conferencing app that can be set as a location through the API. Cal Video is always available.
    pub enum InputIntegration {
        CalVideo = "cal-video",
        GoogleMeet = "google-meet",
        Office365Video = "office365-video",
        Zoom = "zoom",
    }
}

wire_enum! {
    /// A conferencing app an event type's location can point to.
    pub enum OutputIntegration {
        CalVideo = "cal-video",
        GoogleMeet = "google-meet",
        Zoom = "zoom",
        WherebyVideo = "whereby-video",
        WhatsappVideo = "whatsapp-video",
        WebexVideo = "webex-video",
        TelegramVideo = "telegram-video",
        Tandem = "tandem",
        SylapsVideo = "sylaps-video",
        SkypeVideo = "skype-video",
        SiriusVideo = "sirius-video",
        SignalVideo = "signal-video",
        ShimmerVideo = "shimmer-video",
        SalesroomVideo = "salesroom-video",
        RoamVideo = "roam-video",
        RiversideVideo = "riverside-video",
        PingVideo = "ping-video",
        Office365Video = "office365-video",
        MirotalkVideo = "mirotalk-video",
        Jitsi = "jitsi",
        JellyVideo = "jelly-video",
        JellyConferencing = "jelly-conferencing",
        Huddle = "huddle",
        FacetimeVideo = "facetime-video",
        ElementCallVideo = "element-call-video",
        EightxeightVideo = "eightxeight-video",
        DiscordVideo = "discord-video",
        DemodeskVideo = "demodesk-video",
        CampfireVideo = "campfire-video",
    }
}

impl From<InputIntegration> for OutputIntegration {
    fn from(integration: InputIntegration) -> Self {
        match integration {
            InputIntegration::CalVideo => OutputIntegration::CalVideo,
            InputIntegration::GoogleMeet => OutputIntegration::GoogleMeet,
            InputIntegration::Office365Video => OutputIntegration::Office365Video,
            InputIntegration::Zoom => OutputIntegration::Zoom,
        }
    }
}

/// An in-person meeting at the host's address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InputAddressLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: AddressLocationType,
    /// The address, not empty.
    #[schema(example = "123 Example St, City, Country")]
    pub address: String,
    /// Whether the address is shown on the booking page before booking.
    pub public: bool,
}

/// A meeting at a fixed link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InputLinkLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: LinkLocationType,
    /// An absolute `http(s)` URL.
    #[schema(example = "https://customvideo.com/join/123456")]
    pub link: String,
    /// Whether the link is shown on the booking page before booking.
    pub public: bool,
}

/// A meeting in a conferencing app; the app must be installed for the host (Cal Video always is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InputIntegrationLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: IntegrationLocationType,
    #[schema(example = "cal-video")]
    pub integration: InputIntegration,
}

/// A call to the host's phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InputPhoneLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: PhoneLocationType,
    /// An international phone number: `+` and 7 to 15 digits (spaces, dots, dashes and parentheses allowed).
    #[schema(example = "+37120993151")]
    pub phone: String,
    /// Whether the number is shown on the booking page before booking.
    pub public: bool,
}

/// An in-person meeting at an address the attendee gives when booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InputAttendeeAddressLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: AttendeeAddressLocationType,
}

/// A call to a phone number the attendee gives when booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InputAttendeePhoneLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: AttendeePhoneLocationType,
}

/// Any location the attendee describes when booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InputAttendeeDefinedLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: AttendeeDefinedLocationType,
}

/// One location of an event type, chosen by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum InputLocation {
    Address(InputAddressLocation),
    Link(InputLinkLocation),
    Integration(InputIntegrationLocation),
    Phone(InputPhoneLocation),
    AttendeeAddress(InputAttendeeAddressLocation),
    AttendeePhone(InputAttendeePhoneLocation),
    AttendeeDefined(InputAttendeeDefinedLocation),
}

impl InputLocation {
    /// The `type` of this location as sent on the wire.
    pub fn type_str(&self) -> &'static str {
        match self {
            InputLocation::Address(_) => AddressLocationType::Address.as_str(),
            InputLocation::Link(_) => LinkLocationType::Link.as_str(),
            InputLocation::Integration(_) => IntegrationLocationType::Integration.as_str(),
            InputLocation::Phone(_) => PhoneLocationType::Phone.as_str(),
            InputLocation::AttendeeAddress(_) => AttendeeAddressLocationType::AttendeeAddress.as_str(),
            InputLocation::AttendeePhone(_) => AttendeePhoneLocationType::AttendeePhone.as_str(),
            InputLocation::AttendeeDefined(_) => AttendeeDefinedLocationType::AttendeeDefined.as_str(),
        }
    }

    /// Cal Video, the location Cal.com uses when an event type is created without `locations`.
    pub fn cal_video() -> Self {
        InputLocation::Integration(InputIntegrationLocation {
            location_type: IntegrationLocationType::Integration,
            integration: InputIntegration::CalVideo,
        })
    }
}

impl<'de> Deserialize<'de> for InputLocation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const WHAT: &str = "location";
        let value = union::object(deserializer, WHAT)?;
        match union::str_field(&value, "type") {
            Some("address") => union::decode(value, WHAT).map(Self::Address),
            Some("link") => union::decode(value, WHAT).map(Self::Link),
            Some("integration") => union::decode(value, WHAT).map(Self::Integration),
            Some("phone") => union::decode(value, WHAT).map(Self::Phone),
            Some("attendeeAddress") => union::decode(value, WHAT).map(Self::AttendeeAddress),
            Some("attendeePhone") => union::decode(value, WHAT).map(Self::AttendeePhone),
            Some("attendeeDefined") => union::decode(value, WHAT).map(Self::AttendeeDefined),
            other => Err(union::unknown_discriminator(
                WHAT,
                "type",
                other,
                &["address", "link", "integration", "phone", "attendeeAddress", "attendeePhone", "attendeeDefined"],
                "",
            )),
        }
    }
}

/// An in-person meeting at the host's address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutputAddressLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: AddressLocationType,
    #[schema(example = "123 Example St, City, Country")]
    pub address: String,
    pub public: bool,
}

/// A meeting at a fixed link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutputLinkLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: LinkLocationType,
    #[schema(example = "https://customvideo.com/join/123456")]
    pub link: String,
    pub public: bool,
}

/// A meeting in a conferencing app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutputIntegrationLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: IntegrationLocationType,
    #[schema(example = "cal-video")]
    pub integration: OutputIntegration,
    /// A fixed meeting link of the app, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "https://example.com")]
    pub link: Option<String>,
    /// Credential ID associated with the integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<i64>,
}

/// A call to the host's phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutputPhoneLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: PhoneLocationType,
    #[schema(example = "+37120993151")]
    pub phone: String,
    pub public: bool,
}

/// An in-person meeting at an address the attendee gives when booking. (Missing from the reference's list of
/// output locations, but Cal.com returns it.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutputAttendeeAddressLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: AttendeeAddressLocationType,
}

/// A call to a phone number the attendee gives when booking. (Missing from the reference's list of output
/// locations, but Cal.com returns it.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutputAttendeePhoneLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: AttendeePhoneLocationType,
}

/// Any location the attendee describes when booking. (Missing from the reference's list of output locations, but
/// Cal.com returns it.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutputAttendeeDefinedLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: AttendeeDefinedLocationType,
}

/// The organizer's default conferencing app (team event types only; never produced by this server, which has no
/// teams).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutputOrganizersDefaultAppLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: OrganizersDefaultAppLocationType,
}

/// A stored location this API version cannot describe, passed through as JSON text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutputUnknownLocation {
    #[serde(rename = "type")]
    #[schema(inline)]
    pub location_type: UnknownLocationType,
    /// The stored location, as JSON text.
    pub location: String,
}

/// One location of an event type, as returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum OutputLocation {
    Address(OutputAddressLocation),
    Link(OutputLinkLocation),
    Integration(OutputIntegrationLocation),
    Phone(OutputPhoneLocation),
    AttendeeAddress(OutputAttendeeAddressLocation),
    AttendeePhone(OutputAttendeePhoneLocation),
    AttendeeDefined(OutputAttendeeDefinedLocation),
    OrganizersDefaultApp(OutputOrganizersDefaultAppLocation),
    Unknown(OutputUnknownLocation),
}

impl From<&InputLocation> for OutputLocation {
    fn from(location: &InputLocation) -> Self {
        match location {
            InputLocation::Address(l) => OutputLocation::Address(OutputAddressLocation {
                location_type: AddressLocationType::Address,
                address: l.address.clone(),
                public: l.public,
            }),
            InputLocation::Link(l) => OutputLocation::Link(OutputLinkLocation {
                location_type: LinkLocationType::Link,
                link: l.link.clone(),
                public: l.public,
            }),
            InputLocation::Integration(l) => OutputLocation::Integration(OutputIntegrationLocation {
                location_type: IntegrationLocationType::Integration,
                integration: l.integration.into(),
                link: None,
                credential_id: None,
            }),
            InputLocation::Phone(l) => OutputLocation::Phone(OutputPhoneLocation {
                location_type: PhoneLocationType::Phone,
                phone: l.phone.clone(),
                public: l.public,
            }),
            InputLocation::AttendeeAddress(_) => OutputLocation::AttendeeAddress(OutputAttendeeAddressLocation {
                location_type: AttendeeAddressLocationType::AttendeeAddress,
            }),
            InputLocation::AttendeePhone(_) => OutputLocation::AttendeePhone(OutputAttendeePhoneLocation {
                location_type: AttendeePhoneLocationType::AttendeePhone,
            }),
            InputLocation::AttendeeDefined(_) => OutputLocation::AttendeeDefined(OutputAttendeeDefinedLocation {
                location_type: AttendeeDefinedLocationType::AttendeeDefined,
            }),
        }
    }
}
