//! Teams and their memberships (tags `Teams`, `Teams / Memberships`).

wire_enum! {
    /// A member's role in a team: admins and owners change the team, members read it.
    pub enum MembershipRole {
        Member = "MEMBER",
        Admin = "ADMIN",
        Owner = "OWNER",
    }
}

impl MembershipRole {
    /// Whether the role may change the team, its memberships and its event types.
    pub fn manages(self) -> bool {
        matches!(self, MembershipRole::Admin | MembershipRole::Owner)
    }
}
