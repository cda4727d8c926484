//! Availability of team event types. A collective event is offered when every host is free: the hosts' free time
//! (schedule minus busy time, with the event's buffers) is intersected, then cut into slots on the first host's
//! grid. A round-robin event is offered when any host is free: each host's own slots, united by start, each slot
//! knowing which hosts are free for it; mandatory hosts must be free too (their common free time must hold the
//! slot). Booking re-runs the same computation inside the write transaction, which holds every host's lock.

use std::collections::HashMap;

use calends_domain::event_types::EventType;
use calends_domain::team_event_types::{TeamHost, TeamHosting, is_fixed};
use calends_domain::users::User;
use calends_domain::{Error, Result};
use calends_model::team_event_types::SchedulingType;
use calends_slots::{Query, Slot, Tz, availability, blocked_time, subtract};
use chrono::{DateTime, Duration, Utc};

use crate::services::availability::{
    self, Bookable, BusySource, Engine, Except, Inputs, check_window, gather, gather_many,
};
use crate::services::teams::TeamWithMembers;
use crate::state::AppState;

/// A team event type with its team and its effective hosts.
#[derive(Debug, Clone)]
pub struct TeamBookable {
    pub event_type: EventType,
    pub team: TeamWithMembers,
    pub hosts: Vec<(TeamHost, User)>,
}

impl TeamBookable {
    pub async fn load(state: &AppState, event_type: EventType) -> Result<TeamBookable> {
        let team_id = event_type.team_id.ok_or_else(|| Error::internal("not a team event type"))?;
        bookable(&event_type)?;
        let team = TeamWithMembers::load(state, team_id).await?;
        let hosts = team.hosts(event_type.config.team.as_ref());
        Ok(TeamBookable { event_type, team, hosts })
    }

    /// Event type `slug` of the team `team_slug`.
    pub async fn by_slug(state: &AppState, team_slug: &str, slug: &str) -> Result<TeamBookable> {
        let team = TeamWithMembers::by_slug(state, team_slug).await?;
        let event_type = state
            .store
            .team_event_type_by_slug(team.team.id, slug)
            .await?
            .ok_or_else(|| Error::NotFound(format!("Event type ({slug}) of team ({team_slug}) not found")))?;
        bookable(&event_type)?;
        let hosts = team.hosts(event_type.config.team.as_ref());
        Ok(TeamBookable { event_type, team, hosts })
    }

    pub fn hosting(&self) -> Option<&TeamHosting> {
        self.event_type.config.team.as_ref()
    }

    pub fn is_collective(&self) -> bool {
        self.hosting().is_some_and(|h| h.scheduling_type == SchedulingType::Collective)
    }

    /// The event type as one host's own (for their engine and the booking row).
    pub fn as_host(&self, user: &User) -> Bookable {
        Bookable { event_type: self.event_type.clone(), owner: user.clone() }
    }
}

/// A managed event type is booked through its members' copies, never itself.
fn bookable(event_type: &EventType) -> Result<()> {
    if event_type.config.team.as_ref().is_some_and(|t| t.scheduling_type == SchedulingType::Managed) {
        return Err(Error::BadRequest(format!(
            "event type ({}) is a managed team event type: book its members' own copies (GET /v2/event-types \
             lists a member's)",
            event_type.id
        )));
    }
    Ok(())
}

/// One host's engine.
#[derive(Debug, Clone)]
pub struct HostEngine {
    pub host: TeamHost,
    pub user: User,
    pub engine: Engine,
    /// Must be free and is booked: every collective host, round robin's mandatory ones.
    pub fixed: bool,
}

/// Everything fixed about a team event type's slots of one length.
#[derive(Debug, Clone)]
pub struct TeamEngine {
    pub hosts: Vec<HostEngine>,
    /// A fixed host has no schedule: never free.
    fixed_unavailable: bool,
}

impl TeamEngine {
    pub async fn load(state: &AppState, team: &TeamBookable, length_minutes: u32) -> Result<TeamEngine> {
        TeamEngine::for_hosts(state, &team.event_type, &team.hosts, length_minutes).await
    }

    /// The engine of `event_type` (whose `team` hosting says who is fixed) over `hosts`.
    pub async fn for_hosts(
        state: &AppState,
        event_type: &EventType,
        hosts: &[(TeamHost, User)],
        length_minutes: u32,
    ) -> Result<TeamEngine> {
        let hosting = event_type.config.team.as_ref();
        let bookables: Vec<Bookable> =
            hosts.iter().map(|(_, user)| Bookable { event_type: event_type.clone(), owner: user.clone() }).collect();
        let loaded = Engine::load_many(state, &bookables, length_minutes).await?;
        let mut engines = Vec::with_capacity(hosts.len());
        let mut fixed_unavailable = false;
        for ((host, user), engine) in hosts.iter().zip(loaded) {
            let fixed = hosting.is_some_and(|h| is_fixed(h, host));
            match engine {
                Some(engine) => engines.push(HostEngine { host: *host, user: user.clone(), engine, fixed }),
                None => fixed_unavailable |= fixed,
            }
        }
        Ok(TeamEngine { hosts: engines, fixed_unavailable })
    }

    /// The zone slots are checked in: the first host's schedule's.
    pub fn zone(&self) -> Tz {
        self.hosts.first().map_or(Tz::UTC, |h| h.engine.schedule.time_zone)
    }

    pub fn host(&self, user_id: i64) -> Option<&HostEngine> {
        self.hosts.iter().find(|h| h.user.id == user_id)
    }

    fn rotating(&self) -> impl Iterator<Item = &HostEngine> {
        self.hosts.iter().filter(|h| !h.fixed)
    }
}

/// A slot of a team event type, with the round-robin hosts free for it (empty for collective events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamSlot {
    pub slot: Slot,
    pub free: Vec<i64>,
}

/// The team slots starting in `[from, to)` according to `src`: every host's busy time gathered, then the engine's
/// [`calends_slots::team_slots`].
pub(crate) async fn team_slots(
    src: &mut impl BusySource,
    team: &TeamEngine,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    day_zone: Tz,
    except: Except<'_>,
) -> Result<Vec<TeamSlot>> {
    if team.hosts.is_empty() || team.fixed_unavailable {
        return Ok(Vec::new());
    }
    let engines: Vec<&Engine> = team.hosts.iter().map(|h| &h.engine).collect();
    let inputs = gather_many(src, &engines, from, to, now, except).await?;
    fn query<'a>(
        h: &'a HostEngine,
        inputs: &'a Inputs,
        window: (DateTime<Utc>, DateTime<Utc>),
        now: DateTime<Utc>,
        day_zone: Tz,
    ) -> Query<'a> {
        Query {
            schedule: &h.engine.schedule,
            rules: &h.engine.rules,
            from: window.0,
            to: window.1,
            now,
            busy: &inputs.busy,
            counted: &inputs.counted,
            seated: &[],
            day_zone,
        }
    }
    let (mut fixed, mut rotating_queries, mut rotating) = (Vec::new(), Vec::new(), Vec::new());
    for (h, inputs) in team.hosts.iter().zip(&inputs) {
        let q = query(h, inputs, (from, to), now, day_zone);
        if h.fixed {
            fixed.push(q);
        } else {
            rotating_queries.push(q);
            rotating.push(h);
        }
    }
    Ok(calends_slots::team_slots(&fixed, &rotating_queries)
        .into_iter()
        .map(|s| TeamSlot { slot: s.slot, free: s.free.iter().map(|&i| rotating[i].user.id).collect() })
        .collect())
}

/// The team slots of `[from, to)`, read from the pool.
pub async fn slots(
    state: &AppState,
    team: &TeamEngine,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    day_zone: Tz,
    except: Except<'_>,
) -> Result<Vec<TeamSlot>> {
    let mut store = &state.store;
    team_slots(&mut store, team, from, to, state.clock.now(), day_zone, except).await
}

/// The team slot at `start`, if offered now according to `src`, computed for the whole day of `start` in the
/// first host's zone.
pub(crate) async fn offered_at(
    src: &mut impl BusySource,
    team: &TeamEngine,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    except: Except<'_>,
) -> Result<Option<TeamSlot>> {
    let (from, to) = check_window(team.zone(), start);
    Ok(team_slots(src, team, from, to, now, team.zone(), except).await?.into_iter().find(|s| s.slot.start == start))
}

/// Whether `host` is free for all of `[start, end)` (buffers included), whatever the slot grid and the notice:
/// what moving an existing booking to them needs.
pub(crate) async fn free_for(
    src: &mut impl BusySource,
    host: &HostEngine,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    except: Except<'_>,
) -> Result<bool> {
    let (from, to) = (start - Duration::days(1), end + Duration::days(1));
    let inputs = gather(src, &host.engine, from, to, now, except).await?;
    let available = availability(&host.engine.schedule, from, to);
    let free = subtract(&available, &blocked_time(&inputs.busy, &host.engine.rules));
    Ok(calends_slots::holds(&free, start, end))
}

/// Why `start` is not offered, in words.
pub fn why_not_offered(team: &TeamEngine, collective: bool, start: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if start < now {
        return "is in the past".into();
    }
    let notice = team.hosts.first().map_or(0, |h| h.engine.rules.minimum_notice_minutes);
    if start < now + Duration::minutes(i64::from(notice)) {
        return format!("is within the event type's minimum booking notice of {notice} minutes");
    }
    if team.hosts.is_empty() {
        return "cannot be booked: the event type has no hosts".into();
    }
    if collective {
        "is not a time when every host of this collective event type is free (see GET /v2/slots)".into()
    } else {
        "is not a time when a host of this round-robin event type is free (see GET /v2/slots)".into()
    }
}

/// Round robin's choice among the `free` hosts: the highest priority, then the least recently booked (never
/// booked first; `last` maps a host to their latest booking's id), then the first listed.
pub fn pick_host(team: &TeamEngine, free: &[i64], last: &HashMap<i64, i64>) -> Option<i64> {
    team.rotating()
        .enumerate()
        .filter(|(_, h)| free.contains(&h.user.id))
        .min_by_key(|(i, h)| (std::cmp::Reverse(h.host.rank()), last.get(&h.user.id).copied().unwrap_or(0), *i))
        .map(|(_, h)| h.user.id)
}

/// The slots as the personal slot list writes them.
pub fn as_offered(slots: Vec<TeamSlot>) -> Vec<availability::Offered> {
    slots.into_iter().map(|s| availability::Offered { slot: s.slot, seated_booking: None }).collect()
}
