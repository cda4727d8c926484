//! What a create of a personal event type reads before it is decided (the event type, its owner, the schedules it
//! may take its hours from, the webhooks that hear of it), read in one snapshot together with the *mark* of those
//! rows: a digest of their stored text. A server instance may keep these inputs in memory and decide later creates
//! from them, provided the mark read again inside the deciding transaction, under the host's lock, is unchanged
//! (see [`crate::BookingTx::busy_of_hosts`]): any change to any of those rows, made through any path and by any
//! instance, changes the mark. PostgreSQL only.

use calends_domain::event_types::EventType;
use calends_domain::schedules::Schedule;
use calends_domain::users::User;
use calends_domain::{Error, Result};
use calends_model::webhooks::WebhookTrigger;

use crate::Store;
use crate::conv::db_error;
use crate::deliveries::subscribers_on;
use crate::event_types::event_type_in;
use crate::schedules::{default_schedule_in, schedule_in};
use crate::sql::{Conn, query};
use crate::users::user_in;

/// The rows a mark covers: an event type, its owner, up to two schedules (`-1`: none), and the webhooks of the
/// owner and of the event type (and of its parent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkOf {
    pub event_type_id: i64,
    pub host_id: i64,
    pub schedule_ids: [i64; 2],
}

/// A mark as read: the rows it covers and their digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub of: MarkOf,
    pub digest: String,
}

/// The SQL of the mark of `MarkOf` bound from parameter `$p` on (event type, host, two schedule ids): the MD5 of the
/// rows' text (the whole row, every column), each part present even when its rows are not. The host's row leaves
/// out its longest busy span, which bookings write (it is not an input: the busy-time reads use it in the database).
pub(crate) fn mark_sql(p: usize) -> String {
    let [e, h, s1, s2] = [p, p + 1, p + 2, p + 3].map(|n| format!("${n}"));
    mark_sql_over([&e, &h, &s1, &s2])
}

/// [`mark_sql`] with the event type, the host and the two schedule ids given as SQL expressions (parameters, or
/// columns of a row the statement reads per host).
pub(crate) fn mark_sql_over([e, h, s1, s2]: [&str; 4]) -> String {
    format!(
        "SELECT md5(concat_ws('|', \
         coalesce((SELECT CAST(e AS TEXT) FROM event_types e WHERE e.id = {e}), '-'), \
         coalesce((SELECT CAST(to_jsonb(u) - 'max_busy_ms' AS TEXT) FROM users u WHERE u.id = {h}), '-'), \
         coalesce((SELECT string_agg(CAST(s AS TEXT), ',' ORDER BY s.id) FROM schedules s \
                   WHERE s.id IN ({s1}, {s2})), '-'), \
         coalesce((SELECT string_agg(CAST(w AS TEXT), ',' ORDER BY w.id) FROM webhooks w \
                   WHERE (w.user_id = {h} AND w.event_type_id IS NULL) OR w.event_type_id = {e} \
                   OR w.event_type_id = (SELECT parent_id FROM event_types WHERE id = {e})), '-')))"
    )
}

/// Binds `of` for [`mark_sql`].
pub(crate) fn bind_mark(q: crate::sql::Query, of: &MarkOf) -> crate::sql::Query {
    q.bind(of.event_type_id).bind(of.host_id).bind(of.schedule_ids[0]).bind(of.schedule_ids[1])
}

/// What a create of one personal event type reads, with the mark of it.
#[derive(Debug, Clone)]
pub struct CreateInputs {
    pub event_type: EventType,
    pub owner: User,
    /// The schedule the event type names (whoever owns it), if it names one that exists.
    pub own_schedule: Option<Schedule>,
    /// The owner's default schedule.
    pub default_schedule: Option<Schedule>,
    /// The active webhooks that hear of the event type's bookings, with their triggers.
    pub subscribers: Vec<(i64, Vec<WebhookTrigger>)>,
    pub mark: Mark,
}

impl Store {
    /// What a create of event type `event_type_id` reads, and the mark of it, in one snapshot; `None` when the
    /// event type or its owner does not exist. PostgreSQL only.
    pub async fn create_inputs(&self, event_type_id: i64) -> Result<Option<CreateInputs>> {
        let Some(mut tx) = self.read.db.begin_snapshot().await.map_err(db_error)? else {
            return Err(Error::internal("create inputs are marked on PostgreSQL only"));
        };
        let Some(event_type) = event_type_in(&mut tx, event_type_id).await? else { return Ok(None) };
        let Some(owner) = user_in(&mut tx, event_type.owner_id).await? else { return Ok(None) };
        let own_id = event_type.config.schedule_id();
        let own_schedule = match own_id {
            Some(id) => schedule_in(&mut tx, id).await?,
            None => None,
        };
        let default_schedule = default_schedule_in(&mut tx, owner.id).await?;
        let subscribers = subscribers_on(&mut tx, owner.id, Some(event_type_id)).await?;
        let of = MarkOf {
            event_type_id,
            host_id: owner.id,
            schedule_ids: [own_id.unwrap_or(-1), owner.default_schedule_id.unwrap_or(-1)],
        };
        let digest = mark_on(&mut tx, &of).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(Some(CreateInputs {
            event_type,
            owner,
            own_schedule,
            default_schedule,
            subscribers,
            mark: Mark { of, digest },
        }))
    }
}

async fn mark_on(conn: &mut Conn, of: &MarkOf) -> Result<String> {
    let row = bind_mark(query(mark_sql(1)), of).fetch_one(&mut *conn).await.map_err(db_error)?;
    row.try_get(0).map_err(db_error)
}
