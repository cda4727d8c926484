//! Bookings and their attendees. Writes that must not race (creating, rescheduling, adding a seat) go through a
//! [`BookingTx`]: one write transaction, serialized with every other one of the same host, in which the caller
//! re-reads busy time, decides, and writes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use calends_domain::bookings::{Attendee, Booking, CoHost, NewAttendee, NewBooking};
use calends_domain::deliveries::NewEvent;
use calends_domain::users::User;
use calends_domain::{Error, Result};
use calends_model::bookings::BookingStatus;
use calends_slots::{Interval, SeatedBooking};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::Store;
use crate::conv::{corrupt, db_error, is_unique_violation, ms, time};
use crate::inputs::{MarkOf, mark_sql_over};
use crate::sql::{Conn, DbError, Query, Row, Tx, placeholders, query};
use crate::users::{USER_COLUMNS, user_from_row};

macro_rules! booking_columns {
    () => {
        "id, uid, event_type_id, event_type_slug, host_id, status, title, description, start_at, end_at, busy_start, \
         busy_end, location, metadata, responses, guests, absent_host, cancellation_reason, cancelled_by, \
         rejection_reason, rescheduling_reason, rescheduled_by, rescheduled_from_uid, rescheduled_to_uid, \
         recurring_uid, seats_per_slot, ics_uid, ics_sequence, team_id, created_at, updated_at"
    };
}

macro_rules! attendee_columns {
    () => {
        "id, booking_id, name, email, time_zone, language, phone_number, absent, is_guest, seat_uid, responses, \
         metadata"
    };
}

/// The longest a booking (not counting buffers) can last: Cal.com's maximum event length, a day.
pub(crate) const LONGEST_BOOKING: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// Statuses that hold the host's time.
const ACTIVE: &str = "status IN ('accepted', 'pending')";

fn json_map(column: &str, text: &str) -> Result<Map<String, Value>, DbError> {
    serde_json::from_str(text).map_err(|_| corrupt(column, text))
}

fn booking_from_row(row: &Row) -> Result<Booking, DbError> {
    let status: String = row.try_get("status")?;
    let metadata: String = row.try_get("metadata")?;
    let responses: String = row.try_get("responses")?;
    let guests: String = row.try_get("guests")?;
    Ok(Booking {
        id: row.try_get("id")?,
        uid: row.try_get("uid")?,
        event_type_id: row.try_get("event_type_id")?,
        event_type_slug: row.try_get("event_type_slug")?,
        host_id: row.try_get("host_id")?,
        status: status.parse().map_err(|_| corrupt("status", &status))?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        start: time(row.try_get("start_at")?),
        end: time(row.try_get("end_at")?),
        busy_start: time(row.try_get("busy_start")?),
        busy_end: time(row.try_get("busy_end")?),
        location: row.try_get("location")?,
        metadata: json_map("metadata", &metadata)?,
        responses: json_map("responses", &responses)?,
        guests: serde_json::from_str(&guests).map_err(|_| corrupt("guests", &guests))?,
        absent_host: row.try_get::<i64, _>("absent_host")? != 0,
        cancellation_reason: row.try_get("cancellation_reason")?,
        cancelled_by: row.try_get("cancelled_by")?,
        rejection_reason: row.try_get("rejection_reason")?,
        rescheduling_reason: row.try_get("rescheduling_reason")?,
        rescheduled_by: row.try_get("rescheduled_by")?,
        rescheduled_from_uid: row.try_get("rescheduled_from_uid")?,
        rescheduled_to_uid: row.try_get("rescheduled_to_uid")?,
        recurring_uid: row.try_get("recurring_uid")?,
        seats_per_slot: row.try_get::<Option<i64>, _>("seats_per_slot")?.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
        ics_uid: row.try_get("ics_uid")?,
        ics_sequence: row.try_get::<i64, _>("ics_sequence")? as i32,
        team_id: row.try_get("team_id")?,
        co_hosts: Vec::new(),
        attendees: Vec::new(),
        created_at: time(row.try_get("created_at")?),
        updated_at: time(row.try_get("updated_at")?),
    })
}

fn attendee_from_row(row: &Row) -> Result<(i64, Attendee), DbError> {
    let language: Option<String> = row.try_get("language")?;
    let responses: Option<String> = row.try_get("responses")?;
    let metadata: Option<String> = row.try_get("metadata")?;
    Ok((
        row.try_get("booking_id")?,
        Attendee {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            time_zone: row.try_get("time_zone")?,
            language: language.map(|l| l.parse().map_err(|_| corrupt("language", &l))).transpose()?,
            phone_number: row.try_get("phone_number")?,
            absent: row.try_get::<i64, _>("absent")? != 0,
            is_guest: row.try_get::<i64, _>("is_guest")? != 0,
            seat_uid: row.try_get("seat_uid")?,
            seat_responses: responses.map(|r| json_map("responses", &r)).transpose()?,
            seat_metadata: metadata.map(|m| json_map("metadata", &m)).transpose()?,
        },
    ))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(Error::internal)
}

/// Stored `(start, end)` milliseconds as intervals.
pub(crate) fn intervals(rows: Vec<(i64, i64)>) -> Vec<Interval> {
    rows.into_iter().map(|(start, end)| Interval { start: time(start), end: time(end) }).collect()
}

/// Loads the attendees of `bookings` (one query) into them.
async fn attach_attendees(conn: &mut Conn, bookings: &mut [Booking]) -> Result<()> {
    if bookings.is_empty() {
        return Ok(());
    }
    let sql: Cow<'static, str> = match bookings.len() {
        // One booking (the common read) by a static statement, prepared and converted once.
        1 => {
            Cow::Borrowed(concat!("SELECT ", attendee_columns!(), " FROM attendees WHERE booking_id = $1 ORDER BY id"))
        }
        n => Cow::Owned(format!(
            concat!("SELECT ", attendee_columns!(), " FROM attendees WHERE booking_id IN ({}) ORDER BY id"),
            placeholders(1, n)
        )),
    };
    let rows = bookings.iter().fold(query(sql), |q, b| q.bind(b.id)).fetch_all(&mut *conn).await.map_err(db_error)?;
    let mut by_booking: HashMap<i64, Vec<Attendee>> = HashMap::new();
    for row in &rows {
        let (booking_id, attendee) = attendee_from_row(row).map_err(db_error)?;
        by_booking.entry(booking_id).or_default().push(attendee);
    }
    for booking in bookings.iter_mut() {
        booking.attendees = by_booking.remove(&booking.id).unwrap_or_default();
    }
    attach_co_hosts(conn, bookings).await
}

/// Loads the co-hosts of the team bookings among `bookings` (one query, none without team bookings).
async fn attach_co_hosts(conn: &mut Conn, bookings: &mut [Booking]) -> Result<()> {
    let team: Vec<i64> = bookings.iter().filter(|b| b.team_id.is_some()).map(|b| b.id).collect();
    if team.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT h.booking_id, u.id, u.name, u.email, u.username, u.time_zone FROM booking_hosts h \
         JOIN users u ON u.id = h.host_id WHERE h.booking_id IN ({}) ORDER BY h.booking_id, u.id",
        placeholders(1, team.len())
    );
    let rows = team.iter().fold(query(sql), |q, id| q.bind(*id)).fetch_all(&mut *conn).await.map_err(db_error)?;
    let mut by_booking: HashMap<i64, Vec<CoHost>> = HashMap::new();
    for row in &rows {
        let host = CoHost {
            id: row.try_get("id").map_err(db_error)?,
            name: row.try_get("name").map_err(db_error)?,
            email: row.try_get("email").map_err(db_error)?,
            username: row.try_get("username").map_err(db_error)?,
            time_zone: row.try_get("time_zone").map_err(db_error)?,
        };
        by_booking.entry(row.try_get("booking_id").map_err(db_error)?).or_default().push(host);
    }
    for booking in bookings.iter_mut().filter(|b| b.team_id.is_some()) {
        booking.co_hosts = by_booking.remove(&booking.id).unwrap_or_default();
    }
    Ok(())
}

/// `SELECT <the booking columns> FROM bookings WHERE <condition> ORDER BY start_at, id`, one static statement per
/// condition: converted and prepared once, not formatted per call.
macro_rules! bookings_where {
    ($condition:literal) => {
        concat!("SELECT ", booking_columns!(), " FROM bookings WHERE ", $condition, " ORDER BY start_at, id")
    };
}

/// The bookings a [`bookings_where!`] statement selects, with their attendees and co-hosts.
async fn fetch_where(conn: &mut Conn, sql: &'static str, value: BindValue) -> Result<Vec<Booking>> {
    let rows = value.bind_to(query(sql)).fetch_all(&mut *conn).await.map_err(db_error)?;
    let mut bookings = rows.iter().map(booking_from_row).collect::<Result<Vec<_>, _>>().map_err(db_error)?;
    attach_attendees(conn, &mut bookings).await?;
    Ok(bookings)
}

/// A value bound to a dynamically built statement.
#[derive(Debug, Clone)]
enum BindValue {
    Int(i64),
    Text(String),
}

impl BindValue {
    fn bind_to(self, query: Query) -> Query {
        match self {
            BindValue::Int(v) => query.bind(v),
            BindValue::Text(v) => query.bind(v),
        }
    }
}

/// Which slot reservations a busy-time lookup also returns: those of the host still held at `now`, except
/// `except_uid` (the reservation the booking being made redeems).
#[derive(Debug, Clone, Copy)]
pub struct HeldAt<'a> {
    pub now: DateTime<Utc>,
    pub except_uid: Option<&'a str>,
}

/// The statement reading the host's busy time (see [`busy_on`]), with the reservations held when `held`: `$1` the
/// host, `$2`/`$3` the window, `$4` the booking left out, `$5` the seated event type left out, and with `held`,
/// `$6` the earliest start of a reservation overlapping the window, `$7` now and `$8` the reservation left out.
fn busy_sql(held: bool) -> String {
    busy_sql_over(held, ["$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8"])
}

/// [`busy_sql`] with each of its eight parameters given as an SQL expression (a parameter, or a column of a row
/// the statement reads per host).
fn busy_sql_over(held: bool, p: [&str; 8]) -> String {
    let [host, from, to, except, seated, held_from, now, except_uid] = p;
    // `busy_start` is bounded below by the host's longest busy span (see migration 6), so the index range is
    // the window, not the host's history.
    // Bookings the host organizes, then those they co-host (collective and mandatory round-robin hosts).
    let mut sql = format!(
        "SELECT busy_start, busy_end FROM bookings WHERE host_id = {host} AND busy_start < {to} \
         AND busy_start >= {from} - (SELECT max_busy_ms FROM users WHERE id = {host}) AND busy_end > {from} \
         AND {ACTIVE} AND id <> {except} AND NOT (event_type_id = {seated} AND seats_per_slot IS NOT NULL) \
         UNION ALL SELECT h.busy_start, h.busy_end FROM booking_hosts h JOIN bookings b ON b.id = h.booking_id \
         WHERE h.host_id = {host} AND h.busy_start < {to} \
         AND h.busy_start >= {from} - (SELECT max_busy_ms FROM users WHERE id = {host}) AND h.busy_end > {from} \
         AND b.{ACTIVE} AND b.id <> {except}"
    );
    if held {
        // A reservation holds one slot, at most a day long: one overlapping the window starts at most a day
        // before it.
        sql.push_str(&format!(
            " UNION ALL SELECT slot_start, slot_end FROM slot_reservations WHERE host_id = {host} \
             AND slot_start < {to} AND slot_start >= {held_from} AND slot_end > {from} AND reserved_until > {now} \
             AND uid <> {except_uid}"
        ));
    }
    sql
}

/// `busy_sql(held.is_some())` with its parameters bound.
fn busy_query(
    sql: String,
    host_id: i64,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    except_booking: Option<i64>,
    seated_event_type: Option<i64>,
    held: Option<HeldAt<'_>>,
) -> Query {
    let mut q = query(sql)
        .bind(host_id)
        .bind(ms(from))
        .bind(ms(to))
        .bind(except_booking.unwrap_or(-1))
        .bind(seated_event_type.unwrap_or(-1));
    if let Some(held) = held {
        q = q.bind(ms(from - LONGEST_BOOKING)).bind(ms(held.now)).bind(held.except_uid.unwrap_or(""));
    }
    q
}

/// The host's busy time overlapping `[from, to)`: active bookings by their busy span, except `except_booking` and
/// the seated bookings of `seated_event_type` (those are passed to the engine as seats), and with `held` the
/// host's active reservations too, all in one statement.
async fn busy_on(
    conn: &mut Conn,
    host_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    except_booking: Option<i64>,
    seated_event_type: Option<i64>,
    held: Option<HeldAt<'_>>,
) -> Result<Vec<Interval>> {
    let q = busy_query(busy_sql(held.is_some()), host_id, (from, to), except_booking, seated_event_type, held);
    let rows = q.fetch_pairs(&mut *conn).await.map_err(db_error)?;
    Ok(intervals(rows))
}

/// One host's read among several made at once (see [`busy_of_many_on`]): its busy time over `window`, leaving out
/// the seated bookings of `seated_event_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusyRead {
    pub host_id: i64,
    pub window: (DateTime<Utc>, DateTime<Utc>),
    pub seated_event_type: Option<i64>,
}

/// Several hosts' reads passed to one PostgreSQL statement: a JSON array of rows, one per read (`g` its index),
/// made by [`read_row`]; the batch of creates adds the columns of its marks (see [`BookingTx::busy_of_hosts`]).
const READS: &str = "json_to_recordset(CAST($1 AS JSON)) AS r(g BIGINT, host BIGINT, lo BIGINT, hi BIGINT, \
     held_from BIGINT, now BIGINT, ex BIGINT, seated BIGINT, ex_uid TEXT, marked BOOLEAN, et BIGINT, \
     mark_host BIGINT, s1 BIGINT, s2 BIGINT)";

/// [`busy_sql`] of the read in row `r` of [`READS`].
fn busy_sql_of_reads() -> String {
    busy_sql_over(true, ["r.host", "r.lo", "r.hi", "r.ex", "r.seated", "r.held_from", "r.now", "r.ex_uid"])
}

/// Row `g` of [`READS`]: what `busy_query` binds for one read, `-1` and `''` leaving nothing out.
fn read_row(g: usize, read: &BusyRead, except_booking: Option<i64>, held: HeldAt<'_>) -> Map<String, Value> {
    let (lo, hi) = read.window;
    let mut row = Map::new();
    row.insert("g".into(), g.into());
    row.insert("host".into(), read.host_id.into());
    row.insert("lo".into(), ms(lo).into());
    row.insert("hi".into(), ms(hi).into());
    row.insert("held_from".into(), ms(lo - LONGEST_BOOKING).into());
    row.insert("now".into(), ms(held.now).into());
    row.insert("ex".into(), except_booking.unwrap_or(-1).into());
    row.insert("seated".into(), read.seated_event_type.unwrap_or(-1).into());
    row.insert("ex_uid".into(), held.except_uid.unwrap_or("").into());
    row
}

/// [`busy_on`] of each read (with the reservations held, the same booking and reservation left out of all), in
/// their order. On PostgreSQL one statement reads them all: a team's slots need every host's busy time, and a
/// round trip per host would be most of the answer's time there; SQLite reads in process, one statement each.
async fn busy_of_many_on(
    conn: &mut Conn,
    reads: &[BusyRead],
    except_booking: Option<i64>,
    held: HeldAt<'_>,
) -> Result<Vec<Vec<Interval>>> {
    if conn.backend() != crate::Backend::Postgres || reads.len() < 2 {
        let mut out = Vec::with_capacity(reads.len());
        for r in reads {
            let (from, to) = r.window;
            out.push(busy_on(conn, r.host_id, from, to, except_booking, r.seated_event_type, Some(held)).await?);
        }
        return Ok(out);
    }
    let rows: Vec<Value> =
        reads.iter().enumerate().map(|(g, r)| Value::Object(read_row(g, r, except_booking, held))).collect();
    let sql = format!(
        "SELECT r.g AS g, x.busy_start AS a, x.busy_end AS b FROM {READS} CROSS JOIN LATERAL ({}) x",
        busy_sql_of_reads()
    );
    let rows = query(sql).bind(Value::Array(rows).to_string()).fetch_all(&mut *conn).await.map_err(db_error)?;
    let mut out = vec![Vec::new(); reads.len()];
    for row in rows {
        let g: i64 = row.try_get("g").map_err(db_error)?;
        let at = usize::try_from(g).ok().filter(|&g| g < reads.len());
        let at = at.ok_or_else(|| Error::internal(format!("a busy-time row for read {g}")))?;
        out[at].push(Interval {
            start: time(row.try_get("a").map_err(db_error)?),
            end: time(row.try_get("b").map_err(db_error)?),
        });
    }
    Ok(out)
}

/// Active bookings of an event type starting in `[from, to)`, for its period limits.
async fn counted_on(
    conn: &mut Conn,
    event_type_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    except_booking: Option<i64>,
) -> Result<Vec<Interval>> {
    let sql = format!(
        "SELECT start_at, end_at FROM bookings WHERE event_type_id = $1 AND {ACTIVE} AND start_at >= $2 \
         AND start_at < $3 AND id <> $4"
    );
    let rows = query(sql)
        .bind(event_type_id)
        .bind(ms(from))
        .bind(ms(to))
        .bind(except_booking.unwrap_or(-1))
        .fetch_pairs(&mut *conn)
        .await
        .map_err(db_error)?;
    Ok(intervals(rows))
}

/// A seated booking as the engine and the booking flow see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatedSlot {
    pub booking_id: i64,
    pub uid: String,
    pub seat: SeatedBooking,
}

/// Active seated bookings of an event type overlapping `[from, to)`, with their seat counts.
async fn seated_on(
    conn: &mut Conn,
    event_type_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<SeatedSlot>> {
    let sql = format!(
        "SELECT b.id, b.uid, b.start_at, b.end_at, (SELECT COUNT(*) FROM attendees a WHERE a.booking_id = b.id \
         AND a.seat_uid IS NOT NULL) AS seats FROM bookings b WHERE b.event_type_id = $1 AND b.{ACTIVE} \
         AND b.seats_per_slot IS NOT NULL AND b.start_at < $3 AND b.start_at >= $4 AND b.end_at > $2 \
         ORDER BY b.start_at"
    );
    let rows = query(sql)
        .bind(event_type_id)
        .bind(ms(from))
        .bind(ms(to))
        // A booking lasts at most a day, so one overlapping the window starts at most a day before it.
        .bind(ms(from - LONGEST_BOOKING))
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            Ok(SeatedSlot {
                booking_id: r.try_get("id")?,
                uid: r.try_get("uid")?,
                seat: SeatedBooking {
                    start: time(r.try_get("start_at")?),
                    end: time(r.try_get("end_at")?),
                    attendees: u32::try_from(r.try_get::<i64, _>("seats")?).unwrap_or(u32::MAX),
                },
            })
        })
        .collect::<Result<_, DbError>>()
        .map_err(db_error)
}

/// Inserts an attendee of `booking_id`; returns its id.
async fn insert_attendee(conn: &mut Conn, booking_id: i64, a: &NewAttendee, now: DateTime<Utc>) -> Result<i64> {
    query(
        "INSERT INTO attendees (booking_id, name, email, time_zone, language, phone_number, is_guest, seat_uid, \
         responses, metadata, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(booking_id)
    .bind(&a.name)
    .bind(&a.email)
    .bind(&a.time_zone)
    .bind(a.language.map(|l| l.as_str()))
    .bind(&a.phone_number)
    .bind(i64::from(a.is_guest))
    .bind(&a.seat_uid)
    .bind(a.seat_responses.as_ref().map(to_json).transpose()?)
    .bind(a.seat_metadata.as_ref().map(to_json).transpose()?)
    .bind(ms(now))
    .fetch_one(&mut *conn)
    .await
    .and_then(|r| r.try_get("id"))
    .map_err(db_error)
}

async fn idempotent_on(conn: &mut Conn, key: &str) -> Result<Option<IdempotentReply>> {
    let row = query("SELECT request_hash, status, response FROM idempotency_keys WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_error)?;
    row.map(|r| {
        Ok(IdempotentReply {
            request_hash: r.try_get("request_hash")?,
            status: u16::try_from(r.try_get::<i64, _>("status")?).unwrap_or(500),
            response: r.try_get("response")?,
        })
    })
    .transpose()
    .map_err(db_error)
}

/// One write transaction of the booking flow.
pub struct BookingTx {
    tx: Tx,
    spans: Arc<LongestSpans>,
    /// Longer spans this transaction wrote to `users.max_busy_ms`, known to `spans` once it commits.
    wrote_spans: Vec<(i64, i64)>,
}

/// One host's read of [`BookingTx::busy_of_hosts`]: busy time over `window` with the reservations held at
/// `now`, and with `mark`, the mark of those rows.
#[derive(Debug, Clone, Copy)]
pub struct HostRead<'a> {
    pub host_id: i64,
    pub window: (DateTime<Utc>, DateTime<Utc>),
    pub now: DateTime<Utc>,
    pub mark: Option<&'a MarkOf>,
}

/// What [`BookingTx::busy_of_hosts`] read: per host read, in their order, the busy time and the mark asked for;
/// and the ids for all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusyWithIds {
    pub busy: Vec<Vec<Interval>>,
    pub marks: Vec<Option<String>>,
    pub booking_ids: Vec<i64>,
    pub attendee_ids: Vec<i64>,
}

/// What this process knows of the hosts' `users.max_busy_ms`: a value it committed or saw committed. The column
/// only grows (on every instance), so a host whose known value covers a new booking's span needs no update.
#[derive(Debug, Default)]
pub(crate) struct LongestSpans(Mutex<HashMap<i64, i64>>);

impl LongestSpans {
    fn covers(&self, host: i64, span: i64) -> bool {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).get(&host).is_some_and(|&known| known >= span)
    }

    fn learn(&self, spans: &[(i64, i64)]) {
        let mut known = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        for &(host, span) in spans {
            let entry = known.entry(host).or_insert(span);
            *entry = (*entry).max(span);
        }
    }
}

/// A change to a booking's status and the fields that go with it; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatusChange {
    pub cancellation_reason: Option<String>,
    pub cancelled_by: Option<String>,
    pub rejection_reason: Option<String>,
    pub rescheduling_reason: Option<String>,
    pub rescheduled_by: Option<String>,
    pub rescheduled_to_uid: Option<String>,
}

/// A stored answer of an earlier request with the same idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotentReply {
    pub request_hash: String,
    pub status: u16,
    pub response: String,
}

impl BookingTx {
    pub(crate) fn conn(&mut self) -> &mut Conn {
        &mut self.tx
    }

    pub async fn busy(
        &mut self,
        host_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        except_booking: Option<i64>,
        seated_event_type: Option<i64>,
        held: Option<HeldAt<'_>>,
    ) -> Result<Vec<Interval>> {
        busy_on(&mut self.tx, host_id, from, to, except_booking, seated_event_type, held).await
    }

    /// [`BookingTx::busy`] of several hosts, with the reservations held at `held.now`, in one statement on
    /// PostgreSQL.
    pub async fn busy_of_many(
        &mut self,
        reads: &[BusyRead],
        except_booking: Option<i64>,
        held: HeldAt<'_>,
    ) -> Result<Vec<Vec<Interval>>> {
        busy_of_many_on(&mut self.tx, reads, except_booking, held).await
    }

    /// [`BookingTx::busy`] of each of several hosts (each [`HostRead`] over its window, with the reservations held
    /// at its `now`, none left out), in one statement, and in the same round trip ids for `bookings` new bookings
    /// and `attendees` new attendees, taken from their tables' sequences: a batch of creates (see
    /// [`BookingTx::insert_many`]) builds its bookings and their payloads with their ids before it writes them. Ids
    /// taken and not used are gaps, as those of rolled-back inserts are. With a read's `mark`, also the mark of
    /// those rows as this statement reads them (see [`crate::CreateInputs`]). PostgreSQL only.
    pub async fn busy_of_hosts(
        &mut self,
        reads: &[HostRead<'_>],
        (bookings, attendees): (usize, usize),
    ) -> Result<BusyWithIds> {
        if self.tx.backend() != crate::Backend::Postgres {
            return Err(Error::internal("ids are taken from PostgreSQL sequences"));
        }
        let rows: Vec<Value> = reads
            .iter()
            .enumerate()
            .map(|(g, read)| {
                let plain = BusyRead { host_id: read.host_id, window: read.window, seated_event_type: None };
                let mut row = read_row(g, &plain, None, HeldAt { now: read.now, except_uid: None });
                let of = read.mark.copied();
                row.insert("marked".into(), of.is_some().into());
                row.insert("et".into(), of.map_or(-1, |m| m.event_type_id).into());
                row.insert("mark_host".into(), of.map_or(-1, |m| m.host_id).into());
                row.insert("s1".into(), of.map_or(-1, |m| m.schedule_ids[0]).into());
                row.insert("s2".into(), of.map_or(-1, |m| m.schedule_ids[1]).into());
                Value::Object(row)
            })
            .collect();
        let busy = busy_sql_of_reads();
        let mark = mark_sql_over(["r.et", "r.mark_host", "r.s1", "r.s2"]);
        let sql = format!(
            "SELECT r.g AS g, CAST(0 AS BIGINT) AS kind, x.busy_start AS a, x.busy_end AS b, CAST(NULL AS TEXT) AS m \
             FROM {READS} CROSS JOIN LATERAL ({busy}) x \
             UNION ALL SELECT -1, 1, nextval(pg_get_serial_sequence('bookings', 'id')), 0, NULL \
             FROM generate_series(1, $2) \
             UNION ALL SELECT -1, 2, nextval(pg_get_serial_sequence('attendees', 'id')), 0, NULL \
             FROM generate_series(1, $3) \
             UNION ALL SELECT r.g, 3, 0, 0, ({mark}) FROM {READS} WHERE r.marked"
        );
        let q = query(sql).bind(Value::Array(rows).to_string()).bind(bookings as i64).bind(attendees as i64);
        let rows = q.fetch_all(&mut *self.tx).await.map_err(db_error)?;
        let mut out = BusyWithIds {
            busy: vec![Vec::new(); reads.len()],
            marks: vec![None; reads.len()],
            ..BusyWithIds::default()
        };
        for row in rows {
            let (g, kind, a, b): (i64, i64, i64, i64) = (
                row.try_get("g").map_err(db_error)?,
                row.try_get("kind").map_err(db_error)?,
                row.try_get("a").map_err(db_error)?,
                row.try_get("b").map_err(db_error)?,
            );
            let group = usize::try_from(g).ok().filter(|&g| g < reads.len());
            match (kind, group) {
                (0, Some(g)) => out.busy[g].push(Interval { start: time(a), end: time(b) }),
                (1, _) => out.booking_ids.push(a),
                (2, _) => out.attendee_ids.push(a),
                (3, Some(g)) => out.marks[g] = row.try_get("m").map_err(db_error)?,
                _ => return Err(Error::internal(format!("a busy-time row of kind {kind} for read {g}"))),
            }
        }
        Ok(out)
    }

    pub async fn counted(
        &mut self,
        event_type_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        except_booking: Option<i64>,
    ) -> Result<Vec<Interval>> {
        counted_on(&mut self.tx, event_type_id, from, to, except_booking).await
    }

    pub async fn seated(
        &mut self,
        event_type_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SeatedSlot>> {
        seated_on(&mut self.tx, event_type_id, from, to).await
    }

    pub async fn insert(&mut self, new: &NewBooking, now: DateTime<Utc>) -> Result<Booking> {
        let row = query(concat!(
            "INSERT INTO bookings (uid, event_type_id, event_type_slug, host_id, status, title, description, ",
            "start_at, end_at, busy_start, busy_end, location, metadata, responses, guests, rescheduling_reason, ",
            "rescheduled_by, rescheduled_from_uid, recurring_uid, seats_per_slot, ics_uid, team_id, created_at, ",
            "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, ",
            "$20, $1, $22, $21, $21) RETURNING id"
        ))
        .bind(&new.uid)
        .bind(new.event_type_id)
        .bind(&new.event_type_slug)
        .bind(new.host_id)
        .bind(new.status.as_str())
        .bind(&new.title)
        .bind(&new.description)
        .bind(ms(new.start))
        .bind(ms(new.end))
        .bind(ms(new.busy_start))
        .bind(ms(new.busy_end))
        .bind(&new.location)
        .bind(to_json(&new.metadata)?)
        .bind(to_json(&new.responses)?)
        .bind(to_json(&new.guests)?)
        .bind(&new.rescheduling_reason)
        .bind(&new.rescheduled_by)
        .bind(&new.rescheduled_from_uid)
        .bind(&new.recurring_uid)
        .bind(new.seats_per_slot.map(i64::from))
        .bind(ms(now))
        .bind(new.team_id)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) { Error::Conflict("booking uid collision".into()) } else { db_error(e) }
        })?;
        let id: i64 = row.try_get("id").map_err(db_error)?;
        for &co_host in &new.co_hosts {
            query("INSERT INTO booking_hosts (booking_id, host_id, busy_start, busy_end) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(co_host)
                .bind(ms(new.busy_start))
                .bind(ms(new.busy_end))
                .execute(&mut self.tx)
                .await
                .map_err(db_error)?;
        }
        // Keep the hosts' longest busy span current, so busy-time lookups stay bounded and still see this one.
        let span = ms(new.busy_end) - ms(new.busy_start);
        for host in std::iter::once(new.host_id).chain(new.co_hosts.iter().copied()) {
            if self.spans.covers(host, span) {
                continue;
            }
            query("UPDATE users SET max_busy_ms = $2 WHERE id = $1 AND max_busy_ms < $2")
                .bind(host)
                .bind(span)
                .execute(&mut self.tx)
                .await
                .map_err(db_error)?;
            self.wrote_spans.push((host, span));
        }
        let mut attendee_ids = Vec::with_capacity(new.attendees.len());
        for attendee in &new.attendees {
            attendee_ids.push(insert_attendee(&mut self.tx, id, attendee, now).await?);
        }
        let mut written = new.written(id, &attendee_ids, now);
        if !new.co_hosts.is_empty() {
            attach_co_hosts(&mut self.tx, std::slice::from_mut(&mut written)).await?;
        }
        Ok(written)
    }

    /// For each of `hosts` that organized an active booking of event type `event_type_id`, the id of the latest
    /// (ids grow with creation): round robin picks the least recently booked host.
    pub async fn last_booked(&mut self, event_type_id: i64, hosts: &[i64]) -> Result<HashMap<i64, i64>> {
        if hosts.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT host_id, MAX(id) AS last FROM bookings WHERE event_type_id = $1 AND {ACTIVE} \
             AND host_id IN ({}) GROUP BY host_id",
            placeholders(2, hosts.len())
        );
        let pairs = hosts
            .iter()
            .fold(query(sql).bind(event_type_id), |q, h| q.bind(*h))
            .fetch_pairs(&mut self.tx)
            .await
            .map_err(db_error)?;
        Ok(pairs.into_iter().collect())
    }

    /// Makes `new_host` the organizer of booking `booking_id` (a reassignment).
    pub async fn set_host(&mut self, booking_id: i64, new_host: i64, now: DateTime<Utc>) -> Result<()> {
        query("UPDATE bookings SET host_id = $2, updated_at = $3 WHERE id = $1")
            .bind(booking_id)
            .bind(new_host)
            .bind(ms(now))
            .execute(&mut self.tx)
            .await
            .map_err(db_error)?;
        query(
            "UPDATE users SET max_busy_ms = (SELECT busy_end - busy_start FROM bookings WHERE id = $2) \
             WHERE id = $1 AND max_busy_ms < (SELECT busy_end - busy_start FROM bookings WHERE id = $2)",
        )
        .bind(new_host)
        .bind(booking_id)
        .execute(&mut self.tx)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    pub async fn booking_by_id(&mut self, id: i64) -> Result<Option<Booking>> {
        Ok(fetch_where(&mut self.tx, bookings_where!("id = $1"), BindValue::Int(id)).await?.pop())
    }

    /// Adds one attendee (a seat) to a booking.
    pub async fn add_attendee(&mut self, booking_id: i64, attendee: &NewAttendee, now: DateTime<Utc>) -> Result<()> {
        insert_attendee(&mut self.tx, booking_id, attendee, now).await?;
        self.touch(booking_id, now).await
    }

    /// Removes the attendee holding `seat_uid`; whether there was one.
    pub async fn remove_seat(&mut self, booking_id: i64, seat_uid: &str, now: DateTime<Utc>) -> Result<bool> {
        let removed = query("DELETE FROM attendees WHERE booking_id = $1 AND seat_uid = $2")
            .bind(booking_id)
            .bind(seat_uid)
            .execute(&mut *self.tx)
            .await
            .map_err(db_error)?
            .rows_affected()
            > 0;
        self.touch(booking_id, now).await?;
        Ok(removed)
    }

    async fn touch(&mut self, booking_id: i64, now: DateTime<Utc>) -> Result<()> {
        query("UPDATE bookings SET updated_at = $2, ics_sequence = ics_sequence + 1 WHERE id = $1")
            .bind(booking_id)
            .bind(ms(now))
            .execute(&mut *self.tx)
            .await
            .map(|_| ())
            .map_err(db_error)
    }

    /// Sets a booking's status with the fields of the change.
    pub async fn set_status(
        &mut self,
        booking_id: i64,
        status: BookingStatus,
        change: &StatusChange,
        now: DateTime<Utc>,
    ) -> Result<()> {
        query(
            "UPDATE bookings SET status = $2, cancellation_reason = COALESCE($3, cancellation_reason), \
             cancelled_by = COALESCE($4, cancelled_by), rejection_reason = COALESCE($5, rejection_reason), \
             rescheduling_reason = COALESCE($6, rescheduling_reason), rescheduled_by = COALESCE($7, rescheduled_by), \
             rescheduled_to_uid = COALESCE($8, rescheduled_to_uid), updated_at = $9, ics_sequence = ics_sequence + 1 \
             WHERE id = $1",
        )
        .bind(booking_id)
        .bind(status.as_str())
        .bind(&change.cancellation_reason)
        .bind(&change.cancelled_by)
        .bind(&change.rejection_reason)
        .bind(&change.rescheduling_reason)
        .bind(&change.rescheduled_by)
        .bind(&change.rescheduled_to_uid)
        .bind(ms(now))
        .execute(&mut *self.tx)
        .await
        .map(|_| ())
        .map_err(db_error)
    }

    /// Marks the host and attendees (by e-mail, case-insensitive) absent or present.
    pub async fn mark_absent(
        &mut self,
        booking_id: i64,
        host: Option<bool>,
        attendees: &[(String, bool)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        if let Some(absent) = host {
            query("UPDATE bookings SET absent_host = $2 WHERE id = $1")
                .bind(booking_id)
                .bind(i64::from(absent))
                .execute(&mut *self.tx)
                .await
                .map_err(db_error)?;
        }
        for (email, absent) in attendees {
            query("UPDATE attendees SET absent = $3 WHERE booking_id = $1 AND lower(email) = lower($2)")
                .bind(booking_id)
                .bind(email)
                .bind(i64::from(*absent))
                .execute(&mut *self.tx)
                .await
                .map_err(db_error)?;
        }
        self.touch(booking_id, now).await
    }

    pub async fn idempotent_reply(&mut self, key: &str) -> Result<Option<IdempotentReply>> {
        idempotent_on(&mut self.tx, key).await
    }

    /// Deletes the booker's own reservation once the booking it held the slot for is made.
    pub async fn release_reservation(&mut self, uid: &str) -> Result<()> {
        query("DELETE FROM slot_reservations WHERE uid = $1")
            .bind(uid)
            .execute(&mut *self.tx)
            .await
            .map(|_| ())
            .map_err(db_error)
    }

    pub async fn save_idempotent_reply(
        &mut self,
        key: &str,
        reply: &IdempotentReply,
        now: DateTime<Utc>,
    ) -> Result<()> {
        query(
            "INSERT INTO idempotency_keys (key, request_hash, status, response, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(key)
        .bind(&reply.request_hash)
        .bind(i64::from(reply.status))
        .bind(&reply.response)
        .bind(ms(now))
        .execute(&mut *self.tx)
        .await
        .map(|_| ())
        .map_err(db_error)
    }

    /// Writes `bookings` (each a new booking and what [`NewBooking::written`] made of it under the ids of
    /// [`BookingTx::busy_of_hosts`]) and the webhook `events` they fire (each with the webhooks that owe a
    /// delivery), all in one statement: what a batch of creates writes, of one host or several (PostgreSQL only;
    /// the SQLite writer runs each create's statements in-process instead). Bookings with co-hosts are not written
    /// here.
    pub async fn insert_many(
        &mut self,
        bookings: &[(&NewBooking, &Booking)],
        events: &[(NewEvent, Vec<i64>)],
        delivery_id: &mut (dyn FnMut() -> String + Send),
    ) -> Result<()> {
        if self.tx.backend() != crate::Backend::Postgres {
            return Err(Error::internal("insert_many writes through PostgreSQL's data-modifying CTEs"));
        }
        if bookings.is_empty() {
            return Ok(());
        }
        if bookings.iter().any(|(new, _)| !new.co_hosts.is_empty()) {
            return Err(Error::internal("insert_many writes bookings without co-hosts"));
        }
        let mut booking_rows = Vec::with_capacity(bookings.len());
        let mut attendee_rows = Vec::new();
        for &(new, written) in bookings {
            let created = ms(written.created_at);
            booking_rows.push(serde_json::json!({
                "id": written.id, "uid": new.uid, "event_type_id": new.event_type_id,
                "event_type_slug": new.event_type_slug, "host_id": new.host_id, "status": new.status.as_str(),
                "title": new.title, "description": new.description, "start_at": ms(new.start), "end_at": ms(new.end),
                "busy_start": ms(new.busy_start), "busy_end": ms(new.busy_end), "location": new.location,
                "metadata": to_json(&new.metadata)?, "responses": to_json(&new.responses)?,
                "guests": to_json(&new.guests)?, "rescheduling_reason": new.rescheduling_reason,
                "rescheduled_by": new.rescheduled_by, "rescheduled_from_uid": new.rescheduled_from_uid,
                "recurring_uid": new.recurring_uid, "seats_per_slot": new.seats_per_slot, "ics_uid": new.uid,
                "team_id": new.team_id, "created_at": created,
            }));
            if new.attendees.len() != written.attendees.len() {
                return Err(Error::internal("a written booking has other attendees than its new booking"));
            }
            for (a, w) in new.attendees.iter().zip(&written.attendees) {
                attendee_rows.push(serde_json::json!({
                    "id": w.id, "booking_id": written.id, "name": a.name, "email": a.email,
                    "time_zone": a.time_zone, "language": a.language.map(|l| l.as_str()),
                    "phone_number": a.phone_number, "is_guest": i64::from(a.is_guest), "seat_uid": a.seat_uid,
                    "responses": a.seat_responses.as_ref().map(to_json).transpose()?,
                    "metadata": a.seat_metadata.as_ref().map(to_json).transpose()?, "created_at": created,
                }));
            }
        }
        let event_rows = events
            .iter()
            .filter(|(_, webhooks)| !webhooks.is_empty())
            .map(|(event, webhooks)| crate::deliveries::event_row(event, webhooks, delivery_id))
            .collect::<Vec<_>>();
        // Keep each host's longest busy span current (see `insert`): one update for the batch, of the hosts whose
        // known span does not cover their new bookings'.
        let mut spans: Vec<(i64, i64)> = Vec::new();
        for (new, _) in bookings {
            let span = ms(new.busy_end) - ms(new.busy_start);
            match spans.iter_mut().find(|(host, _)| *host == new.host_id) {
                Some((_, longest)) => *longest = (*longest).max(span),
                None => spans.push((new.host_id, span)),
            }
        }
        spans.retain(|&(host, span)| !self.spans.covers(host, span));
        let span_rows: Vec<Value> =
            spans.iter().map(|&(host, span)| serde_json::json!({"host": host, "span": span})).collect();
        // The attendees' foreign key is checked at the end of the statement, when the bookings are in.
        query(
            "WITH b AS (INSERT INTO bookings (id, uid, event_type_id, event_type_slug, host_id, status, title, \
             description, start_at, end_at, busy_start, busy_end, location, metadata, responses, guests, \
             rescheduling_reason, rescheduled_by, rescheduled_from_uid, recurring_uid, seats_per_slot, ics_uid, \
             team_id, created_at, updated_at) SELECT id, uid, event_type_id, event_type_slug, host_id, status, title, \
             description, start_at, end_at, busy_start, busy_end, location, metadata, responses, guests, \
             rescheduling_reason, rescheduled_by, rescheduled_from_uid, recurring_uid, seats_per_slot, ics_uid, \
             team_id, created_at, created_at FROM json_populate_recordset(NULL::bookings, CAST($1 AS JSON))), \
             a AS (INSERT INTO attendees (id, booking_id, name, email, time_zone, language, phone_number, is_guest, \
             seat_uid, responses, metadata, created_at) SELECT id, booking_id, name, email, time_zone, language, \
             phone_number, is_guest, seat_uid, responses, metadata, created_at \
             FROM json_populate_recordset(NULL::attendees, CAST($2 AS JSON))), \
             e AS (INSERT INTO webhook_events (trigger, payload, booking_uid, created_at, owed, due_at) \
             SELECT trigger, payload, booking_uid, created_at, owed, due_at \
             FROM json_populate_recordset(NULL::webhook_events, CAST($3 AS JSON))) \
             UPDATE users u SET max_busy_ms = s.span \
             FROM json_to_recordset(CAST($4 AS JSON)) AS s(host BIGINT, span BIGINT) \
             WHERE u.id = s.host AND u.max_busy_ms < s.span",
        )
        .bind(Value::Array(booking_rows).to_string())
        .bind(Value::Array(attendee_rows).to_string())
        .bind(Value::Array(event_rows).to_string())
        .bind(Value::Array(span_rows).to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) { Error::Conflict("booking uid collision".into()) } else { db_error(e) }
        })?;
        self.wrote_spans.extend(spans);
        Ok(())
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await.map_err(db_error)?;
        self.spans.learn(&self.wrote_spans);
        Ok(())
    }
}

/// Which bookings `list_bookings` returns.
#[derive(Debug, Clone, Default)]
pub struct BookingFilter {
    /// The caller: their bookings as organizer are listed.
    pub host_id: i64,
    /// Also the bookings the caller co-hosts (collective and mandatory round-robin hosts).
    pub co_hosted: bool,
    /// Also every booking of these teams (the ones the caller administers).
    pub team_scope: Vec<i64>,
    /// Only bookings of these teams; `None` means any.
    pub team_ids: Option<Vec<i64>>,
    pub now: DateTime<Utc>,
    /// Any of these (Cal.com's status filter vocabulary); empty means all.
    pub statuses: Vec<calends_model::bookings::BookingStatusFilter>,
    pub attendee_email: Option<String>,
    pub attendee_name: Option<String>,
    pub booking_uid: Option<String>,
    /// Any of these event types; `None` means all.
    pub event_type_ids: Option<Vec<i64>>,
    pub after_start: Option<DateTime<Utc>>,
    pub before_end: Option<DateTime<Utc>>,
    pub after_created: Option<DateTime<Utc>>,
    pub before_created: Option<DateTime<Utc>>,
    pub after_updated: Option<DateTime<Utc>>,
    pub before_updated: Option<DateTime<Utc>>,
    /// `(column, descending)` in priority order; the default is start ascending.
    pub sort: Vec<(SortColumn, bool)>,
    pub take: i64,
    pub skip: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Start,
    End,
    Created,
    Updated,
}

impl SortColumn {
    fn column(self) -> &'static str {
        match self {
            SortColumn::Start => "start_at",
            SortColumn::End => "end_at",
            SortColumn::Created => "created_at",
            SortColumn::Updated => "updated_at",
        }
    }
}

/// `LIKE` pattern matching `text` anywhere, with `\` escaping the wildcards.
fn contains_pattern(text: &str) -> String {
    let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

impl BookingFilter {
    /// The WHERE clause and its values.
    fn condition(&self) -> (String, Vec<BindValue>) {
        use calends_model::bookings::BookingStatusFilter as S;
        let mut values = vec![BindValue::Int(self.host_id)];
        let bind = |v: BindValue, values: &mut Vec<BindValue>| {
            values.push(v);
            format!("${}", values.len())
        };
        let ids = |ids: &[i64], values: &mut Vec<BindValue>| {
            ids.iter().map(|id| bind(BindValue::Int(*id), values)).collect::<Vec<_>>().join(", ")
        };
        let mut visible = vec!["b.host_id = $1".to_owned()];
        if self.co_hosted {
            visible.push("EXISTS (SELECT 1 FROM booking_hosts h WHERE h.booking_id = b.id AND h.host_id = $1)".into());
        }
        if !self.team_scope.is_empty() {
            visible.push(format!("b.team_id IN ({})", ids(&self.team_scope, &mut values)));
        }
        let mut parts =
            vec![if visible.len() == 1 { visible.remove(0) } else { format!("({})", visible.join(" OR ")) }];
        match &self.team_ids {
            Some(teams) if teams.is_empty() => parts.push("1 = 0".into()),
            Some(teams) => parts.push(format!("b.team_id IN ({})", ids(teams, &mut values))),
            None => {}
        }
        if !self.statuses.is_empty() {
            let now = bind(BindValue::Int(ms(self.now)), &mut values);
            let alternatives: Vec<String> = self
                .statuses
                .iter()
                .map(|s| match s {
                    S::Upcoming => format!("(b.end_at >= {now} AND b.{ACTIVE})"),
                    S::Recurring => format!("(b.recurring_uid IS NOT NULL AND b.end_at >= {now} AND b.{ACTIVE})"),
                    S::Past => format!("(b.end_at <= {now} AND b.{ACTIVE})"),
                    S::Cancelled => "(b.status IN ('cancelled', 'rejected'))".to_owned(),
                    S::Unconfirmed => format!("(b.status = 'pending' AND b.end_at >= {now})"),
                })
                .collect();
            parts.push(format!("({})", alternatives.join(" OR ")));
        }
        if let Some(email) = &self.attendee_email {
            let p = bind(BindValue::Text(email.to_lowercase()), &mut values);
            parts
                .push(format!("EXISTS (SELECT 1 FROM attendees a WHERE a.booking_id = b.id AND lower(a.email) = {p})"));
        }
        if let Some(name) = &self.attendee_name {
            let p = bind(BindValue::Text(contains_pattern(name)), &mut values);
            parts.push(format!(
                "EXISTS (SELECT 1 FROM attendees a WHERE a.booking_id = b.id AND lower(a.name) LIKE {p} ESCAPE '\\')"
            ));
        }
        if let Some(uid) = &self.booking_uid {
            let p = bind(BindValue::Text(uid.clone()), &mut values);
            parts.push(format!("b.uid = {p}"));
        }
        if let Some(ids) = &self.event_type_ids {
            if ids.is_empty() {
                parts.push("1 = 0".into());
            } else {
                let ps: Vec<String> = ids.iter().map(|id| bind(BindValue::Int(*id), &mut values)).collect();
                parts.push(format!("b.event_type_id IN ({})", ps.join(", ")));
            }
        }
        for (bound, sql) in [
            (self.after_start, "b.start_at >= "),
            (self.before_end, "b.end_at <= "),
            (self.after_created, "b.created_at >= "),
            (self.before_created, "b.created_at <= "),
            (self.after_updated, "b.updated_at >= "),
            (self.before_updated, "b.updated_at <= "),
        ] {
            if let Some(t) = bound {
                let p = bind(BindValue::Int(ms(t)), &mut values);
                parts.push(format!("{sql}{p}"));
            }
        }
        (parts.join(" AND "), values)
    }

    fn order_by(&self) -> String {
        let mut keys: Vec<String> = self
            .sort
            .iter()
            .map(|(column, desc)| format!("b.{} {}", column.column(), if *desc { "DESC" } else { "ASC" }))
            .collect();
        if keys.is_empty() {
            keys.push("b.start_at ASC".into());
        }
        keys.push("b.id ASC".into());
        keys.join(", ")
    }
}

impl Store {
    /// Starts the write transaction of a booking change of host `host_id`'s time. It runs alone among the
    /// bookings and reservations of that host, on every instance: on PostgreSQL it locks the host's row first; on
    /// SQLite the single writer connection already serializes it against every other write.
    pub async fn booking_tx(&self, host_id: i64) -> Result<BookingTx> {
        self.booking_tx_of(&[host_id]).await
    }

    /// [`Store::booking_tx`] for a change of several hosts' time (team bookings): their rows are locked in id
    /// order, so two transactions over overlapping hosts cannot deadlock.
    pub async fn booking_tx_of(&self, hosts: &[i64]) -> Result<BookingTx> {
        let mut sorted = hosts.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let tx = self.write.begin_locking_users(&sorted).await.map_err(db_error)?;
        Ok(BookingTx { tx, spans: Arc::clone(&self.spans), wrote_spans: Vec::new() })
    }

    /// The stored answer of an earlier create with idempotency key `key`.
    pub async fn idempotent_reply(&self, key: &str) -> Result<Option<IdempotentReply>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        idempotent_on(&mut conn, key).await
    }

    pub async fn booking(&self, uid: &str) -> Result<Option<Booking>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        Ok(fetch_where(&mut conn, bookings_where!("uid = $1"), BindValue::Text(uid.to_owned())).await?.pop())
    }

    /// Booking `uid` (with its attendees and co-hosts) and its host, read together: the one statement of a booking
    /// read (two for a team booking), where the booking and its host alone would take three.
    pub async fn booking_with_host(&self, uid: &str) -> Result<Option<(Booking, User)>> {
        static SQL: LazyLock<String> = LazyLock::new(|| {
            let of = |table: &str, columns: &str| {
                columns.split(", ").map(|c| format!("{table}.{}", c.trim())).collect::<Vec<_>>().join(", ")
            };
            format!(
                "SELECT {}, {}, {} FROM bookings b JOIN users u ON u.id = b.host_id \
                 LEFT JOIN attendees a ON a.booking_id = b.id WHERE b.uid = $1 ORDER BY a.id",
                of("b", booking_columns!()),
                of("u", USER_COLUMNS),
                of("a", attendee_columns!())
            )
        });
        // Where the user's and the attendees' columns start.
        let user_at = booking_columns!().split(", ").count();
        let attendee_at = user_at + USER_COLUMNS.split(", ").count();
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        let rows = query(SQL.as_str()).bind(uid).fetch_all(&mut conn).await.map_err(db_error)?;
        let Some(first) = rows.first() else { return Ok(None) };
        let mut booking = booking_from_row(first).map_err(db_error)?;
        let host = user_from_row(&first.part(user_at, &first.names_from(user_at))).map_err(db_error)?;
        let attendee_columns = first.names_from(attendee_at);
        for row in &rows {
            let attendee = row.part(attendee_at, &attendee_columns);
            // No attendee: the left join's NULLs.
            if attendee.try_get::<Option<i64>, _>("id").map_err(db_error)?.is_some() {
                booking.attendees.push(attendee_from_row(&attendee).map_err(db_error)?.1);
            }
        }
        let mut one = [booking];
        attach_co_hosts(&mut conn, &mut one).await?;
        let [booking] = one;
        Ok(Some((booking, host)))
    }

    /// The occurrences of a recurring series, in order.
    pub async fn series(&self, recurring_uid: &str) -> Result<Vec<Booking>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        fetch_where(&mut conn, bookings_where!("recurring_uid = $1"), BindValue::Text(recurring_uid.to_owned())).await
    }

    /// The booking holding seat `seat_uid`.
    pub async fn booking_by_seat(&self, seat_uid: &str) -> Result<Option<Booking>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        Ok(fetch_where(
            &mut conn,
            bookings_where!("id = (SELECT booking_id FROM attendees WHERE seat_uid = $1)"),
            BindValue::Text(seat_uid.to_owned()),
        )
        .await?
        .pop())
    }

    pub async fn busy_from_bookings(
        &self,
        host_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        except_booking: Option<i64>,
        seated_event_type: Option<i64>,
        held: Option<HeldAt<'_>>,
    ) -> Result<Vec<Interval>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        busy_on(&mut conn, host_id, from, to, except_booking, seated_event_type, held).await
    }

    /// [`Store::busy_from_bookings`] of several hosts, with the reservations held at `held.now`, in one statement on
    /// PostgreSQL.
    pub async fn busy_of_many(
        &self,
        reads: &[BusyRead],
        except_booking: Option<i64>,
        held: HeldAt<'_>,
    ) -> Result<Vec<Vec<Interval>>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        busy_of_many_on(&mut conn, reads, except_booking, held).await
    }

    pub async fn counted_bookings(
        &self,
        event_type_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        except_booking: Option<i64>,
    ) -> Result<Vec<Interval>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        counted_on(&mut conn, event_type_id, from, to, except_booking).await
    }

    pub async fn seated_bookings(
        &self,
        event_type_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SeatedSlot>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        seated_on(&mut conn, event_type_id, from, to).await
    }

    /// A page of the host's bookings matching `filter`, and how many match in all.
    pub async fn list_bookings(&self, filter: &BookingFilter) -> Result<(Vec<Booking>, i64)> {
        let (condition, values) = filter.condition();
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        let count_sql = format!("SELECT COUNT(*) AS n FROM bookings b WHERE {condition}");
        let mut count = query(count_sql);
        for v in values.iter().cloned() {
            count = v.bind_to(count);
        }
        let total: i64 = count.fetch_one(&mut conn).await.and_then(|r| r.try_get("n")).map_err(db_error)?;
        let page_sql = format!(
            "SELECT {} FROM bookings b WHERE {condition} ORDER BY {} LIMIT {} OFFSET {}",
            booking_columns!().split(", ").map(|c| format!("b.{}", c.trim())).collect::<Vec<_>>().join(", "),
            filter.order_by(),
            filter.take.max(0),
            filter.skip.max(0)
        );
        let mut page = query(page_sql);
        for v in values {
            page = v.bind_to(page);
        }
        let rows = page.fetch_all(&mut conn).await.map_err(db_error)?;
        let mut bookings = rows.iter().map(booking_from_row).collect::<Result<Vec<_>, _>>().map_err(db_error)?;
        attach_attendees(&mut conn, &mut bookings).await?;
        Ok((bookings, total))
    }
}
