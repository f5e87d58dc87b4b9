//! What the market owes each cooperative, and paying it: the payouts page
//! (who is owed what, the latest batches, the ledger's trial balance),
//! payouts recorded in batches — each at most what the cooperative is
//! owed, checked in the transaction that books it, which also claims the
//! request's `Idempotency-Key` and stores its answer — the batch as the CSV
//! a bank's bulk-transfer upload takes, and where each cooperative's
//! payouts go.

use std::collections::HashMap;

use ::payments::ledger::{self, Booking};
use accounts::{Action, Actor, authorize};
use chrono::{DateTime, Utc};
use entity::{cooperatives, payout_batches, payouts};
use kernel::{CooperativeId, FieldErrors, Money, problem};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::clean;
use crate::idempotency::{self, Claim, Keyed};
use crate::{Error, Orders, Result};

/// A payout to record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PayoutLine {
    /// The cooperative paid.
    pub cooperative_id: Uuid,
    /// How much, in đồng (at most what it is owed).
    #[serde(deserialize_with = "kernel::whole::deserialize")]
    pub amount_vnd: i64,
}

/// Payouts to record as one bank-transfer batch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PayoutInput {
    /// The payouts; with `all_owed`, leave empty.
    pub payouts: Vec<PayoutLine>,
    /// Pay every cooperative everything it is owed.
    pub all_owed: bool,
    /// A note for the batch.
    pub note: Option<String>,
}

/// A payout recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PayoutView {
    /// Id.
    pub id: Uuid,
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// Its name.
    pub cooperative_name: String,
    /// How much.
    pub amount: Money,
    /// Receiving bank's BIN, if the cooperative gave one.
    pub bank_bin: Option<String>,
    /// Receiving account.
    pub account: Option<String>,
    /// Account holder.
    pub account_name: Option<String>,
    /// The transfer's memo.
    pub memo: String,
}

/// A batch of payouts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PayoutBatchView {
    /// Id.
    pub id: Uuid,
    /// The note.
    pub note: Option<String>,
    /// Sum.
    pub total: Money,
    /// Its payouts.
    pub payouts: Vec<PayoutView>,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

/// What the market owes one cooperative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OwedView {
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// Its name.
    pub cooperative_name: String,
    /// Owed now (negative: the cooperative owes the market, after refunds).
    pub balance: Money,
    /// Whether it has given a bank account for payouts.
    pub has_payout_account: bool,
}

/// The payouts page: who is owed what, recent batches, and the ledger's
/// trial balance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PayoutsOverview {
    /// Cooperatives owed money (or owing it), largest first.
    pub owed: Vec<OwedView>,
    /// The latest batches, newest first.
    pub batches: Vec<PayoutBatchView>,
    /// Sums of the ledger's accounts.
    pub trial_balance: ledger::TrialBalance,
}

/// Where a cooperative's payouts go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PayoutAccount {
    /// The bank's 6-digit BIN (e.g. 970436 for Vietcombank).
    pub bank_bin: String,
    /// The account number.
    pub account: String,
    /// The account holder, as the bank writes it.
    pub account_name: String,
}

impl Orders {
    /// Sets where a cooperative's payouts go (its managers).
    pub async fn set_payout_account(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        input: &PayoutAccount,
    ) -> Result<PayoutAccount> {
        authorize(Some(actor), Action::ViewLedger(cooperative)).map_err(|d| match d {
            accounts::Denied::NotFound => Error::CooperativeNotFound,
            other => Error::Denied(other),
        })?;
        if authorize(Some(actor), Action::EditCooperative(cooperative)).is_err() {
            return Err(Error::Denied(accounts::Denied::Forbidden));
        }
        let bin = input.bank_bin.trim().to_owned();
        let account: String = input
            .account
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let name = clean(&input.account_name).to_uppercase();
        let mut errors = FieldErrors::new();
        if bin.len() != 6 || !bin.chars().all(|c| c.is_ascii_digit()) {
            errors.add("bank_bin", problem::bank_bin_invalid());
        }
        if account.is_empty()
            || account.len() > 19
            || !account.chars().all(|c| c.is_ascii_alphanumeric())
        {
            errors.add("account", problem::account_number_invalid());
        }
        if name.is_empty() || name.chars().count() > 120 {
            errors.add("account_name", problem::account_name_invalid());
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let changed = cooperatives::Entity::update_many()
            .col_expr(
                cooperatives::Column::PayoutBankBin,
                Expr::value(Some(bin.clone())),
            )
            .col_expr(
                cooperatives::Column::PayoutAccount,
                Expr::value(Some(account.clone())),
            )
            .col_expr(
                cooperatives::Column::PayoutAccountName,
                Expr::value(Some(name.clone())),
            )
            .col_expr(cooperatives::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(cooperatives::Column::Id.eq(cooperative.0))
            .exec(&self.db)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::CooperativeNotFound);
        }
        Ok(PayoutAccount {
            bank_bin: bin,
            account,
            account_name: name,
        })
    }

    /// Who is owed what, the latest batches and the trial balance (staff).
    pub async fn payouts_overview(&self, actor: &Actor) -> Result<PayoutsOverview> {
        authorize(Some(actor), Action::Moderate)?;
        let balances = ledger::balances(&self.db).await?;
        let coops: HashMap<Uuid, cooperatives::Model> = cooperatives::Entity::find()
            .filter(cooperatives::Column::Id.is_in(balances.keys().copied().collect::<Vec<_>>()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut owed: Vec<OwedView> = balances
            .iter()
            .map(|(id, b)| OwedView {
                cooperative_id: *id,
                cooperative_name: coops.get(id).map(|c| c.name.clone()).unwrap_or_default(),
                balance: Money::vnd(*b),
                has_payout_account: coops
                    .get(id)
                    .is_some_and(|c| payout_account_of(c).is_some()),
            })
            .collect();
        owed.sort_by(|a, b| {
            b.balance
                .amount
                .cmp(&a.balance.amount)
                .then(a.cooperative_name.cmp(&b.cooperative_name))
        });
        let batch_rows = payout_batches::Entity::find()
            .order_by_desc(payout_batches::Column::CreatedAt)
            .limit(20)
            .all(&self.db)
            .await?;
        let mut batches = Vec::new();
        for b in batch_rows {
            batches.push(batch_view(&self.db, b).await?);
        }
        Ok(PayoutsOverview {
            owed,
            batches,
            trial_balance: ledger::trial_balance(&self.db).await?,
        })
    }

    /// A batch of payouts (staff).
    pub async fn payout_batch(&self, actor: &Actor, batch: Uuid) -> Result<PayoutBatchView> {
        authorize(Some(actor), Action::Moderate)?;
        let b = payout_batches::Entity::find_by_id(batch)
            .one(&self.db)
            .await?
            .ok_or(Error::PayoutBatchNotFound)?;
        batch_view(&self.db, b).await
    }

    /// A batch as the CSV a bank's bulk-transfer upload takes.
    pub async fn payout_batch_csv(&self, actor: &Actor, batch: Uuid) -> Result<String> {
        let view = self.payout_batch(actor, batch).await?;
        let mut out = csv::Writer::from_writer(Vec::new());
        let write = |out: &mut csv::Writer<Vec<u8>>, rec: &[&str]| {
            out.write_record(rec)
                .map_err(|e| Error::Corrupt(e.to_string()))
        };
        write(
            &mut out,
            &[
                "bank_bin",
                "account",
                "account_name",
                "amount_vnd",
                "memo",
                "cooperative",
            ],
        )?;
        for p in &view.payouts {
            write(
                &mut out,
                &[
                    p.bank_bin.as_deref().unwrap_or(""),
                    p.account.as_deref().unwrap_or(""),
                    p.account_name.as_deref().unwrap_or(""),
                    &p.amount.amount.to_string(),
                    &p.memo,
                    &p.cooperative_name,
                ],
            )?;
        }
        let bytes = out
            .into_inner()
            .map_err(|e| Error::Corrupt(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| Error::Corrupt(e.to_string()))
    }

    /// Records payouts as one batch (staff): each at most what the
    /// cooperative is owed, checked in the same transaction that books it.
    /// With an `Idempotency-Key`, a retry answers the first batch again.
    pub async fn record_payouts(
        &self,
        actor: &Actor,
        input: &PayoutInput,
        key: Option<&str>,
    ) -> Result<PayoutBatchView> {
        authorize(Some(actor), Action::Moderate)?;
        let keyed = Keyed::maybe(
            format!("payouts:{}", actor.user_id.uuid().simple()),
            key,
            input,
        )?;
        let note = input.note.as_deref().map(clean).filter(|n| !n.is_empty());
        let txn = entity::db::begin_write(&self.db).await?;
        let claim = match &keyed {
            Some(keyed) => match idempotency::claim(&txn, keyed).await? {
                Claim::Replay(answer) => return idempotency::replayed(answer),
                Claim::Fresh(id) | Claim::Resume { id, .. } => Some(id),
            },
            None => None,
        };
        let mut lines = input.payouts.clone();
        if input.all_owed {
            if !lines.is_empty() {
                return Err(Error::Invalid(FieldErrors::single(
                    "payouts",
                    problem::payouts_with_all_owed(),
                )));
            }
            let mut owed: Vec<(Uuid, i64)> = ledger::balances(&txn)
                .await?
                .into_iter()
                .filter(|(_, b)| *b > 0)
                .collect();
            owed.sort();
            lines = owed
                .into_iter()
                .map(|(cooperative_id, amount_vnd)| PayoutLine {
                    cooperative_id,
                    amount_vnd,
                })
                .collect();
        }
        if lines.is_empty() {
            return Err(Error::Invalid(FieldErrors::single(
                "payouts",
                problem::nothing_owed(),
            )));
        }
        let mut ids: Vec<Uuid> = lines.iter().map(|l| l.cooperative_id).collect();
        ids.sort();
        ids.dedup();
        if ids.len() != lines.len() {
            return Err(Error::Invalid(FieldErrors::single(
                "payouts",
                problem::one_line_per_cooperative(),
            )));
        }
        // two batches at once: the second waits for the first's bookings
        let mut coop_query =
            cooperatives::Entity::find().filter(cooperatives::Column::Id.is_in(ids));
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            coop_query = coop_query.lock_exclusive();
        }
        let coops: HashMap<Uuid, cooperatives::Model> = coop_query
            .all(&txn)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut errors = FieldErrors::new();
        for (i, line) in lines.iter().enumerate() {
            let field = format!("payouts[{i}].amount_vnd");
            if !coops.contains_key(&line.cooperative_id) {
                errors.add(
                    format!("payouts[{i}].cooperative_id"),
                    problem::cooperative_not_found(),
                );
                continue;
            }
            let owed = ledger::balance(&txn, line.cooperative_id)
                .await?
                .balance_vnd;
            if line.amount_vnd < 1 {
                errors.add(field, problem::at_least_one_dong());
            } else if line.amount_vnd > owed {
                errors.add(field, problem::payout_too_large(Ord::max(owed, 0)));
            }
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let now = Utc::now();
        let batch_id = Uuid::now_v7();
        let total: i64 = lines.iter().map(|l| l.amount_vnd).sum();
        payout_batches::Entity::insert(payout_batches::ActiveModel {
            id: Set(batch_id),
            note: Set(note),
            total_vnd: Set(total),
            payouts_count: Set(i32::try_from(lines.len()).unwrap_or(i32::MAX)),
            created_by: Set(actor.user_id.uuid()),
            created_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let short = batch_id.simple().to_string();
        let memo = format!(
            "HOPTAC PAYOUT {}",
            short
                .get(short.len() - 8..)
                .unwrap_or(&short)
                .to_uppercase()
        );
        for line in &lines {
            let coop = coops
                .get(&line.cooperative_id)
                .ok_or(Error::CooperativeNotFound)?;
            let payout_id = Uuid::now_v7();
            payouts::Entity::insert(payouts::ActiveModel {
                id: Set(payout_id),
                batch_id: Set(batch_id),
                cooperative_id: Set(coop.id),
                amount_vnd: Set(line.amount_vnd),
                bank_bin: Set(coop.payout_bank_bin.clone()),
                account: Set(coop.payout_account.clone()),
                account_name: Set(coop.payout_account_name.clone()),
                memo: Set(memo.clone()),
                created_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
            ledger::book(
                &txn,
                &Booking::payout(coop.id, payout_id, line.amount_vnd)
                    .by(Some(actor.user_id.uuid()))
                    .memo(memo.clone()),
            )
            .await?;
        }
        let batch = payout_batches::Entity::find_by_id(batch_id)
            .one(&txn)
            .await?
            .ok_or(Error::PayoutBatchNotFound)?;
        let view = batch_view(&txn, batch).await?;
        if let Some(id) = claim {
            idempotency::answer(&txn, id, 201, &view).await?;
        }
        txn.commit().await?;
        Ok(view)
    }
}

/// Where a cooperative's payouts go, when it has said.
pub(crate) fn payout_account_of(c: &cooperatives::Model) -> Option<PayoutAccount> {
    Some(PayoutAccount {
        bank_bin: c.payout_bank_bin.clone()?,
        account: c.payout_account.clone()?,
        account_name: c.payout_account_name.clone()?,
    })
}

/// A batch with its payouts, read through `conn`.
async fn batch_view<C: ConnectionTrait>(
    conn: &C,
    b: payout_batches::Model,
) -> Result<PayoutBatchView> {
    let rows = payouts::Entity::find()
        .filter(payouts::Column::BatchId.eq(b.id))
        .order_by_asc(payouts::Column::Id)
        .all(conn)
        .await?;
    let names = super::held::cooperative_names(conn, rows.iter().map(|p| p.cooperative_id)).await?;
    Ok(PayoutBatchView {
        id: b.id,
        note: b.note,
        total: Money::vnd(b.total_vnd),
        payouts: rows
            .into_iter()
            .map(|p| PayoutView {
                id: p.id,
                cooperative_id: p.cooperative_id,
                cooperative_name: names.get(&p.cooperative_id).cloned().unwrap_or_default(),
                amount: Money::vnd(p.amount_vnd),
                bank_bin: p.bank_bin,
                account: p.account,
                account_name: p.account_name,
                memo: p.memo,
            })
            .collect(),
        created_at: b.created_at,
    })
}
