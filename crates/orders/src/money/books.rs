//! A cooperative's ledger page: its balance (sales − commission − refunds
//! − payouts) and its lines, newest first, each with its order's number.

use std::collections::HashMap;

use ::payments::ledger;
use accounts::{Action, Actor, authorize};
use entity::{cooperatives, orders};
use kernel::CooperativeId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::payouts::{PayoutAccount, payout_account_of};
use crate::{Error, Orders, Result};

/// A cooperative's ledger page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LedgerView {
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// Its name.
    pub cooperative_name: String,
    /// Its sums.
    pub balance: ledger::Balance,
    /// A page of lines, newest first.
    pub lines: Vec<LedgerLineView>,
    /// Page number.
    pub page: u64,
    /// Lines in all.
    pub total: u64,
    /// Where payouts go.
    pub payout_account: Option<PayoutAccount>,
}

/// A ledger line with its order's number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LedgerLineView {
    /// The line.
    #[serde(flatten)]
    pub line: ledger::StatementLine,
    /// The order's number, for sales and refunds.
    pub order_number: Option<String>,
}

impl Orders {
    /// A cooperative's ledger: its sums and a page of lines.
    pub async fn cooperative_ledger(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        page: u64,
    ) -> Result<LedgerView> {
        authorize(Some(actor), Action::ViewLedger(cooperative)).map_err(|d| match d {
            accounts::Denied::NotFound => Error::CooperativeNotFound,
            other => Error::Denied(other),
        })?;
        let coop = cooperatives::Entity::find_by_id(cooperative.0)
            .one(&self.db)
            .await?
            .ok_or(Error::CooperativeNotFound)?;
        let page = Ord::max(page, 1);
        let balance = ledger::balance(&self.db, coop.id).await?;
        let (lines, total) = ledger::statement(&self.db, coop.id, page, 50).await?;
        let order_ids: Vec<Uuid> = lines.iter().filter_map(|l| l.order_id).collect();
        let numbers: HashMap<Uuid, String> = orders::Entity::find()
            .filter(orders::Column::Id.is_in(order_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.number))
            .collect();
        Ok(LedgerView {
            cooperative_id: coop.id,
            cooperative_name: coop.name.clone(),
            balance,
            lines: lines
                .into_iter()
                .map(|line| LedgerLineView {
                    order_number: line.order_id.and_then(|o| numbers.get(&o).cloned()),
                    line,
                })
                .collect(),
            page,
            total,
            payout_account: payout_account_of(&coop),
        })
    }
}
