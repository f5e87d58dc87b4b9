//! Who may see and do what with a lot.

use accounts::{Action, Actor, Denied, authorize};
use entity::lots;
use kernel::CooperativeId;
use sea_orm::EntityTrait;
use uuid::Uuid;

use crate::{Error, Result, Traceability};

/// `Denied::NotFound` becomes "no such lot".
pub(crate) fn hide(denied: Denied) -> Error {
    match denied {
        Denied::NotFound => Error::LotNotFound,
        other => Error::Denied(other),
    }
}

impl Traceability {
    /// The lot `id`, if `actor` may read it: its cooperative's members
    /// and union staff.
    pub(crate) async fn readable(&self, actor: &Actor, id: Uuid) -> Result<lots::Model> {
        let row = lots::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::LotNotFound)?;
        authorize(
            Some(actor),
            Action::ViewCooperative(CooperativeId(row.cooperative_id)),
        )
        .map_err(hide)?;
        Ok(row)
    }

    /// The lot `id`, if `actor` may change it: its cooperative's members.
    pub(crate) async fn writable(&self, actor: &Actor, id: Uuid) -> Result<lots::Model> {
        let row = lots::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::LotNotFound)?;
        authorize(
            Some(actor),
            Action::ManageListings(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            // union staff read every lot but write in none
            Denied::NotFound if actor.is_staff() => Error::Denied(Denied::Forbidden),
            other => hide(other),
        })?;
        Ok(row)
    }
}
