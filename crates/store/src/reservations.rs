//! Slot reservations.

use calends_domain::reservations::{NewReservation, Reservation};
use calends_domain::{Error, Result};
use calends_slots::Interval;
use chrono::{DateTime, Utc};

use crate::Store;
use crate::bookings::{LONGEST_BOOKING, intervals};
use crate::conv::{db_error, ms, time};
use crate::sql::{Conn, DbError, Row, query};

macro_rules! reservation_columns {
    () => {
        "id, uid, event_type_id, host_id, slot_start, slot_end, reserved_until, created_at"
    };
}

fn reservation_from_row(row: &Row) -> Result<Reservation, DbError> {
    Ok(Reservation {
        id: row.try_get("id")?,
        uid: row.try_get("uid")?,
        event_type_id: row.try_get("event_type_id")?,
        host_id: row.try_get("host_id")?,
        slot_start: time(row.try_get("slot_start")?),
        slot_end: time(row.try_get("slot_end")?),
        reserved_until: time(row.try_get("reserved_until")?),
        created_at: time(row.try_get("created_at")?),
    })
}

const HELD: &str = "a reservation of someone else already holds this time";

impl Store {
    /// Reserves the slot unless an active reservation of the same host overlaps it (checked and written in one
    /// write transaction serialized with the host's other reservations and bookings, so two concurrent
    /// reservations of one slot cannot both succeed, on any number of instances).
    pub async fn create_reservation(&self, uid: &str, new: &NewReservation, now: DateTime<Utc>) -> Result<Reservation> {
        let mut tx = self.write.begin_locking_users(&[new.host_id]).await.map_err(db_error)?;
        if !reserved_on(&mut tx, new.host_id, new.slot_start, new.slot_end, now, None).await?.is_empty() {
            return Err(Error::Conflict(HELD.into()));
        }
        let row = query(concat!(
            "INSERT INTO slot_reservations (uid, event_type_id, host_id, slot_start, slot_end, reserved_until, ",
            "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ",
            reservation_columns!()
        ))
        .bind(uid)
        .bind(new.event_type_id)
        .bind(new.host_id)
        .bind(ms(new.slot_start))
        .bind(ms(new.slot_end))
        .bind(ms(new.reserved_until))
        .bind(ms(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let reservation = reservation_from_row(&row).map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(reservation)
    }

    pub async fn reservation(&self, uid: &str) -> Result<Option<Reservation>> {
        let row = query(concat!("SELECT ", reservation_columns!(), " FROM slot_reservations WHERE uid = $1"))
            .bind(uid)
            .fetch_optional(&self.read)
            .await
            .map_err(db_error)?;
        row.as_ref().map(reservation_from_row).transpose().map_err(db_error)
    }

    /// Moves reservation `uid` to `new` (same overlap rule as creating, ignoring the reservation itself).
    pub async fn update_reservation(
        &self,
        uid: &str,
        new: &NewReservation,
        now: DateTime<Utc>,
    ) -> Result<Option<Reservation>> {
        let mut tx = self.write.begin_locking_users(&[new.host_id]).await.map_err(db_error)?;
        if !reserved_on(&mut tx, new.host_id, new.slot_start, new.slot_end, now, Some(uid)).await?.is_empty() {
            return Err(Error::Conflict(HELD.into()));
        }
        let row = query(concat!(
            "UPDATE slot_reservations SET event_type_id = $2, host_id = $3, slot_start = $4, slot_end = $5, ",
            "reserved_until = $6, created_at = $7 WHERE uid = $1 RETURNING ",
            reservation_columns!()
        ))
        .bind(uid)
        .bind(new.event_type_id)
        .bind(new.host_id)
        .bind(ms(new.slot_start))
        .bind(ms(new.slot_end))
        .bind(ms(new.reserved_until))
        .bind(ms(now))
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?;
        let reservation = row.as_ref().map(reservation_from_row).transpose().map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(reservation)
    }

    /// Deletes reservation `uid`; whether it existed.
    pub async fn delete_reservation(&self, uid: &str) -> Result<bool> {
        query("DELETE FROM slot_reservations WHERE uid = $1")
            .bind(uid)
            .execute(&self.write)
            .await
            .map(|r| r.rows_affected() > 0)
            .map_err(db_error)
    }

    /// The host's time held by active reservations that overlap `[from, to)`, except reservation `except_uid`.
    pub async fn reserved_intervals(
        &self,
        host_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
        except_uid: Option<&str>,
    ) -> Result<Vec<Interval>> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        reserved_on(&mut conn, host_id, from, to, now, except_uid).await
    }

    /// Removes reservations that expired before `now`; returns how many.
    pub async fn purge_expired_reservations(&self, now: DateTime<Utc>) -> Result<u64> {
        query("DELETE FROM slot_reservations WHERE reserved_until <= $1")
            .bind(ms(now))
            .execute(&self.write)
            .await
            .map(|r| r.rows_affected())
            .map_err(db_error)
    }
}

/// Active reservations of `host_id` overlapping `[from, to)`, except `except_uid`, on any connection.
pub(crate) async fn reserved_on(
    conn: &mut Conn,
    host_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    except_uid: Option<&str>,
) -> Result<Vec<Interval>> {
    let rows = query(
        "SELECT slot_start, slot_end FROM slot_reservations WHERE host_id = $1 AND slot_start < $4 \
         AND slot_start >= $6 AND slot_end > $3 AND reserved_until > $2 AND uid <> $5",
    )
    .bind(host_id)
    .bind(ms(now))
    .bind(ms(from))
    .bind(ms(to))
    .bind(except_uid.unwrap_or(""))
    // A reservation holds one slot, at most a day long: one overlapping the window starts at most a day before it.
    .bind(ms(from - LONGEST_BOOKING))
    .fetch_pairs(&mut *conn)
    .await
    .map_err(db_error)?;
    Ok(intervals(rows))
}
