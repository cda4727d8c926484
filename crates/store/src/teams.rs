//! Teams and their memberships.

use calends_domain::teams::{Membership, Team, TeamProfile};
use calends_domain::users::User;
use calends_domain::{Error, Result};
use chrono::{DateTime, Utc};

use crate::Store;
use crate::conv::{corrupt, db_error, is_unique_violation, ms, time};
use crate::sql::{DbError, Row, query};
use crate::users::user_from_row;

macro_rules! team_columns {
    () => {
        "id, slug, name, profile, created_at, updated_at"
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
        let rows = query(
            "SELECT m.id AS m_id, m.team_id, m.user_id, m.role, m.accepted, m.disable_impersonation, \
             m.created_at AS m_created_at, u.* FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.team_id = $1 ORDER BY m.id",
        )
        .bind(team_id)
        .fetch_all(&self.read)
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|row| {
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
            })
            .collect::<Result<_, DbError>>()
            .map_err(db_error)
    }
}
