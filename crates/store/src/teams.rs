//! Teams and their memberships.

use calends_domain::teams::{self, Membership, MembershipPatch, NewMembership, Team, TeamPatch, TeamProfile};
use calends_domain::users::User;
use calends_domain::{Error, Result};
use chrono::{DateTime, Utc};

use crate::conv::{corrupt, db_error, is_unique_violation, ms, time};
use crate::sql::{DbError, Row, Tx, query};
use crate::users::user_from_row;
use crate::{Backend, Store};

macro_rules! team_columns {
    () => {
        "id, slug, name, profile, created_at, updated_at"
    };
}

/// Memberships joined with their users; the membership's own `id` and `created_at` as `m_id` and `m_created_at`.
macro_rules! member_select {
    () => {
        "SELECT m.id AS m_id, m.team_id, m.user_id, m.role, m.accepted, m.disable_impersonation, \
         m.created_at AS m_created_at, u.* FROM memberships m JOIN users u ON u.id = m.user_id "
    };
}

macro_rules! membership_columns {
    () => {
        "id, team_id, user_id, role, accepted, disable_impersonation, created_at"
    };
}

pub(crate) fn team_from_row(row: &Row) -> Result<Team, DbError> {
    let profile: String = row.try_get("profile")?;
    Ok(Team {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        profile: serde_json::from_str(&profile).map_err(|_| corrupt("profile", &profile))?,
        created_at: time(row.try_get("created_at")?),
        updated_at: time(row.try_get("updated_at")?),
    })
}

pub(crate) fn membership_from_row(row: &Row) -> Result<Membership, DbError> {
    let role: String = row.try_get("role")?;
    Ok(Membership {
        id: row.try_get("id")?,
        team_id: row.try_get("team_id")?,
        user_id: row.try_get("user_id")?,
        role: role.parse().map_err(|_| corrupt("role", &role))?,
        accepted: row.try_get::<i64, _>("accepted")? != 0,
        disable_impersonation: row.try_get::<i64, _>("disable_impersonation")? != 0,
        created_at: time(row.try_get("created_at")?),
    })
}

pub(crate) fn slug_taken(slug: &str) -> impl Fn(DbError) -> Error + '_ {
    move |e| {
        if is_unique_violation(&e) {
            Error::Conflict(format!("a team with slug `{slug}` already exists"))
        } else {
            db_error(e)
        }
    }
}

pub(crate) fn profile_json(profile: &TeamProfile) -> Result<String> {
    serde_json::to_string(profile).map_err(Error::internal)
}

impl Store {
    /// Creates a team with `owner_id` as its accepted owner, in one transaction.
    pub async fn create_team(
        &self,
        slug: &str,
        name: &str,
        profile: &TeamProfile,
        owner_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Team> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let row = query(concat!(
            "INSERT INTO teams (slug, name, profile, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING ",
            team_columns!()
        ))
        .bind(slug)
        .bind(name)
        .bind(profile_json(profile)?)
        .bind(ms(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(slug_taken(slug))?;
        let team = team_from_row(&row).map_err(db_error)?;
        query(
            "INSERT INTO memberships (team_id, user_id, role, accepted, created_at, updated_at) \
             VALUES ($1, $2, 'OWNER', 1, $3, $3)",
        )
        .bind(team.id)
        .bind(owner_id)
        .bind(ms(now))
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(team)
    }

    pub async fn team(&self, id: i64) -> Result<Option<Team>> {
        let row = query(concat!("SELECT ", team_columns!(), " FROM teams WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await
            .map_err(db_error)?;
        row.as_ref().map(team_from_row).transpose().map_err(db_error)
    }

    pub async fn team_by_slug(&self, slug: &str) -> Result<Option<Team>> {
        let row = query(concat!("SELECT ", team_columns!(), " FROM teams WHERE slug = $1"))
            .bind(slug)
            .fetch_optional(&self.read)
            .await
            .map_err(db_error)?;
        row.as_ref().map(team_from_row).transpose().map_err(db_error)
    }

    /// The teams `user_id` is a member of (accepted or not), by id.
    pub async fn user_teams(&self, user_id: i64) -> Result<Vec<Team>> {
        let rows = query(
            "SELECT t.id, t.slug, t.name, t.profile, t.created_at, t.updated_at FROM teams t \
             JOIN memberships m ON m.team_id = t.id WHERE m.user_id = $1 ORDER BY t.id",
        )
        .bind(user_id)
        .fetch_all(&self.read)
        .await
        .map_err(db_error)?;
        rows.iter().map(team_from_row).collect::<Result<_, _>>().map_err(db_error)
    }

    pub async fn membership(&self, id: i64) -> Result<Option<Membership>> {
        let row = query(concat!("SELECT ", membership_columns!(), " FROM memberships WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await
            .map_err(db_error)?;
        row.as_ref().map(membership_from_row).transpose().map_err(db_error)
    }

    /// `user_id`'s accepted memberships, by team.
    pub async fn accepted_memberships(&self, user_id: i64) -> Result<Vec<Membership>> {
        let rows = query(concat!(
            "SELECT ",
            membership_columns!(),
            " FROM memberships WHERE user_id = $1 AND accepted = 1 ORDER BY team_id"
        ))
        .bind(user_id)
        .fetch_all(&self.read)
        .await
        .map_err(db_error)?;
        rows.iter().map(membership_from_row).collect::<Result<_, _>>().map_err(db_error)
    }

    /// `user_id`'s membership of team `team_id`, if any.
    pub async fn membership_of(&self, team_id: i64, user_id: i64) -> Result<Option<Membership>> {
        let row =
            query(concat!("SELECT ", membership_columns!(), " FROM memberships WHERE team_id = $1 AND user_id = $2"))
                .bind(team_id)
                .bind(user_id)
                .fetch_optional(&self.read)
                .await
                .map_err(db_error)?;
        row.as_ref().map(membership_from_row).transpose().map_err(db_error)
    }

    /// The team's members with their users, by membership id.
    pub async fn team_members(&self, team_id: i64) -> Result<Vec<(Membership, User)>> {
        let rows = query(concat!(member_select!(), "WHERE m.team_id = $1 ORDER BY m.id"))
            .bind(team_id)
            .fetch_all(&self.read)
            .await
            .map_err(db_error)?;
        rows.iter().map(member_from_row).collect::<Result<_, DbError>>().map_err(db_error)
    }
}

fn member_from_row(row: &Row) -> Result<(Membership, User), DbError> {
    let role: String = row.try_get("role")?;
    let membership = Membership {
        id: row.try_get("m_id")?,
        team_id: row.try_get("team_id")?,
        user_id: row.try_get("user_id")?,
        role: role.parse().map_err(|_| corrupt("role", &role))?,
        accepted: row.try_get::<i64, _>("accepted")? != 0,
        disable_impersonation: row.try_get::<i64, _>("disable_impersonation")? != 0,
        created_at: time(row.try_get("m_created_at")?),
    };
    Ok((membership, user_from_row(row)?))
}

/// Takes team `team_id`'s row lock (PostgreSQL; SQLite has one writer) and reports whether the team exists. Every
/// change to a team's memberships takes it first, so the changes of one team run one at a time and each sees what
/// the one before committed: two concurrent changes cannot both remove the last owner.
async fn lock_team(tx: &mut Tx, backend: Backend, team_id: i64) -> Result<bool> {
    let lock = if backend == Backend::Postgres { " FOR UPDATE" } else { "" };
    let row = query(format!("SELECT id FROM teams WHERE id = $1{lock}"))
        .bind(team_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(row.is_some())
}

async fn membership_in(tx: &mut Tx, team_id: i64, user_id: i64) -> Result<Option<Membership>> {
    let row = query(concat!("SELECT ", membership_columns!(), " FROM memberships WHERE team_id = $1 AND user_id = $2"))
        .bind(team_id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?;
    row.as_ref().map(membership_from_row).transpose().map_err(db_error)
}

async fn member_in(tx: &mut Tx, team_id: i64, id: i64) -> Result<Option<(Membership, User)>> {
    let row = query(concat!(member_select!(), "WHERE m.id = $1 AND m.team_id = $2"))
        .bind(id)
        .bind(team_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?;
    row.as_ref().map(member_from_row).transpose().map_err(db_error)
}

/// The team's accepted owners other than membership `except`.
async fn other_owners(tx: &mut Tx, team_id: i64, except: i64) -> Result<i64> {
    query("SELECT COUNT(*) AS n FROM memberships WHERE team_id = $1 AND id <> $2 AND role = 'OWNER' AND accepted = 1")
        .bind(team_id)
        .bind(except)
        .fetch_one(&mut **tx)
        .await
        .and_then(|r| r.try_get("n"))
        .map_err(db_error)
}

impl Store {
    /// The teams `user_id` has an accepted membership of, by id.
    pub async fn member_teams(&self, user_id: i64) -> Result<Vec<Team>> {
        let rows = query(
            "SELECT t.id, t.slug, t.name, t.profile, t.created_at, t.updated_at FROM teams t \
             JOIN memberships m ON m.team_id = t.id WHERE m.user_id = $1 AND m.accepted = 1 ORDER BY t.id",
        )
        .bind(user_id)
        .fetch_all(&self.read)
        .await
        .map_err(db_error)?;
        rows.iter().map(team_from_row).collect::<Result<_, _>>().map_err(db_error)
    }

    /// Applies `patch` to team `id`; `None` when it does not exist. A slug another team has is a conflict.
    pub async fn update_team(&self, id: i64, patch: &TeamPatch, now: DateTime<Utc>) -> Result<Option<Team>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        let sql = format!(concat!("SELECT ", team_columns!(), " FROM teams WHERE id = $1{}"), self.for_update());
        let row = query(sql).bind(id).fetch_optional(&mut *tx).await.map_err(db_error)?;
        let Some(row) = row else { return Ok(None) };
        let mut team = team_from_row(&row).map_err(db_error)?;
        patch.apply(&mut team);
        team.updated_at = now;
        query("UPDATE teams SET slug = $2, name = $3, profile = $4, updated_at = $5 WHERE id = $1")
            .bind(id)
            .bind(&team.slug)
            .bind(&team.name)
            .bind(profile_json(&team.profile)?)
            .bind(ms(now))
            .execute(&mut *tx)
            .await
            .map_err(slug_taken(&team.slug))?;
        tx.commit().await.map_err(db_error)?;
        Ok(Some(team))
    }

    /// Deletes team `id` with its memberships (and, by the schema's cascades, its event types), returning it;
    /// `None` when it does not exist.
    pub async fn delete_team(&self, id: i64) -> Result<Option<Team>> {
        let row = query(concat!("DELETE FROM teams WHERE id = $1 RETURNING ", team_columns!()))
            .bind(id)
            .fetch_optional(&self.write)
            .await
            .map_err(db_error)?;
        row.as_ref().map(team_from_row).transpose().map_err(db_error)
    }

    /// A page of the team's memberships with their users, by membership id.
    pub async fn team_members_page(&self, team_id: i64, take: i64, skip: i64) -> Result<Vec<(Membership, User)>> {
        let rows = query(concat!(member_select!(), "WHERE m.team_id = $1 ORDER BY m.id LIMIT $2 OFFSET $3"))
            .bind(team_id)
            .bind(take)
            .bind(skip)
            .fetch_all(&self.read)
            .await
            .map_err(db_error)?;
        rows.iter().map(member_from_row).collect::<Result<_, DbError>>().map_err(db_error)
    }

    /// Membership `id` of team `team_id` with its user; `None` when there is none (or it is another team's).
    pub async fn team_member(&self, team_id: i64, id: i64) -> Result<Option<(Membership, User)>> {
        let row = query(concat!(member_select!(), "WHERE m.id = $1 AND m.team_id = $2"))
            .bind(id)
            .bind(team_id)
            .fetch_optional(&self.read)
            .await
            .map_err(db_error)?;
        row.as_ref().map(member_from_row).transpose().map_err(db_error)
    }

    /// Adds `new` to team `team_id` on behalf of user `actor_id`, whose right to ([`teams::check_add`]) is checked
    /// in the same transaction. `None` when the team does not exist; a user that does not exist is invalid
    /// `userId`, one that is already a member a conflict.
    pub async fn add_membership(
        &self,
        team_id: i64,
        actor_id: i64,
        new: &NewMembership,
        now: DateTime<Utc>,
    ) -> Result<Option<(Membership, User)>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        if !lock_team(&mut tx, self.backend, team_id).await? {
            return Ok(None);
        }
        let actor = membership_in(&mut tx, team_id, actor_id).await?;
        teams::check_add(actor.as_ref(), team_id, new)?;
        let user = query("SELECT id FROM users WHERE id = $1")
            .bind(new.user_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
        if user.is_none() {
            return Err(Error::invalid("userId", format!("User ({}) does not exist", new.user_id)));
        }
        let id: i64 = query(
            "INSERT INTO memberships (team_id, user_id, role, accepted, disable_impersonation, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(team_id)
        .bind(new.user_id)
        .bind(new.role.as_str())
        .bind(i64::from(new.accepted))
        .bind(i64::from(new.disable_impersonation))
        .bind(ms(now))
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get("id"))
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::Conflict(format!("User ({}) is already a member of team ({team_id})", new.user_id))
            } else {
                db_error(e)
            }
        })?;
        let member =
            member_in(&mut tx, team_id, id).await?.ok_or_else(|| Error::internal("added membership vanished"))?;
        tx.commit().await.map_err(db_error)?;
        Ok(Some(member))
    }

    /// Applies `patch` to membership `id` of team `team_id` on behalf of user `actor_id`. The caller's right
    /// ([`teams::check_update`]) and the team keeping an accepted owner ([`teams::keeps_an_owner`]) are checked in
    /// the transaction that writes. `None` when the team or the membership does not exist.
    pub async fn update_membership(
        &self,
        team_id: i64,
        id: i64,
        actor_id: i64,
        patch: &MembershipPatch,
        now: DateTime<Utc>,
    ) -> Result<Option<(Membership, User)>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        if !lock_team(&mut tx, self.backend, team_id).await? {
            return Ok(None);
        }
        let actor = membership_in(&mut tx, team_id, actor_id).await?;
        let Some((before, user)) = member_in(&mut tx, team_id, id).await? else { return Ok(None) };
        teams::check_update(actor.as_ref(), &before, patch)?;
        let mut after = before.clone();
        patch.apply(&mut after);
        teams::keeps_an_owner(&before, Some(&after), other_owners(&mut tx, team_id, id).await?)?;
        query("UPDATE memberships SET role = $2, accepted = $3, disable_impersonation = $4, updated_at = $5 WHERE id = $1")
            .bind(id)
            .bind(after.role.as_str())
            .bind(i64::from(after.accepted))
            .bind(i64::from(after.disable_impersonation))
            .bind(ms(now))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(Some((after, user)))
    }

    /// Removes membership `id` of team `team_id` on behalf of user `actor_id` (checked as in
    /// [`Store::update_membership`]), returning it; `None` when the team or the membership does not exist.
    pub async fn delete_membership(&self, team_id: i64, id: i64, actor_id: i64) -> Result<Option<(Membership, User)>> {
        let mut tx = self.write.begin().await.map_err(db_error)?;
        if !lock_team(&mut tx, self.backend, team_id).await? {
            return Ok(None);
        }
        let actor = membership_in(&mut tx, team_id, actor_id).await?;
        let Some((before, user)) = member_in(&mut tx, team_id, id).await? else { return Ok(None) };
        teams::check_remove(actor.as_ref(), &before)?;
        teams::keeps_an_owner(&before, None, other_owners(&mut tx, team_id, id).await?)?;
        query("DELETE FROM memberships WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(Some((before, user)))
    }
}
