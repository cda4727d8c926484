//! Teams and memberships: the records storage returns, the validation of what users send, who may do what, and
//! the wire output.
//!
//! Who may do what (every rule is about the caller's membership of the team):
//! - accepted members (any role) read the team, its memberships and its members' schedules;
//! - accepted admins and owners change the team and add, change and remove memberships, except that only an owner
//!   grants the `OWNER` role or changes or removes an owner's membership, and only an owner deletes the team;
//! - anyone reads, leaves (deletes) or accepts (`accepted: true`) their own membership, even before accepting it;
//!   nothing else of their own unless they manage the team;
//! - the team's last accepted owner can neither leave nor stop being an owner ([`keeps_an_owner`], checked by
//!   storage in the transaction that makes the change).

use calends_model::teams::{
    CreateTeamInput, CreateTeamMembershipInput, MembershipRole, MembershipUserOutputDto, TeamMembershipOutput,
    TeamOutputDto, UpdateOrgTeamDto, UpdateTeamMembershipInput,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::users::User;
use crate::validate::{self, Validator};

/// A team. Its slug is unique among teams and names it in booking URLs (`teamSlug`).
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub profile: TeamProfile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The team's settings besides its name and slug, stored as one JSON document; absent values are `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TeamProfile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cal_video_logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_icon_logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_branding: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_private: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_book_a_team_member: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dark_brand_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_format: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub week_start: Option<String>,
}

/// A user's membership of a team.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    pub id: i64,
    pub team_id: i64,
    pub user_id: i64,
    pub role: MembershipRole,
    pub accepted: bool,
    pub disable_impersonation: bool,
    pub created_at: DateTime<Utc>,
}

impl Membership {
    /// Whether the member may change the team (an accepted admin or owner).
    pub fn manages(&self) -> bool {
        self.accepted && self.role.manages()
    }

    /// Whether this is an accepted owner: the members a team must keep at least one of.
    pub fn owns(&self) -> bool {
        self.accepted && self.role == MembershipRole::Owner
    }
}

/// A team's time zone when none is given (Cal.com's default).
pub const DEFAULT_TIME_ZONE: &str = "Europe/London";
/// A team's first day of the week when none is given (Cal.com's default).
pub const DEFAULT_WEEK_START: &str = "Sunday";

const MAX_NAME: usize = 200;
const MAX_SLUG: usize = 64;
const MAX_URL: usize = 2048;
const MAX_BIO: usize = 2000;
const MAX_TEXT: usize = 200;
/// Logos may be sent inline as `data:` URLs.
const MAX_LOGO: usize = 256 * 1024;

/// A validated new team.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTeam {
    pub slug: String,
    pub name: String,
    pub profile: TeamProfile,
}

/// A validated change to a team; `None` (and `None` fields of `profile`) leave a value as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamPatch {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub profile: TeamProfile,
}

impl TeamPatch {
    pub fn apply(&self, team: &mut Team) {
        if let Some(name) = &self.name {
            team.name = name.clone();
        }
        if let Some(slug) = &self.slug {
            team.slug = slug.clone();
        }
        team.profile.merge(&self.profile);
    }
}

impl TeamProfile {
    /// Takes every value `other` has.
    pub fn merge(&mut self, other: &TeamProfile) {
        macro_rules! take {
            ($($field:ident),*) => {
                $(if other.$field.is_some() {
                    self.$field = other.$field.clone();
                })*
            };
        }
        take!(
            logo_url,
            cal_video_logo,
            app_logo,
            app_icon_logo,
            bio,
            hide_branding,
            is_private,
            hide_book_a_team_member,
            metadata,
            theme,
            brand_color,
            dark_brand_color,
            banner_url,
            time_format,
            time_zone,
            week_start
        );
    }
}

/// The slug a team without one gets: `name` lowercased, every run of characters other than ASCII letters and digits
/// replaced by one `-`, leading and trailing `-` trimmed, at most 64 characters. Empty when `name` has no ASCII
/// letter or digit.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(MAX_SLUG);
    slug.trim_end_matches('-').to_owned()
}

/// A team slug: 1 to 64 lowercase ASCII letters, digits and `-`, not starting or ending with `-`.
pub fn slug(value: &str) -> std::result::Result<(), String> {
    let ok = (1..=MAX_SLUG).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a team slug: use 1 to {MAX_SLUG} lowercase letters, digits and `-`, not first or last",
            value.chars().take(80).collect::<String>()
        ))
    }
}

fn hex_color(value: &str) -> std::result::Result<(), String> {
    let digits = value.strip_prefix('#').unwrap_or("");
    if matches!(digits.len(), 3 | 6) && digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err("must be a hex color: `#rgb` or `#rrggbb`".into())
    }
}

fn bounded(value: &str, max: usize) -> std::result::Result<(), String> {
    let n = value.chars().count();
    if n > max { Err(format!("must be at most {max} characters, got {n}")) } else { Ok(()) }
}

fn image_url(value: &str) -> std::result::Result<(), String> {
    if value.len() > MAX_URL {
        return Err(format!("must be at most {MAX_URL} characters"));
    }
    validate::http_url(value).map(|_| ())
}

fn check_name(v: &mut Validator, name: &str) -> String {
    v.take("name", validate::text(name, MAX_NAME));
    name.trim().to_owned()
}

/// Checks every profile field that is present.
fn check_profile(v: &mut Validator, p: &TeamProfile) {
    let text =
        |v: &mut Validator, field: &str, value: &Option<String>, check: fn(&str) -> std::result::Result<(), String>| {
            if let Some(value) = value {
                v.take(field, check(value));
            }
        };
    text(v, "logoUrl", &p.logo_url, image_url);
    text(v, "calVideoLogo", &p.cal_video_logo, |s| bounded(s, MAX_LOGO));
    text(v, "appLogo", &p.app_logo, |s| bounded(s, MAX_LOGO));
    text(v, "appIconLogo", &p.app_icon_logo, |s| bounded(s, MAX_LOGO));
    text(v, "bio", &p.bio, |s| bounded(s, MAX_BIO));
    text(v, "theme", &p.theme, |s| bounded(s, MAX_TEXT));
    text(v, "brandColor", &p.brand_color, hex_color);
    text(v, "darkBrandColor", &p.dark_brand_color, hex_color);
    text(v, "bannerUrl", &p.banner_url, image_url);
    text(v, "timeZone", &p.time_zone, |s| validate::time_zone(s).map(|_| ()));
    if let Some(metadata) = &p.metadata {
        v.take("metadata", validate::metadata(metadata));
    }
    if let Some(tf) = p.time_format {
        v.check(tf == 12 || tf == 24, "timeFormat", format!("must be 12 or 24, got {tf}"));
    }
}

/// Validates a `POST /v2/teams` body; a team without `slug` gets [`slugify`]`(name)`, and the defaults
/// [`DEFAULT_TIME_ZONE`] and [`DEFAULT_WEEK_START`] are stored with it.
pub fn validate_create(input: CreateTeamInput) -> Result<NewTeam> {
    let mut v = Validator::new();
    let name = check_name(&mut v, &input.name);
    let slug = match input.slug {
        Some(given) => {
            v.take("slug", self::slug(&given));
            given
        }
        None => {
            let derived = slugify(&name);
            if derived.is_empty() && !name.is_empty() {
                v.add("slug", "cannot be derived from a name without ASCII letters or digits: send one");
            }
            derived
        }
    };
    let profile = TeamProfile {
        logo_url: input.logo_url,
        cal_video_logo: input.cal_video_logo,
        app_logo: input.app_logo,
        app_icon_logo: input.app_icon_logo,
        bio: input.bio,
        hide_branding: input.hide_branding,
        is_private: input.is_private,
        hide_book_a_team_member: input.hide_book_a_team_member,
        metadata: input.metadata,
        theme: input.theme,
        brand_color: input.brand_color,
        dark_brand_color: input.dark_brand_color,
        banner_url: input.banner_url,
        time_format: input.time_format,
        time_zone: Some(input.time_zone.unwrap_or_else(|| DEFAULT_TIME_ZONE.to_owned())),
        week_start: Some(input.week_start.map_or(DEFAULT_WEEK_START, |d| d.as_str()).to_owned()),
    };
    check_profile(&mut v, &profile);
    v.finish()?;
    Ok(NewTeam { slug, name, profile })
}

/// Validates a `PATCH /v2/teams/{teamId}` body.
pub fn validate_update(input: UpdateOrgTeamDto) -> Result<TeamPatch> {
    let mut v = Validator::new();
    let name = input.name.as_deref().map(|name| check_name(&mut v, name));
    if let Some(slug) = &input.slug {
        v.take("slug", self::slug(slug));
    }
    let profile = TeamProfile {
        logo_url: input.logo_url,
        cal_video_logo: input.cal_video_logo,
        app_logo: input.app_logo,
        app_icon_logo: input.app_icon_logo,
        bio: input.bio,
        hide_branding: input.hide_branding,
        is_private: input.is_private,
        hide_book_a_team_member: input.hide_book_a_team_member,
        metadata: input.metadata,
        theme: input.theme,
        brand_color: input.brand_color,
        dark_brand_color: input.dark_brand_color,
        banner_url: input.banner_url,
        time_format: input.time_format,
        time_zone: input.time_zone,
        week_start: input.week_start.map(|d| d.as_str().to_owned()),
    };
    check_profile(&mut v, &profile);
    v.finish()?;
    Ok(TeamPatch { name, slug: input.slug, profile })
}

/// A validated new membership.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMembership {
    pub user_id: i64,
    pub role: MembershipRole,
    pub accepted: bool,
    pub disable_impersonation: bool,
}

/// A change to a membership; `None` leaves a value as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MembershipPatch {
    pub role: Option<MembershipRole>,
    pub accepted: Option<bool>,
    pub disable_impersonation: Option<bool>,
}

impl MembershipPatch {
    pub fn apply(&self, membership: &mut Membership) {
        if let Some(role) = self.role {
            membership.role = role;
        }
        if let Some(accepted) = self.accepted {
            membership.accepted = accepted;
        }
        if let Some(flag) = self.disable_impersonation {
            membership.disable_impersonation = flag;
        }
    }
}

pub fn validate_new_membership(input: CreateTeamMembershipInput) -> Result<NewMembership> {
    let mut v = Validator::new();
    v.check(input.user_id > 0, "userId", format!("must be a positive user id, got {}", input.user_id));
    v.finish()?;
    Ok(NewMembership {
        user_id: input.user_id,
        role: input.role.unwrap_or(MembershipRole::Member),
        accepted: input.accepted.unwrap_or(false),
        disable_impersonation: input.disable_impersonation.unwrap_or(false),
    })
}

pub fn membership_patch(input: UpdateTeamMembershipInput) -> MembershipPatch {
    MembershipPatch { role: input.role, accepted: input.accepted, disable_impersonation: input.disable_impersonation }
}

fn not_member(team_id: i64) -> Error {
    Error::Forbidden(format!("You are not a member of team ({team_id})"))
}

/// The caller's membership if it is accepted: what reading the team needs.
pub fn require_member(actor: Option<&Membership>, team_id: i64) -> Result<&Membership> {
    let actor = actor.ok_or_else(|| not_member(team_id))?;
    if actor.accepted {
        Ok(actor)
    } else {
        Err(Error::Forbidden(format!(
            "You have not accepted your membership of team ({team_id}): accept it with `PATCH \
             /v2/teams/{team_id}/memberships/{}` and `{{\"accepted\": true}}`",
            actor.id
        )))
    }
}

/// The caller's membership if it is an accepted admin or owner: what changing the team needs.
pub fn require_manager(actor: Option<&Membership>, team_id: i64) -> Result<&Membership> {
    let actor = require_member(actor, team_id)?;
    if actor.manages() {
        Ok(actor)
    } else {
        Err(Error::Forbidden(format!("Only the admins and owners of team ({team_id}) may do this")))
    }
}

/// The caller's membership if it is an accepted owner.
pub fn require_owner(actor: Option<&Membership>, team_id: i64) -> Result<&Membership> {
    let actor = require_member(actor, team_id)?;
    if actor.owns() {
        Ok(actor)
    } else {
        Err(Error::Forbidden(format!("Only the owners of team ({team_id}) may do this")))
    }
}

fn owner_only(what: &str) -> Error {
    Error::Forbidden(format!("Only an owner may {what}"))
}

/// Whether the caller may see `target`: accepted members see every membership, anyone sees their own.
pub fn check_read_membership(actor: Option<&Membership>, target: &Membership) -> Result<()> {
    match actor {
        Some(actor) if actor.id == target.id => Ok(()),
        _ => require_member(actor, target.team_id).map(|_| ()),
    }
}

/// Whether the caller may add `new` to team `team_id`.
pub fn check_add(actor: Option<&Membership>, team_id: i64, new: &NewMembership) -> Result<()> {
    let actor = require_manager(actor, team_id)?;
    if new.role == MembershipRole::Owner && !actor.owns() {
        return Err(owner_only("add an OWNER"));
    }
    Ok(())
}

/// Whether the caller may apply `patch` to `target`. A caller who does not manage the team may only accept their
/// own membership.
pub fn check_update(actor: Option<&Membership>, target: &Membership, patch: &MembershipPatch) -> Result<()> {
    let actor = actor.ok_or_else(|| not_member(target.team_id))?;
    if actor.id == target.id && !actor.manages() {
        let accepting_only =
            patch.role.is_none() && patch.disable_impersonation.is_none() && patch.accepted != Some(false);
        return if accepting_only {
            Ok(())
        } else {
            Err(Error::Forbidden(
                "You may only accept your own membership (`accepted: true`); to leave the team, delete it".into(),
            ))
        };
    }
    require_manager(Some(actor), target.team_id)?;
    if target.role == MembershipRole::Owner && !actor.owns() {
        return Err(owner_only("change an owner's membership"));
    }
    if patch.role == Some(MembershipRole::Owner) && !actor.owns() {
        return Err(owner_only("grant the OWNER role"));
    }
    Ok(())
}

/// Whether the caller may remove `target`: their own (leaving the team), or another's if they manage the team
/// (an owner's only if they are an owner).
pub fn check_remove(actor: Option<&Membership>, target: &Membership) -> Result<()> {
    let actor = actor.ok_or_else(|| not_member(target.team_id))?;
    if actor.id == target.id {
        return Ok(());
    }
    require_manager(Some(actor), target.team_id)?;
    if target.role == MembershipRole::Owner && !actor.owns() {
        return Err(owner_only("remove an owner"));
    }
    Ok(())
}

/// Refuses a change that would leave the team without an accepted owner: `before` is the membership as it is,
/// `after` as it would be (`None`: removed), `other_owners` the team's other accepted owners.
pub fn keeps_an_owner(before: &Membership, after: Option<&Membership>, other_owners: i64) -> Result<()> {
    if before.owns() && !after.is_some_and(Membership::owns) && other_owners == 0 {
        let what = if after.is_none() { "leave it or be removed" } else { "stop being an owner" };
        return Err(Error::BadRequest(format!(
            "User ({}) is the last owner of team ({}) and cannot {what}: make another member an owner first, or \
             delete the team",
            before.user_id, before.team_id
        )));
    }
    Ok(())
}

/// The wire form of a team.
pub fn to_output(team: &Team) -> TeamOutputDto {
    let p = &team.profile;
    TeamOutputDto {
        id: team.id,
        parent_id: None,
        name: team.name.clone(),
        slug: team.slug.clone(),
        logo_url: p.logo_url.clone(),
        cal_video_logo: p.cal_video_logo.clone(),
        app_logo: p.app_logo.clone(),
        app_icon_logo: p.app_icon_logo.clone(),
        bio: p.bio.clone(),
        hide_branding: p.hide_branding.unwrap_or(false),
        is_organization: false,
        is_private: p.is_private.unwrap_or(false),
        hide_book_a_team_member: p.hide_book_a_team_member.unwrap_or(false),
        metadata: p.metadata.clone(),
        theme: p.theme.clone(),
        brand_color: p.brand_color.clone(),
        dark_brand_color: p.dark_brand_color.clone(),
        banner_url: p.banner_url.clone(),
        time_format: p.time_format,
        time_zone: p.time_zone.clone().unwrap_or_else(|| DEFAULT_TIME_ZONE.to_owned()),
        week_start: p.week_start.clone().unwrap_or_else(|| DEFAULT_WEEK_START.to_owned()),
    }
}

/// The wire form of a membership and its user.
pub fn membership_output(membership: &Membership, user: &User) -> TeamMembershipOutput {
    TeamMembershipOutput {
        id: membership.id,
        user_id: membership.user_id,
        team_id: membership.team_id,
        accepted: membership.accepted,
        role: membership.role,
        disable_impersonation: membership.disable_impersonation,
        user: MembershipUserOutputDto {
            avatar_url: user.avatar_url.clone(),
            username: user.username.clone(),
            name: user.name.clone(),
            email: user.email.clone(),
            bio: user.bio.clone(),
            metadata: user.metadata.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_derived_from_names() {
        assert_eq!(slugify("Sales & Support"), "sales-support");
        assert_eq!(slugify("  --Team  42!-- "), "team-42");
        assert_eq!(slugify("Équipe Zürich"), "quipe-z-rich");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify(&"a".repeat(100)).len(), 64);
        assert!(slug(&slugify(&format!("{}-b", "a".repeat(63)))).is_ok(), "no trailing `-` after truncation");
    }

    #[test]
    fn slug_rules() {
        assert!(slug("team-42").is_ok());
        for bad in ["", "-a", "a-", "A", "a b", "a_b", &"a".repeat(65)] {
            assert!(slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn create_names_every_bad_field_and_fills_defaults() {
        let input = CreateTeamInput {
            name: " ".into(),
            slug: Some("Bad Slug".into()),
            brand_color: Some("red".into()),
            time_zone: Some("Mars/Base".into()),
            time_format: Some(13),
            logo_url: Some("ftp://x".into()),
            ..Default::default()
        };
        let Err(Error::Invalid(errors)) = validate_create(input) else { panic!("expected invalid") };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "slug", "logoUrl", "brandColor", "timeZone", "timeFormat"]);

        let team = validate_create(CreateTeamInput { name: " My Team ".into(), ..Default::default() }).unwrap();
        assert_eq!((team.name.as_str(), team.slug.as_str()), ("My Team", "my-team"));
        assert_eq!(team.profile.time_zone.as_deref(), Some(DEFAULT_TIME_ZONE));
        assert_eq!(team.profile.week_start.as_deref(), Some(DEFAULT_WEEK_START));
    }

    fn member(id: i64, role: MembershipRole, accepted: bool) -> Membership {
        Membership {
            id,
            team_id: 1,
            user_id: id * 10,
            role,
            accepted,
            disable_impersonation: false,
            created_at: DateTime::default(),
        }
    }

    #[test]
    fn members_only_accept_their_own_membership() {
        use MembershipRole::*;
        let pending = member(1, Admin, false);
        let accept = MembershipPatch { accepted: Some(true), ..Default::default() };
        let promote = MembershipPatch { role: Some(Owner), ..Default::default() };
        assert!(check_update(Some(&pending), &pending, &accept).is_ok());
        assert!(check_update(Some(&pending), &pending, &promote).is_err());
        let other = member(2, Member, true);
        assert!(check_update(Some(&pending), &other, &accept).is_err());
        let admin = member(3, Admin, true);
        let owner = member(4, Owner, true);
        assert!(check_update(Some(&admin), &other, &accept).is_ok());
        assert!(check_update(Some(&admin), &other, &promote).is_err());
        assert!(check_update(Some(&admin), &owner, &accept).is_err());
        assert!(check_update(Some(&owner), &other, &promote).is_ok());
        assert!(check_remove(Some(&other), &other).is_ok());
        assert!(check_remove(Some(&admin), &owner).is_err());
        assert!(check_remove(None, &other).is_err());
    }

    #[test]
    fn the_last_owner_stays() {
        use MembershipRole::*;
        let owner = member(1, Owner, true);
        let demoted = member(1, Admin, true);
        assert!(keeps_an_owner(&owner, Some(&demoted), 0).is_err());
        assert!(keeps_an_owner(&owner, None, 0).is_err());
        assert!(keeps_an_owner(&owner, None, 1).is_ok());
        assert!(keeps_an_owner(&owner, Some(&owner), 0).is_ok());
        assert!(keeps_an_owner(&member(2, Owner, false), None, 0).is_ok(), "a pending owner is no owner yet");
    }
}
