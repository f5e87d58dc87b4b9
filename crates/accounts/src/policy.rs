//! The one authorization policy. Every route, page and domain service asks
//! [`authorize`] before acting; nothing else decides who may do what.
//!
//! Rules of thumb: shoppers manage their own account; a cooperative's members
//! act inside their cooperative according to their role; the Cooperative
//! Union's staff moderate and watch the whole market (read-only inside
//! cooperatives); admins also appoint staff. Asking about another
//! cooperative's private things answers *not found*, so a probe learns
//! nothing, not even that they exist.

use kernel::{CooperativeId, Locale, UserId};
use serde::Serialize;
use uuid::Uuid;

/// A platform-wide role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlatformRole {
    /// Anyone who buys.
    Shopper,
    /// Staff of the city's Cooperative Union.
    Staff,
    /// Runs the platform.
    Admin,
}

/// A role inside one cooperative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// Day-to-day work: listings and orders.
    Staff,
    /// Also the profile, the team's staff, certifications and tokens.
    Manager,
    /// Also managers; the applicant becomes the owner.
    Owner,
}

impl MemberRole {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Manager => "manager",
            Self::Staff => "staff",
        }
    }

    /// Reads a stored or submitted name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "owner" => Some(Self::Owner),
            "manager" => Some(Self::Manager),
            "staff" => Some(Self::Staff),
            _ => None,
        }
    }
}

/// A cooperative a person belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The cooperative.
    pub cooperative_id: CooperativeId,
    /// The person's role in it.
    pub role: MemberRole,
}

/// Someone signed in (by session or API token), acting in one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Who.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Their e-mail address.
    pub email: String,
    /// Their language.
    pub locale: Locale,
    /// Whether they confirmed their address.
    pub email_verified: bool,
    /// Their platform role.
    pub role: PlatformRole,
    /// The cooperatives they belong to.
    pub memberships: Vec<Membership>,
    /// Set when they act through an API token: only inside this cooperative.
    pub token_scope: Option<CooperativeId>,
    /// The session they act in, when signed in by cookie.
    pub session_id: Option<Uuid>,
    /// The HTTP request, for the audit log.
    pub request_id: Option<String>,
}

impl Actor {
    /// Their role in `cooperative`, if they belong to it (and their token,
    /// if any, is scoped to it).
    pub fn role_in(&self, cooperative: CooperativeId) -> Option<MemberRole> {
        if self.token_scope.is_some_and(|scope| scope != cooperative) {
            return None;
        }
        self.memberships
            .iter()
            .find(|m| m.cooperative_id == cooperative)
            .map(|m| m.role)
    }

    /// Whether they are Cooperative Union staff (admins are too).
    pub fn is_staff(&self) -> bool {
        matches!(self.role, PlatformRole::Staff | PlatformRole::Admin) && self.token_scope.is_none()
    }
}

/// Who is asking: a signed-in actor, or nobody.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    /// The actor, when signed in.
    pub actor: Option<Actor>,
    /// The session's CSRF token, when signed in by cookie.
    pub csrf_token: Option<String>,
}

/// Something someone wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// See and change their own account (profile, sessions, tokens).
    ManageOwnAccount,
    /// Apply to sell (needs a confirmed e-mail address).
    ApplyAsSeller,
    /// Follow and change one's own application (before approval the
    /// applicant is not a member yet).
    EditApplication {
        /// Who applied.
        applicant: UserId,
    },
    /// See a cooperative's dashboard, drafts and application.
    ViewCooperative(CooperativeId),
    /// Change a cooperative's profile and application.
    EditCooperative(CooperativeId),
    /// Invite and remove a cooperative's members.
    ManageTeam(CooperativeId),
    /// Create and change a cooperative's listings.
    ManageListings(CooperativeId),
    /// Work on a cooperative's orders.
    ManageOrders(CooperativeId),
    /// See what the market owes a cooperative.
    ViewLedger(CooperativeId),
    /// Make API tokens for a cooperative.
    ManageApiTokens(CooperativeId),
    /// Review applications, listings and certifications; suspend sellers.
    Moderate,
    /// Read the audit log.
    ViewAuditLog,
    /// See and retry the outbox.
    ManageOutbox,
    /// Appoint union staff.
    ManageStaff,
}

/// Why the answer is no.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// Nobody is signed in (401).
    #[error("sign in first")]
    NotSignedIn,
    /// The address is not confirmed yet (403).
    #[error("confirm your e-mail address first")]
    EmailNotVerified,
    /// Not allowed (403).
    #[error("you may not do this")]
    Forbidden,
    /// Not theirs to know about (404).
    #[error("not found")]
    NotFound,
}

/// May `actor` do `action`?
pub fn authorize(actor: Option<&Actor>, action: Action) -> Result<(), Denied> {
    let actor = actor.ok_or(Denied::NotSignedIn)?;
    let inside = |coop: CooperativeId, least: MemberRole| match actor.role_in(coop) {
        Some(role) if role >= least => Ok(()),
        // a member with too small a role knows the cooperative exists
        Some(_) => Err(Denied::Forbidden),
        None => Err(Denied::NotFound),
    };
    let staff_reads = |coop: CooperativeId, least: MemberRole| {
        if actor.is_staff() {
            Ok(())
        } else {
            inside(coop, least)
        }
    };
    let account = || {
        if actor.token_scope.is_some() {
            Err(Denied::Forbidden)
        } else {
            Ok(())
        }
    };
    let staff = || {
        if actor.is_staff() {
            Ok(())
        } else {
            Err(Denied::Forbidden)
        }
    };
    match action {
        Action::ManageOwnAccount => account(),
        Action::ApplyAsSeller => {
            account()?;
            if actor.email_verified {
                Ok(())
            } else {
                Err(Denied::EmailNotVerified)
            }
        }
        Action::EditApplication { applicant } => {
            account()?;
            if actor.user_id == applicant {
                Ok(())
            } else {
                Err(Denied::NotFound)
            }
        }
        Action::ViewCooperative(coop) => staff_reads(coop, MemberRole::Staff),
        Action::EditCooperative(coop) => inside(coop, MemberRole::Manager),
        Action::ManageTeam(coop) => inside(coop, MemberRole::Manager),
        Action::ManageListings(coop) => inside(coop, MemberRole::Staff),
        Action::ManageOrders(coop) => inside(coop, MemberRole::Staff),
        Action::ViewLedger(coop) => staff_reads(coop, MemberRole::Manager),
        Action::ManageApiTokens(coop) => {
            account()?;
            inside(coop, MemberRole::Manager)
        }
        Action::Moderate | Action::ViewAuditLog | Action::ManageOutbox => staff(),
        Action::ManageStaff => {
            if actor.role == PlatformRole::Admin && actor.token_scope.is_none() {
                Ok(())
            } else {
                Err(Denied::Forbidden)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: PlatformRole, memberships: &[(CooperativeId, MemberRole)]) -> Actor {
        Actor {
            user_id: UserId::new(),
            name: "Lan".into(),
            email: "lan@example.vn".into(),
            locale: Locale::Vi,
            email_verified: true,
            role,
            memberships: memberships
                .iter()
                .map(|(c, r)| Membership {
                    cooperative_id: *c,
                    role: *r,
                })
                .collect(),
            token_scope: None,
            session_id: None,
            request_id: None,
        }
    }

    /// Every action against every kind of person: the whole policy as a table.
    #[test]
    fn the_policy_table() {
        use Denied::*;
        use MemberRole::{Manager, Owner};
        use PlatformRole::{Admin, Shopper};
        let a = CooperativeId::new();
        let b = CooperativeId::new();
        let people: Vec<(&str, Option<Actor>)> = vec![
            ("anonymous", None),
            ("shopper", Some(actor(Shopper, &[]))),
            ("owner of A", Some(actor(Shopper, &[(a, Owner)]))),
            ("manager of A", Some(actor(Shopper, &[(a, Manager)]))),
            (
                "staff of A",
                Some(actor(Shopper, &[(a, MemberRole::Staff)])),
            ),
            ("owner of B", Some(actor(Shopper, &[(b, Owner)]))),
            ("union staff", Some(actor(PlatformRole::Staff, &[]))),
            ("admin", Some(actor(Admin, &[]))),
            ("token of owner of A", {
                let mut t = actor(Shopper, &[(a, Owner), (b, Owner)]);
                t.token_scope = Some(a);
                Some(t)
            }),
        ];
        let ok = Ok(());
        type Row = (Action, [Result<(), Denied>; 9]);
        #[rustfmt::skip]
        let table: Vec<Row> = vec![
            //                               anon               shopper          ownerA  managerA   staffA           ownerB          union           admin           tokenA
            (Action::ManageOwnAccount,      [Err(NotSignedIn), ok,              ok,     ok,        ok,              ok,             ok,             ok,             Err(Forbidden)]),
            (Action::ApplyAsSeller,         [Err(NotSignedIn), ok,              ok,     ok,        ok,              ok,             ok,             ok,             Err(Forbidden)]),
            (Action::ViewCooperative(a),    [Err(NotSignedIn), Err(NotFound),   ok,     ok,        ok,              Err(NotFound),  ok,             ok,             ok]),
            (Action::EditCooperative(a),    [Err(NotSignedIn), Err(NotFound),   ok,     ok,        Err(Forbidden),  Err(NotFound),  Err(NotFound),  Err(NotFound),  ok]),
            (Action::ManageTeam(a),         [Err(NotSignedIn), Err(NotFound),   ok,     ok,        Err(Forbidden),  Err(NotFound),  Err(NotFound),  Err(NotFound),  ok]),
            (Action::ManageListings(a),     [Err(NotSignedIn), Err(NotFound),   ok,     ok,        ok,              Err(NotFound),  Err(NotFound),  Err(NotFound),  ok]),
            (Action::ManageOrders(a),       [Err(NotSignedIn), Err(NotFound),   ok,     ok,        ok,              Err(NotFound),  Err(NotFound),  Err(NotFound),  ok]),
            (Action::ViewLedger(a),         [Err(NotSignedIn), Err(NotFound),   ok,     ok,        Err(Forbidden),  Err(NotFound),  ok,             ok,             ok]),
            (Action::ManageApiTokens(a),    [Err(NotSignedIn), Err(NotFound),   ok,     ok,        Err(Forbidden),  Err(NotFound),  Err(NotFound),  Err(NotFound),  Err(Forbidden)]),
            (Action::ViewCooperative(b),    [Err(NotSignedIn), Err(NotFound),   Err(NotFound), Err(NotFound), Err(NotFound), ok,      ok,             ok,             Err(NotFound)]),
            (Action::Moderate,              [Err(NotSignedIn), Err(Forbidden),  Err(Forbidden), Err(Forbidden), Err(Forbidden), Err(Forbidden), ok, ok,           Err(Forbidden)]),
            (Action::ViewAuditLog,          [Err(NotSignedIn), Err(Forbidden),  Err(Forbidden), Err(Forbidden), Err(Forbidden), Err(Forbidden), ok, ok,           Err(Forbidden)]),
            (Action::ManageOutbox,          [Err(NotSignedIn), Err(Forbidden),  Err(Forbidden), Err(Forbidden), Err(Forbidden), Err(Forbidden), ok, ok,           Err(Forbidden)]),
            (Action::ManageStaff,           [Err(NotSignedIn), Err(Forbidden),  Err(Forbidden), Err(Forbidden), Err(Forbidden), Err(Forbidden), Err(Forbidden), ok, Err(Forbidden)]),
        ];
        for (action, expected) in table {
            for ((who, person), want) in people.iter().zip(expected) {
                assert_eq!(
                    authorize(person.as_ref(), action),
                    want,
                    "{who} → {action:?}"
                );
            }
        }
    }

    #[test]
    fn only_the_applicant_follows_an_application() {
        let lan = actor(PlatformRole::Shopper, &[]);
        let minh = actor(PlatformRole::Shopper, &[]);
        let staff = actor(PlatformRole::Staff, &[]);
        let own = Action::EditApplication {
            applicant: lan.user_id,
        };
        assert_eq!(authorize(Some(&lan), own), Ok(()));
        assert_eq!(authorize(Some(&minh), own), Err(Denied::NotFound));
        assert_eq!(authorize(Some(&staff), own), Err(Denied::NotFound));
        assert_eq!(authorize(None, own), Err(Denied::NotSignedIn));
    }

    #[test]
    fn an_unconfirmed_address_cannot_apply_to_sell() {
        let mut lan = actor(PlatformRole::Shopper, &[]);
        lan.email_verified = false;
        assert_eq!(
            authorize(Some(&lan), Action::ApplyAsSeller),
            Err(Denied::EmailNotVerified)
        );
        assert_eq!(authorize(Some(&lan), Action::ManageOwnAccount), Ok(()));
    }
}
