//! Reading the bank's statements of the market's receiving account (union
//! staff). Each credit line is matched to a bank-transfer payment by the
//! reference in its memo, and every đồng of it is put somewhere a person
//! can see it:
//!
//! - the payment's amount (or the rest of it, after money that fell short
//!   earlier): the payment is settled — every order of its checkout paid
//!   and booked — and anything above what was asked is held for the buyer;
//! - less than asked: held for the buyer until the rest arrives (then
//!   applied) or staff give it back;
//! - a payment already paid, a card's, or a cash-on-delivery checkout's:
//!   held, to give back;
//! - no known reference: held as unidentified.
//!
//! A dry run reports what applying would do. Lines are remembered by a
//! fingerprint, so importing the same statement again changes nothing.

use std::collections::{HashMap, HashSet};

use ::payments::statement;
use accounts::{Action, Actor, authorize};
use chrono::Utc;
use entity::{bank_statement_lines, orders, payments};
use kernel::{FieldErrors, Money, problem};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::held::{self, HeldKind, Hold};
use super::settle::Arrival;
use crate::idempotency::hex;
use crate::{Error, Orders, Result};

/// What reading a bank statement found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatementReport {
    /// Whether it was applied (false: a dry run).
    pub applied: bool,
    /// Lines that paid a payment (settled when applied); anything above
    /// what was asked is held for the buyer (`held_vnd`).
    pub matched: Vec<StatementMatch>,
    /// Lines for payments already paid, or paid another way: held, to give
    /// back.
    pub paid_twice: Vec<StatementMatch>,
    /// Lines with a known reference but less than was asked: held until
    /// the rest arrives (then applied), or given back.
    pub amount_mismatch: Vec<StatementMatch>,
    /// Credit lines with no known reference: held as unidentified.
    pub unmatched: Vec<statement::BankLine>,
    /// Lines imported before (skipped).
    pub already_imported: Vec<usize>,
    /// Lines that could not be read.
    pub bad_lines: Vec<statement::BadLine>,
    /// What the import holds for buyers (or would, in a dry run).
    pub held: Money,
}

/// A statement line and the payment it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatementMatch {
    /// The line.
    pub line: statement::BankLine,
    /// The payment.
    pub payment_id: Uuid,
    /// What the payment expects.
    pub expected: Money,
    /// The orders it pays.
    pub order_numbers: Vec<String>,
    /// What of this line is held for the buyer (more than asked, an order
    /// cancelled before the money came, a second payment, a short one).
    pub held: Money,
}

/// What a line does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Pays its payment (with money that fell short before); `excess`
    /// above what was asked is held.
    Matched { excess: i64 },
    /// Less than asked: held until the rest comes.
    Underpaid,
    /// For a payment paid already or paid another way: held.
    PaidTwice,
    /// No payment named: held as unidentified.
    Unmatched,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Matched { .. } => "matched",
            Self::Underpaid => "amount_mismatch",
            Self::PaidTwice => "paid_twice",
            Self::Unmatched => "unmatched",
        }
    }
}

/// A line read, and what it will do.
struct Planned {
    fingerprint: String,
    line: statement::BankLine,
    outcome: Outcome,
    payment: Option<payments::Model>,
}

impl Orders {
    /// Reads a bank statement of the market's receiving account (staff).
    /// With `apply`, each line does what the report says in one
    /// transaction and is remembered, so importing the same statement
    /// again changes nothing; without, it is a dry run.
    pub async fn import_statement(
        &self,
        actor: &Actor,
        file: &[u8],
        apply: bool,
    ) -> Result<StatementReport> {
        authorize(Some(actor), Action::Moderate)?;
        let (lines, bad_lines) = statement::parse(file).map_err(|e| {
            let unreadable = match e {
                statement::StatementError::MissingColumn(column) => {
                    problem::statement_column_missing(column)
                }
                statement::StatementError::Unreadable(detail) => {
                    problem::statement_unreadable(detail)
                }
            };
            Error::Invalid(FieldErrors::single("file", unreadable))
        })?;
        let mut report = StatementReport {
            applied: apply,
            bad_lines,
            ..StatementReport::default()
        };
        if !apply {
            let planned = plan(&self.db, lines, &mut report).await?;
            describe(&self.db, &planned, &mut report).await?;
            return Ok(report);
        }
        let txn = entity::db::begin_write(&self.db).await?;
        let planned = plan(&txn, lines, &mut report).await?;
        describe(&txn, &planned, &mut report).await?;
        for p in planned {
            self.apply_line(&txn, actor, p).await?;
        }
        txn.commit().await?;
        Ok(report)
    }

    /// Remembers a line and puts its money where the plan says.
    async fn apply_line(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        actor: &Actor,
        p: Planned,
    ) -> Result<()> {
        let line_id = Uuid::now_v7();
        let inserted = bank_statement_lines::Entity::insert(bank_statement_lines::ActiveModel {
            id: Set(line_id),
            fingerprint: Set(p.fingerprint),
            booked_on: Set(p.line.booked_on.clone()),
            amount_vnd: Set(p.line.amount_vnd),
            description: Set(p.line.description.clone()),
            reference: Set(p.line.reference.clone()),
            payment_id: Set(p.payment.as_ref().map(|p| p.id)),
            outcome: Set(p.outcome.as_str().to_owned()),
            imported_by: Set(actor.user_id.uuid()),
            created_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::column(bank_statement_lines::Column::Fingerprint)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        if inserted != 1 {
            return Ok(());
        }
        let by = Some(actor.user_id.uuid());
        let where_from = format!(
            "statement {}, line {}: {}",
            p.line.booked_on, p.line.line, p.line.description
        );
        let held = |kind: HeldKind, amount_vnd: i64, source: String| Hold {
            source,
            kind,
            amount_vnd,
            payment: p.payment.as_ref(),
            order: None,
            statement_line: Some(line_id),
            note: Some(where_from.chars().take(500).collect()),
            by,
        };
        match (p.outcome, &p.payment) {
            (Outcome::Matched { excess }, Some(payment)) => {
                self.settle(
                    txn,
                    payment,
                    &Arrival {
                        kind: "staff",
                        by,
                        note: format!(
                            "bank transfer received (statement {}, line {})",
                            p.line.booked_on, p.line.line
                        ),
                    },
                )
                .await?;
                held::hold(
                    txn,
                    held(HeldKind::Overpaid, excess, format!("line:{line_id}")),
                )
                .await?;
            }
            (Outcome::Underpaid, _) => {
                let amount = p.line.amount_vnd;
                held::hold(
                    txn,
                    held(HeldKind::Underpaid, amount, format!("line:{line_id}")),
                )
                .await?;
            }
            (Outcome::PaidTwice, _) => {
                let amount = p.line.amount_vnd;
                held::hold(
                    txn,
                    held(HeldKind::PaidTwice, amount, format!("line:{line_id}")),
                )
                .await?;
            }
            (Outcome::Unmatched | Outcome::Matched { .. }, _) => {
                let amount = p.line.amount_vnd;
                held::hold(
                    txn,
                    held(HeldKind::Unidentified, amount, format!("line:{line_id}")),
                )
                .await?;
            }
        }
        Ok(())
    }
}

/// Decides what each line does, as the payments stand in `conn` and as the
/// earlier lines of the same file leave them.
async fn plan<C: ConnectionTrait>(
    conn: &C,
    lines: Vec<statement::BankLine>,
    report: &mut StatementReport,
) -> Result<Vec<Planned>> {
    let mut seen_in_file: HashMap<String, usize> = HashMap::new();
    let mut paid_in_file: HashSet<Uuid> = HashSet::new();
    let mut short_in_file: HashMap<Uuid, i64> = HashMap::new();
    let mut planned = Vec::new();
    for line in lines {
        let base = format!(
            "{}|{}|{}",
            line.booked_on, line.amount_vnd, line.description
        );
        let n = seen_in_file.entry(base.clone()).or_insert(0);
        *n += 1;
        let fingerprint = hex(&Sha256::digest(format!("{base}|{n}").as_bytes()));
        let known = bank_statement_lines::Entity::find()
            .filter(bank_statement_lines::Column::Fingerprint.eq(fingerprint.as_str()))
            .one(conn)
            .await?;
        if known.is_some() {
            report.already_imported.push(line.line);
            continue;
        }
        let payment = match &line.reference {
            Some(r) => {
                payments::Entity::find()
                    .filter(payments::Column::Reference.eq(r.as_str()))
                    .one(conn)
                    .await?
            }
            None => None,
        };
        let outcome = match &payment {
            None => Outcome::Unmatched,
            Some(p)
                if p.method != "bank_transfer"
                    || p.status == "paid"
                    || paid_in_file.contains(&p.id) =>
            {
                Outcome::PaidTwice
            }
            Some(p) => {
                let short = short_in_file.entry(p.id).or_insert(0);
                let before = held::underpaid_sum(conn, p.id).await? + *short;
                if before + line.amount_vnd >= p.amount_vnd {
                    paid_in_file.insert(p.id);
                    Outcome::Matched {
                        excess: before + line.amount_vnd - p.amount_vnd,
                    }
                } else {
                    *short += line.amount_vnd;
                    Outcome::Underpaid
                }
            }
        };
        planned.push(Planned {
            fingerprint,
            line,
            outcome,
            payment,
        });
    }
    Ok(planned)
}

/// Fills the report from the plan: each line under what it does, with what
/// of it is held for the buyer.
async fn describe<C: ConnectionTrait>(
    conn: &C,
    planned: &[Planned],
    report: &mut StatementReport,
) -> Result<()> {
    let mut held_total = 0;
    for p in planned {
        let Some(payment) = &p.payment else {
            held_total += p.line.amount_vnd;
            report.unmatched.push(p.line.clone());
            continue;
        };
        let orders = orders::Entity::find()
            .filter(orders::Column::CheckoutId.eq(payment.checkout_id))
            .order_by_asc(orders::Column::Number)
            .all(conn)
            .await?;
        let held_vnd = match p.outcome {
            Outcome::Matched { excess } => {
                // orders cancelled before the money came keep no money
                excess
                    + orders
                        .iter()
                        .filter(|o| {
                            o.status == crate::OrderStatus::Cancelled.as_str()
                                && o.payment_status == crate::PaymentStatus::Unpaid.as_str()
                        })
                        .map(super::online_vnd)
                        .sum::<i64>()
            }
            _ => p.line.amount_vnd,
        };
        held_total += held_vnd;
        let m = StatementMatch {
            line: p.line.clone(),
            payment_id: payment.id,
            expected: Money::vnd(payment.amount_vnd),
            order_numbers: orders.into_iter().map(|o| o.number).collect(),
            held: Money::vnd(held_vnd),
        };
        match p.outcome {
            Outcome::Matched { .. } => report.matched.push(m),
            Outcome::Underpaid => report.amount_mismatch.push(m),
            Outcome::PaidTwice | Outcome::Unmatched => report.paid_twice.push(m),
        }
    }
    report.held = Money::vnd(held_total);
    Ok(())
}
