use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use calends_domain::bookings::calendar_links::{CalendarEventInfo, calendar_links};
use calends_domain::bookings::{output, pagination};
use calends_domain::times::parse_instant;
use calends_domain::validate::{Validator, skip_take};
use calends_domain::{Error, ids};
use calends_model::bookings::{
    BookingOutputResponse, BookingRecordingsOutputResponse, BookingReferencesOutputResponse, BookingReferencesQuery,
    BookingTranscriptsOutputResponse, BookingsOutputResponse, CalendarLinksOutputResponse, CancelBookingInput,
    CreateBookingInput, CreateBookingOutputResponse, DeclineBookingInput, GetBookingsQuery, MarkAbsentBookingInput,
    ReassignBookingOutputResponse, ReassignToUserBookingInput, RescheduleBookingInput, RescheduleBookingOutputResponse,
};
use calends_model::common::SortOrder;
use calends_model::event_types::Frequency;
use calends_store::{BookingFilter, SortColumn};
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};

use crate::docs::{BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, UnsupportedMediaType};
use crate::error::ApiError;
use crate::extract::{Auth, Json, OptionalAuth, OptionalJson, Query};
use crate::routes::{created, ok};
use crate::services::bookings::{self, Idempotency};
use crate::state::AppState;
use crate::version::{ApiVersion, BookingsApi};

type Version = ApiVersion<BookingsApi>;

const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Documents the optional `Idempotency-Key` header (an optional, non-nullable string).
struct IdempotencyKeyHeader;

impl utoipa::IntoParams for IdempotencyKeyHeader {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            ParameterBuilder::new()
                .name("Idempotency-Key")
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(
                    "Makes the request safe to retry: a request with a key already used gets the first answer and \
                     books nothing new (1 to 255 characters).",
                ))
                .schema(Some(ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(255))))
                .build(),
        ]
    }
}

fn idempotency(req: &HttpRequest, input: &CreateBookingInput) -> Result<Option<Idempotency>, ApiError> {
    let Some(value) = req.headers().get(IDEMPOTENCY_KEY) else { return Ok(None) };
    let key = value.to_str().ok().map(str::trim).filter(|k| (1..=255).contains(&k.len()));
    let key = key.ok_or_else(|| Error::invalid("Idempotency-Key", "must be 1 to 255 visible ASCII characters"))?;
    // The parsed body, serialized again: the same request in another formatting is the same request.
    let canonical = serde_json::to_vec(input).map_err(Error::internal)?;
    Ok(Some(Idempotency { key: key.to_owned(), request_hash: ids::sha256_hex(&canonical) }))
}

#[utoipa::path(
    operation_id = "bookings_create",
    tag = "Bookings",
    summary = "Create a booking",
    description = "Books an event type (by `eventTypeId`, `eventTypeSlug` + `username`, or `eventTypeSlug` + `teamSlug`) at `start`, which must be one \
of its available slots right now (GET /v2/slots): otherwise a 400 says why. Event types that require confirmation make \
the booking `pending`; seated event types fill one booking per slot up to the seat count (the answer carries the \
`seatUid`); recurring event types create the series. Needs no API key. Send an `Idempotency-Key` header to make \
retries safe: a retried request with the same key gets the first answer and books nothing new. A team event type is \
booked with its hosts: all of a collective one's; for a round-robin one, the free host of the highest priority that \
was booked least recently (and the mandatory hosts), chosen in the booking's transaction.",
    params(BookingsApi, IdempotencyKeyHeader),
    request_body = CreateBookingInput,
    responses(
        (status = 201, description = "The booking (or series, or seat)", body = CreateBookingOutputResponse),
        BadRequest, Unauthorized, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security((), ("apiKey" = []))
)]
#[post("")]
pub async fn create_booking(
    _: Version,
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: OptionalAuth,
    Json(input): Json<CreateBookingInput>,
) -> Result<HttpResponse, ApiError> {
    let idempotency = idempotency(&req, &input)?;
    let reply = bookings::create(&state, &input, idempotency.as_ref()).await?;
    Ok(HttpResponse::build(StatusCode::from_u16(reply.status).unwrap_or(StatusCode::CREATED))
        .content_type("application/json")
        .body(reply.body))
}

fn sort_keys(query: &GetBookingsQuery) -> Vec<(SortColumn, bool)> {
    [
        (query.sort_start, SortColumn::Start),
        (query.sort_end, SortColumn::End),
        (query.sort_created, SortColumn::Created),
        (query.sort_updated_at, SortColumn::Updated),
    ]
    .into_iter()
    .filter_map(|(order, column)| order.map(|o| (column, o == SortOrder::Desc)))
    .collect()
}

#[utoipa::path(
    operation_id = "bookings_list",
    tag = "Bookings",
    summary = "Get all bookings",
    description = "The bookings you host, filtered and paged (`take` 1 to 250, default 100). `status` is any of \
`upcoming`, `recurring`, `past`, `cancelled`, `unconfirmed`. Besides the bookings you organize: those you co-host \
(collective events, mandatory round-robin hosts) and every booking of the teams you administer. `teamsIds`/`teamId` \
keep the bookings of those teams.",
    params(BookingsApi, GetBookingsQuery),
    responses((status = 200, description = "A page of bookings", body = BookingsOutputResponse), BadRequest, Unauthorized),
    security(("apiKey" = []))
)]
#[get("")]
pub async fn list_bookings(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    Query(query): Query<GetBookingsQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut v = Validator::new();
    let statuses = v.take("status", query.status_filters()).unwrap_or_default();
    let mut event_type_ids = v.take("eventTypeIds", query.event_type_id_list()).filter(|ids| !ids.is_empty());
    if let Some(id) = query.event_type_id {
        event_type_ids.get_or_insert_with(Vec::new).push(id);
    }
    let mut team_ids = v.take("teamsIds", query.team_id_list()).filter(|ids| !ids.is_empty());
    if let Some(id) = query.team_id {
        team_ids.get_or_insert_with(Vec::new).push(id);
    }
    let mut time = |field: &str, value: &Option<String>| value.as_deref().and_then(|t| v.take(field, parse_instant(t)));
    let after_start = time("afterStart", &query.after_start);
    let before_end = time("beforeEnd", &query.before_end);
    let after_created = time("afterCreatedAt", &query.after_created_at);
    let before_created = time("beforeCreatedAt", &query.before_created_at);
    let after_updated = time("afterUpdatedAt", &query.after_updated_at);
    let before_updated = time("beforeUpdatedAt", &query.before_updated_at);
    let paging = skip_take(query.take, query.skip, 100, 250);
    if let Err(Error::Invalid(errors)) = &paging {
        errors.iter().for_each(|e| v.add(e.field.clone(), e.message.clone()));
    }
    v.finish()?;
    let (take, skip) = paging?;
    // One snapshot: the page and the total agree.
    let state = state.reading()?;
    let memberships = state.store.accepted_memberships(auth.user.id).await?;
    let filter = BookingFilter {
        host_id: auth.user.id,
        co_hosted: !memberships.is_empty(),
        team_scope: memberships.iter().filter(|m| m.manages()).map(|m| m.team_id).collect(),
        team_ids,
        now: state.clock.now(),
        statuses,
        attendee_email: query.attendee_email.clone(),
        attendee_name: query.attendee_name.clone(),
        booking_uid: query.booking_uid.clone(),
        event_type_ids,
        after_start,
        before_end,
        after_created,
        before_created,
        after_updated,
        before_updated,
        sort: sort_keys(&query),
        take,
        skip,
    };
    let (page, total) = state.store.list_bookings(&filter).await?;
    let items = page.iter().map(|b| output::list_item(b, &auth.user)).collect();
    Ok(ok(BookingsOutputResponse::new(items, pagination::pagination(total, take, skip))))
}

#[utoipa::path(
    operation_id = "bookings_get",
    tag = "Bookings",
    summary = "Get a booking",
    description = "The booking with this uid; for the uid of a recurring series (`recurringBookingUid`), every \
occurrence. Needs no API key: the uid is the capability.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid, or a series' recurringBookingUid")),
    responses((status = 200, description = "The booking", body = BookingOutputResponse), BadRequest, Unauthorized, NotFound),
    security((), ("apiKey" = []))
)]
#[get("/{bookingUid}")]
pub async fn get_booking(
    _: Version,
    state: web::Data<AppState>,
    _auth: OptionalAuth,
    uid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let state = state.reading()?;
    let (found, host) = bookings::find(&state, &uid).await?;
    Ok(ok(BookingOutputResponse::new(bookings::data(&found, &host))))
}

#[utoipa::path(
    operation_id = "bookings_get_recordings",
    tag = "Bookings",
    summary = "Get all the recordings for the booking",
    description = "Recordings of the booking's Cal Video meeting. This server hosts no video: always an empty list.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid")),
    responses((status = 200, description = "No recordings", body = BookingRecordingsOutputResponse), BadRequest, NotFound)
)]
#[get("/{bookingUid}/recordings")]
pub async fn get_booking_recordings(
    _: Version,
    state: web::Data<AppState>,
    uid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    bookings::one(&state, &uid).await?;
    Ok(ok(BookingRecordingsOutputResponse::new(Vec::new())))
}

#[utoipa::path(
    operation_id = "bookings_get_transcripts",
    tag = "Bookings",
    summary = "Get Cal Video real time transcript download links for the booking",
    description = "Transcripts of the booking's Cal Video meeting. This server hosts no video: always an empty list.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid")),
    responses((status = 200, description = "No transcripts", body = BookingTranscriptsOutputResponse), BadRequest, NotFound)
)]
#[get("/{bookingUid}/transcripts")]
pub async fn get_booking_transcripts(
    _: Version,
    state: web::Data<AppState>,
    uid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    bookings::one(&state, &uid).await?;
    Ok(ok(BookingTranscriptsOutputResponse::new(Vec::new())))
}

#[utoipa::path(
    operation_id = "bookings_reschedule",
    tag = "Bookings",
    summary = "Reschedule a booking",
    description = "Books `start` instead: a new booking linked to the old one (`rescheduledFromUid` / \
`rescheduledToUid`); the old one is cancelled and its time freed. A cancelled, declined or already rescheduled \
booking cannot be rescheduled. With `seatUid`, only that seat moves. Needs no API key.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid")),
    request_body = RescheduleBookingInput,
    responses(
        (status = 201, description = "The new booking", body = RescheduleBookingOutputResponse),
        BadRequest, Unauthorized, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security((), ("apiKey" = []))
)]
#[post("/{bookingUid}/reschedule")]
pub async fn reschedule_booking(
    _: Version,
    state: web::Data<AppState>,
    _auth: OptionalAuth,
    uid: web::Path<String>,
    Json(input): Json<RescheduleBookingInput>,
) -> Result<HttpResponse, ApiError> {
    let (data, _) = bookings::reschedule(&state, &uid, &input).await?;
    Ok(created(RescheduleBookingOutputResponse::new(data)))
}

#[utoipa::path(
    operation_id = "bookings_cancel",
    tag = "Bookings",
    summary = "Cancel a booking",
    description = "Cancels the booking (a series uid cancels every future occurrence; `cancelSubsequentBookings` \
cancels this occurrence and the later ones; `seatUid` frees one seat). The host (authenticated with their key) must \
give a `cancellationReason`. Bookings that already ended cannot be cancelled. Needs no API key.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid, or a series' recurringBookingUid")),
    request_body(content = Option<CancelBookingInput>, description = "Optional"),
    responses(
        (status = 200, description = "The cancelled booking", body = BookingOutputResponse),
        BadRequest, Unauthorized, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security((), ("apiKey" = []))
)]
#[post("/{bookingUid}/cancel")]
pub async fn cancel_booking(
    _: Version,
    state: web::Data<AppState>,
    OptionalAuth(auth): OptionalAuth,
    uid: web::Path<String>,
    OptionalJson(input): OptionalJson<CancelBookingInput>,
) -> Result<HttpResponse, ApiError> {
    let caller = auth.map(|a| a.user);
    let (found, host) = bookings::cancel(&state, &uid, &input, caller.as_ref()).await?;
    Ok(ok(BookingOutputResponse::new(bookings::data(&found, &host))))
}

#[utoipa::path(
    operation_id = "bookings_mark_absent",
    tag = "Bookings",
    summary = "Mark a booking absence",
    description = "Records who did not show up: the host and/or attendees (by e-mail). Only the host, once the meeting \
has started.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid")),
    request_body = MarkAbsentBookingInput,
    responses(
        (status = 200, description = "The booking", body = BookingOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("/{bookingUid}/mark-absent")]
pub async fn mark_absent(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    uid: web::Path<String>,
    Json(input): Json<MarkAbsentBookingInput>,
) -> Result<HttpResponse, ApiError> {
    let booking = bookings::mark_absent(&state, &uid, &auth.user, &input).await?;
    Ok(ok(BookingOutputResponse::new(output::data(&booking, &auth.user))))
}

fn reassigned(
    booking: &calends_domain::bookings::Booking,
    host: &calends_domain::users::User,
) -> ReassignBookingOutputResponse {
    ReassignBookingOutputResponse::new(calends_model::bookings::ReassignBookingOutput {
        booking_uid: booking.uid.clone(),
        reassigned_to: calends_model::bookings::ReassignedToUser {
            id: host.id,
            name: host.name.clone().unwrap_or_else(|| host.username.clone()),
            email: host.email.clone(),
        },
    })
}

#[utoipa::path(
    operation_id = "bookings_reassign",
    tag = "Bookings",
    summary = "Reassign a booking to a new host automatically",
    description = "Round-robin team bookings only (any other booking: 400). Picks, among the event type's other \
round-robin hosts free for the booking's whole time (buffers included), the one the round-robin rule picks: highest \
priority, then least recently booked. 400 when none is free. Only the booking's host or the team's admins and owners \
(403). Fires `BOOKING_REASSIGNED` to the event type's webhooks.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid")),
    responses(
        (status = 200, description = "The reassigned booking", body = ReassignBookingOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict
    ),
    security(("apiKey" = []))
)]
#[post("/{bookingUid}/reassign")]
pub async fn reassign_booking(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    uid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (booking, host) = bookings::reassign(&state, &uid, &auth.user, None, None).await?;
    Ok(ok(reassigned(&booking, &host)))
}

#[utoipa::path(
    operation_id = "bookings_reassign_to_user",
    tag = "Bookings",
    summary = "Reassign a booking to a specific host",
    description = "Round-robin team bookings only (any other booking: 400). Moves the booking to `userId`, which must \
be a round-robin host of the event type (400) and free for the booking's whole time, buffers included (400). Only the \
booking's host or the team's admins and owners (403). Fires `BOOKING_REASSIGNED` with `reason`.",
    params(
        BookingsApi,
        ("bookingUid" = String, Path, description = "The booking's uid"),
        ("userId" = i64, Path, description = "The new host")
    ),
    request_body(content = Option<ReassignToUserBookingInput>, description = "Optional"),
    responses(
        (status = 200, description = "The reassigned booking", body = ReassignBookingOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("/{bookingUid}/reassign/{userId}")]
pub async fn reassign_booking_to_user(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    path: web::Path<(String, i64)>,
    OptionalJson(input): OptionalJson<ReassignToUserBookingInput>,
) -> Result<HttpResponse, ApiError> {
    let (uid, user_id) = path.into_inner();
    let reason = input.reason.as_deref();
    if let Some(reason) = reason
        && reason.chars().count() > 1000
    {
        return Err(Error::invalid("reason", "must be at most 1000 characters").into());
    }
    let (booking, host) = bookings::reassign(&state, &uid, &auth.user, Some(user_id), reason).await?;
    Ok(ok(reassigned(&booking, &host)))
}

#[utoipa::path(
    operation_id = "bookings_confirm",
    tag = "Bookings",
    summary = "Confirm a booking",
    description = "Accepts a pending booking (event types that require confirmation). Only its host; any other status \
is a 400.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid")),
    responses(
        (status = 200, description = "The accepted booking", body = BookingOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[post("/{bookingUid}/confirm")]
pub async fn confirm_booking(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    uid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let booking = bookings::decide(&state, &uid, &auth.user, true, &DeclineBookingInput::default()).await?;
    Ok(ok(BookingOutputResponse::new(output::data(&booking, &auth.user))))
}

#[utoipa::path(
    operation_id = "bookings_decline",
    tag = "Bookings",
    summary = "Decline a booking",
    description = "Rejects a pending booking, with an optional reason. Only its host; any other status is a 400.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid")),
    request_body(content = Option<DeclineBookingInput>, description = "Optional"),
    responses(
        (status = 200, description = "The declined booking", body = BookingOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge, UnsupportedMediaType
    ),
    security(("apiKey" = []))
)]
#[post("/{bookingUid}/decline")]
pub async fn decline_booking(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    uid: web::Path<String>,
    OptionalJson(input): OptionalJson<DeclineBookingInput>,
) -> Result<HttpResponse, ApiError> {
    let booking = bookings::decide(&state, &uid, &auth.user, false, &input).await?;
    Ok(ok(BookingOutputResponse::new(output::data(&booking, &auth.user))))
}

fn rrule(frequency: Frequency, interval: u32, count: usize) -> String {
    let freq = match frequency {
        Frequency::Weekly => "WEEKLY",
        Frequency::Monthly => "MONTHLY",
        Frequency::Yearly => "YEARLY",
    };
    format!("FREQ={freq};INTERVAL={interval};COUNT={count}")
}

#[utoipa::path(
    operation_id = "bookings_calendar_links",
    tag = "Bookings",
    summary = "Get 'Add to Calendar' links for a booking",
    description = "Links that add the booking to Google Calendar, Microsoft Office, Outlook.com, and an ICS file, in \
Cal.com's formats. Only the booking's host.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid")),
    responses(
        (status = 200, description = "The links", body = CalendarLinksOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{bookingUid}/calendar-links")]
pub async fn get_calendar_links(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    uid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let booking = bookings::one(&state, &uid).await?;
    bookings::require_host(&booking, &auth.user)?;
    let event_type = state.store.event_type(booking.event_type_id).await?;
    let description = event_type.as_ref().and_then(|e| e.config.description.clone()).or(booking.description.clone());
    let rule = match (&booking.recurring_uid, event_type.as_ref().and_then(|e| e.config.recurrence())) {
        (Some(series), Some(r)) => Some(rrule(r.frequency, r.interval, state.store.series(series).await?.len())),
        _ => None,
    };
    let video = match booking.metadata.get(output::VIDEO_CALL_URL) {
        Some(serde_json::Value::String(url)) => Some(url.clone()),
        _ => None,
    };
    let links = calendar_links(&CalendarEventInfo {
        title: &booking.title,
        description: description.as_deref(),
        start: booking.start,
        end: booking.end,
        location: video.as_deref(),
        recurrence_rule: rule.as_deref(),
        uid: &booking.ics_uid,
        last_modified: booking.updated_at,
    });
    Ok(ok(CalendarLinksOutputResponse::new(links)))
}

#[utoipa::path(
    operation_id = "bookings_references",
    tag = "Bookings",
    summary = "Get booking references",
    description = "The booking's calendar and video references. This server creates no external calendar events or \
video rooms, so the list is empty. Only the booking's host.",
    params(BookingsApi, ("bookingUid" = String, Path, description = "The booking's uid"), BookingReferencesQuery),
    responses(
        (status = 200, description = "The references", body = BookingReferencesOutputResponse),
        BadRequest, Unauthorized, Forbidden, NotFound
    ),
    security(("apiKey" = []))
)]
#[get("/{bookingUid}/references")]
pub async fn get_booking_references(
    _: Version,
    state: web::Data<AppState>,
    Auth(auth): Auth,
    uid: web::Path<String>,
    Query(_query): Query<BookingReferencesQuery>,
) -> Result<HttpResponse, ApiError> {
    let booking = bookings::one(&state, &uid).await?;
    bookings::require_host(&booking, &auth.user)?;
    Ok(ok(BookingReferencesOutputResponse::new(Vec::new())))
}
