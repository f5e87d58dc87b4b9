//! The sellers' ledger: the market is the merchant of record, so it holds
//! the buyers' money and owes each cooperative its share. Every business
//! event (a sale paid, a refund, a payout, money held for a buyer) is one
//! transaction of legs that sum to zero, booked once (its `source` is
//! unique) and never changed (the tables refuse UPDATE and DELETE).
//!
//! Accounts, from the market's side — debits positive, credits negative:
//! - `market_cash`: money the market holds (debit balance);
//! - `commission`: the union's commission earned (credit balance);
//! - `cooperative_payable`: what the market owes a cooperative (credit
//!   balance, one per cooperative);
//! - `buyer_held`: money that arrived but pays no order (a transfer for a
//!   cancelled order, more than was asked, a second transfer, a credit with
//!   no reference), owed back to the buyer (credit balance).
//!
//! A sale of `total` with commission `c`: cash +total, commission −c,
//! payable −(total − c). A refund `r` reverses commission in proportion
//! (`cr`): payable +(r − cr), commission +cr, cash −r. A payout `p`:
//! payable +p, cash −p. Money held `h`: cash +h, held −h; given back: held
//! +h, cash −h; applied to the payment it was short for (which then books
//! its sales): held +h, cash −h. So a cooperative's balance is its sales −
//! net commission − refunds − payouts, and the market's cash is commission
//! + what it owes cooperatives + what it holds for buyers.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{ledger_entries, ledger_transactions};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, OnConflict, SimpleExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationDef,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Error, Result};

/// A ledger account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Account {
    /// Money the market holds.
    MarketCash,
    /// The union's commission.
    Commission,
    /// What the market owes a cooperative.
    CooperativePayable,
    /// Money held for buyers, to give back.
    BuyerHeld,
}

impl Account {
    /// Its name in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MarketCash => "market_cash",
            Self::Commission => "commission",
            Self::CooperativePayable => "cooperative_payable",
            Self::BuyerHeld => "buyer_held",
        }
    }
}

/// What a transaction books.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A buyer paid for an order.
    Sale,
    /// Money went back to a buyer.
    Refund,
    /// The market paid a cooperative.
    Payout,
    /// Money arrived that pays no order: held for the buyer.
    Held,
    /// Held money given back to the buyer.
    HeldReturned,
    /// Held money applied to the payment it was short for.
    HeldApplied,
    /// An importer paid an export order's deposit or balance.
    ExportSale,
    /// A cooperative collected a booking's balance from the buyer on
    /// arrival: the money is the cooperative's already, so only the
    /// union's commission on it moves (out of what the market owes it).
    OnArrival,
}

impl Kind {
    /// Its name in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sale => "sale",
            Self::Refund => "refund",
            Self::Payout => "payout",
            Self::Held => "held",
            Self::HeldReturned => "held_returned",
            Self::HeldApplied => "held_applied",
            Self::ExportSale => "export_sale",
            Self::OnArrival => "on_arrival",
        }
    }

    /// Every kind (each name fits the 16 characters its column holds).
    pub const ALL: [Kind; 8] = [
        Self::Sale,
        Self::Refund,
        Self::Payout,
        Self::Held,
        Self::HeldReturned,
        Self::HeldApplied,
        Self::ExportSale,
        Self::OnArrival,
    ];

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One leg of a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leg {
    /// The account.
    pub account: Account,
    /// Debit (+) or credit (−), in đồng.
    pub amount_vnd: i64,
}

/// A business event to book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Booking {
    /// What it is.
    pub kind: Kind,
    /// The cooperative whose account it moves (none for held money).
    pub cooperative_id: Option<Uuid>,
    /// The order (sales and refunds; held money of a cancelled order).
    pub order_id: Option<Uuid>,
    /// The refund.
    pub refund_id: Option<Uuid>,
    /// The payout.
    pub payout_id: Option<Uuid>,
    /// The payment the money came with.
    pub payment_id: Option<Uuid>,
    /// The money held for a buyer.
    pub held_id: Option<Uuid>,
    /// The export order (its deposit or balance).
    pub export_order_id: Option<Uuid>,
    /// The export order's payment (deposit or balance) it books.
    pub export_payment_id: Option<Uuid>,
    /// A note.
    pub memo: Option<String>,
    /// Who caused it.
    pub created_by: Option<Uuid>,
    /// Its legs, summing to zero.
    pub legs: Vec<Leg>,
}

/// `part` of `whole`'s commission `commission`, rounded half up, for
/// refunds: the running total refunded decides, so partial refunds that
/// add up to the whole reverse exactly the whole commission.
pub fn commission_share(commission: i64, whole: i64, refunded_before: i64, refund: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    let at = |refunded: i64| -> i64 {
        let refunded = refunded.clamp(0, whole);
        // (c × r + w/2) / w, in i128 so that large orders cannot overflow
        let n = i128::from(commission) * i128::from(refunded) + i128::from(whole) / 2;
        i64::try_from(n / i128::from(whole)).unwrap_or(commission)
    };
    at(refunded_before + refund) - at(refunded_before)
}

impl Booking {
    /// A paid sale: `total_vnd` came in, `commission_vnd` of it is the
    /// union's.
    pub fn sale(cooperative_id: Uuid, order_id: Uuid, total_vnd: i64, commission_vnd: i64) -> Self {
        Self {
            kind: Kind::Sale,
            cooperative_id: Some(cooperative_id),
            order_id: Some(order_id),
            refund_id: None,
            payout_id: None,
            payment_id: None,
            held_id: None,
            export_order_id: None,
            export_payment_id: None,
            memo: None,
            created_by: None,
            legs: vec![
                Leg {
                    account: Account::MarketCash,
                    amount_vnd: total_vnd,
                },
                Leg {
                    account: Account::Commission,
                    amount_vnd: -commission_vnd,
                },
                Leg {
                    account: Account::CooperativePayable,
                    amount_vnd: -(total_vnd - commission_vnd),
                },
            ],
        }
    }

    /// An export order's deposit or balance (`payment`) of `amount_vnd`
    /// paid, `commission_vnd` of it the union's: booked like a sale.
    pub fn export_sale(
        cooperative_id: Uuid,
        export_order_id: Uuid,
        payment: Uuid,
        amount_vnd: i64,
        commission_vnd: i64,
    ) -> Self {
        Self {
            kind: Kind::ExportSale,
            export_order_id: Some(export_order_id),
            export_payment_id: Some(payment),
            ..Self::sale(cooperative_id, Uuid::nil(), amount_vnd, commission_vnd)
        }
        .order(None)
    }

    /// `collected_vnd` of an order's balance collected by its cooperative on
    /// arrival, `commission_vnd` of it the union's: the cooperative keeps
    /// the cash, so the commission is taken from what the market owes it
    /// (payable +c, commission −c).
    pub fn balance_collected(
        cooperative_id: Uuid,
        order_id: Uuid,
        collected_vnd: i64,
        commission_vnd: i64,
    ) -> Self {
        Self {
            kind: Kind::OnArrival,
            legs: vec![
                Leg {
                    account: Account::CooperativePayable,
                    amount_vnd: commission_vnd,
                },
                Leg {
                    account: Account::Commission,
                    amount_vnd: -commission_vnd,
                },
            ],
            ..Self::sale(cooperative_id, order_id, 0, 0)
        }
        .memo(format!("{collected_vnd} VND collected on arrival"))
    }

    /// A refund of `refund_vnd`, reversing `commission_vnd` of commission.
    pub fn refund(
        cooperative_id: Uuid,
        order_id: Uuid,
        refund_id: Uuid,
        refund_vnd: i64,
        commission_vnd: i64,
    ) -> Self {
        Self {
            kind: Kind::Refund,
            cooperative_id: Some(cooperative_id),
            order_id: Some(order_id),
            refund_id: Some(refund_id),
            payout_id: None,
            payment_id: None,
            held_id: None,
            export_order_id: None,
            export_payment_id: None,
            memo: None,
            created_by: None,
            legs: vec![
                Leg {
                    account: Account::CooperativePayable,
                    amount_vnd: refund_vnd - commission_vnd,
                },
                Leg {
                    account: Account::Commission,
                    amount_vnd: commission_vnd,
                },
                Leg {
                    account: Account::MarketCash,
                    amount_vnd: -refund_vnd,
                },
            ],
        }
    }

    /// A payout of `amount_vnd` to the cooperative.
    pub fn payout(cooperative_id: Uuid, payout_id: Uuid, amount_vnd: i64) -> Self {
        Self {
            kind: Kind::Payout,
            cooperative_id: Some(cooperative_id),
            order_id: None,
            refund_id: None,
            payout_id: Some(payout_id),
            payment_id: None,
            held_id: None,
            export_order_id: None,
            export_payment_id: None,
            memo: None,
            created_by: None,
            legs: vec![
                Leg {
                    account: Account::CooperativePayable,
                    amount_vnd,
                },
                Leg {
                    account: Account::MarketCash,
                    amount_vnd: -amount_vnd,
                },
            ],
        }
    }

    /// Money that arrived and pays no order, held for the buyer.
    pub fn held(held_id: Uuid, amount_vnd: i64) -> Self {
        Self::held_kind(Kind::Held, held_id, amount_vnd)
    }

    /// Held money given back to the buyer.
    pub fn held_returned(held_id: Uuid, amount_vnd: i64) -> Self {
        Self::held_kind(Kind::HeldReturned, held_id, -amount_vnd)
    }

    /// Held money applied to the payment it was short for (whose sales
    /// then book the whole payment).
    pub fn held_applied(held_id: Uuid, amount_vnd: i64) -> Self {
        Self::held_kind(Kind::HeldApplied, held_id, -amount_vnd)
    }

    /// Cash +`cash_vnd`, held −`cash_vnd`.
    fn held_kind(kind: Kind, held_id: Uuid, cash_vnd: i64) -> Self {
        Self {
            kind,
            cooperative_id: None,
            order_id: None,
            refund_id: None,
            payout_id: None,
            payment_id: None,
            held_id: Some(held_id),
            export_order_id: None,
            export_payment_id: None,
            memo: None,
            created_by: None,
            legs: vec![
                Leg {
                    account: Account::MarketCash,
                    amount_vnd: cash_vnd,
                },
                Leg {
                    account: Account::BuyerHeld,
                    amount_vnd: -cash_vnd,
                },
            ],
        }
    }

    /// With the payment the money came with.
    pub fn payment(mut self, payment: Option<Uuid>) -> Self {
        self.payment_id = payment;
        self
    }

    /// With the order it concerns.
    pub fn order(mut self, order: Option<Uuid>) -> Self {
        self.order_id = order;
        self
    }

    /// Who caused it.
    pub fn by(mut self, user: Option<Uuid>) -> Self {
        self.created_by = user;
        self
    }

    /// With a note.
    pub fn memo(mut self, memo: impl Into<String>) -> Self {
        self.memo = Some(memo.into());
        self
    }

    /// The unique name of the event it books.
    pub fn source(&self) -> String {
        let id = match self.kind {
            Kind::Sale | Kind::OnArrival => self.order_id,
            Kind::Refund => self.refund_id,
            Kind::Payout => self.payout_id,
            Kind::Held | Kind::HeldReturned | Kind::HeldApplied => self.held_id,
            Kind::ExportSale => self.export_payment_id,
        };
        format!("{}:{}", self.kind.as_str(), id.unwrap_or_default())
    }
}

/// Books `booking` through `conn` (the caller's transaction). Returns
/// false, booking nothing, when its event was booked before.
pub async fn book<C: ConnectionTrait>(conn: &C, booking: &Booking) -> Result<bool> {
    let sum: i64 = booking.legs.iter().map(|l| l.amount_vnd).sum();
    let payable_without_owner = booking.cooperative_id.is_none()
        && booking
            .legs
            .iter()
            .any(|l| l.account == Account::CooperativePayable);
    if sum != 0 || booking.legs.is_empty() || payable_without_owner {
        return Err(Error::Unbalanced(booking.source()));
    }
    let now = Utc::now();
    let id = Uuid::now_v7();
    let inserted = ledger_transactions::Entity::insert(ledger_transactions::ActiveModel {
        id: Set(id),
        source: Set(booking.source()),
        kind: Set(booking.kind.as_str().to_owned()),
        cooperative_id: Set(booking.cooperative_id),
        order_id: Set(booking.order_id),
        refund_id: Set(booking.refund_id),
        payout_id: Set(booking.payout_id),
        memo: Set(booking.memo.clone()),
        created_by: Set(booking.created_by),
        created_at: Set(now),
        payment_id: Set(booking.payment_id),
        held_id: Set(booking.held_id),
        export_order_id: Set(booking.export_order_id),
    })
    .on_conflict(
        OnConflict::column(ledger_transactions::Column::Source)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    if inserted == 0 {
        return Ok(false);
    }
    let legs = booking
        .legs
        .iter()
        .filter(|l| l.amount_vnd != 0)
        .map(|l| ledger_entries::ActiveModel {
            id: Set(Uuid::now_v7()),
            transaction_id: Set(id),
            account: Set(l.account.as_str().to_owned()),
            cooperative_id: Set(booking
                .cooperative_id
                .filter(|_| l.account == Account::CooperativePayable)),
            amount_vnd: Set(l.amount_vnd),
            created_at: Set(now),
        })
        .collect::<Vec<_>>();
    if !legs.is_empty() {
        ledger_entries::Entity::insert_many(legs)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(true)
}

/// A cooperative's account, summed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Balance {
    /// Paid sales (goods and shipping).
    pub sales_vnd: i64,
    /// The union's commission, net of what refunds reversed.
    pub commission_vnd: i64,
    /// Refunded to buyers.
    pub refunds_vnd: i64,
    /// Paid out to the cooperative.
    pub payouts_vnd: i64,
    /// What the market owes the cooperative now.
    pub balance_vnd: i64,
}

/// `SUM(amount_vnd)` as a BIGINT: PostgreSQL sums BIGINTs as NUMERIC.
fn sum_amount() -> SimpleExpr {
    Func::cast_as(
        Func::sum(Expr::col((
            ledger_entries::Entity,
            ledger_entries::Column::AmountVnd,
        ))),
        Alias::new("BIGINT"),
    )
    .into()
}

#[derive(Debug, FromQueryResult)]
struct SumRow {
    kind: String,
    account: String,
    total: Option<i64>,
}

fn join_transactions() -> RelationDef {
    ledger_entries::Entity::belongs_to(ledger_transactions::Entity)
        .from(ledger_entries::Column::TransactionId)
        .to(ledger_transactions::Column::Id)
        .into()
}

/// The balance of `cooperative`.
pub async fn balance<C: ConnectionTrait>(conn: &C, cooperative: Uuid) -> Result<Balance> {
    let rows = ledger_entries::Entity::find()
        .select_only()
        .column_as(ledger_transactions::Column::Kind, "kind")
        .column_as(ledger_entries::Column::Account, "account")
        .column_as(sum_amount(), "total")
        .join(JoinType::InnerJoin, join_transactions())
        .filter(ledger_transactions::Column::CooperativeId.eq(cooperative))
        .group_by(ledger_transactions::Column::Kind)
        .group_by(ledger_entries::Column::Account)
        .into_model::<SumRow>()
        .all(conn)
        .await?;
    let mut b = Balance::default();
    for row in rows {
        let total = row.total.unwrap_or(0);
        match (Kind::parse(&row.kind), row.account.as_str()) {
            (Some(Kind::Sale | Kind::ExportSale), "market_cash") => b.sales_vnd += total,
            (Some(Kind::Refund), "market_cash") => b.refunds_vnd -= total,
            (Some(Kind::Payout), "market_cash") => b.payouts_vnd -= total,
            (_, "commission") => b.commission_vnd -= total,
            (_, "cooperative_payable") => b.balance_vnd -= total,
            _ => {}
        }
    }
    Ok(b)
}

#[derive(Debug, FromQueryResult)]
struct CoopSum {
    cooperative_id: Option<Uuid>,
    total: Option<i64>,
}

/// What the market owes every cooperative with a non-zero balance.
pub async fn balances<C: ConnectionTrait>(conn: &C) -> Result<HashMap<Uuid, i64>> {
    let rows = ledger_entries::Entity::find()
        .select_only()
        .column(ledger_entries::Column::CooperativeId)
        .column_as(sum_amount(), "total")
        .filter(ledger_entries::Column::Account.eq(Account::CooperativePayable.as_str()))
        .group_by(ledger_entries::Column::CooperativeId)
        .into_model::<CoopSum>()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r.cooperative_id?, -r.total.unwrap_or(0))))
        .filter(|(_, b)| *b != 0)
        .collect())
}

/// The sum of each account over the whole ledger, where the cash came
/// from and went, and the transactions whose legs do not sum to zero
/// (none, if the ledger is sound).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TrialBalance {
    /// Money the market holds.
    pub market_cash_vnd: i64,
    /// Commission earned (credit balance shown positive).
    pub commission_vnd: i64,
    /// Owed to cooperatives (credit balance shown positive).
    pub owed_to_cooperatives_vnd: i64,
    /// Held for buyers, to give back (credit balance shown positive).
    pub held_for_buyers_vnd: i64,
    /// Every đồng that ever arrived: paid sales and money held.
    pub received_vnd: i64,
    /// Given back to buyers: refunds and held money returned.
    pub returned_vnd: i64,
    /// Paid out to cooperatives.
    pub paid_out_vnd: i64,
    /// Transactions that do not balance.
    pub unbalanced: Vec<Uuid>,
}

#[derive(Debug, FromQueryResult)]
struct TxnSum {
    transaction_id: Uuid,
}

/// The whole ledger's trial balance.
pub async fn trial_balance<C: ConnectionTrait>(conn: &C) -> Result<TrialBalance> {
    let rows = ledger_entries::Entity::find()
        .select_only()
        .column_as(ledger_transactions::Column::Kind, "kind")
        .column_as(ledger_entries::Column::Account, "account")
        .column_as(sum_amount(), "total")
        .join(JoinType::InnerJoin, join_transactions())
        .group_by(ledger_transactions::Column::Kind)
        .group_by(ledger_entries::Column::Account)
        .into_model::<SumRow>()
        .all(conn)
        .await?;
    let mut t = TrialBalance::default();
    for r in rows {
        let total = r.total.unwrap_or(0);
        match r.account.as_str() {
            "market_cash" => {
                t.market_cash_vnd += total;
                match Kind::parse(&r.kind) {
                    // an applied amount leaves "held" and comes back as sales
                    Some(Kind::Sale | Kind::ExportSale | Kind::Held | Kind::HeldApplied) => {
                        t.received_vnd += total
                    }
                    Some(Kind::Refund | Kind::HeldReturned) => t.returned_vnd -= total,
                    Some(Kind::Payout) => t.paid_out_vnd -= total,
                    // the cooperative kept that cash: none reached the market
                    Some(Kind::OnArrival) | None => {}
                }
            }
            "commission" => t.commission_vnd -= total,
            "cooperative_payable" => t.owed_to_cooperatives_vnd -= total,
            "buyer_held" => t.held_for_buyers_vnd -= total,
            _ => {}
        }
    }
    t.unbalanced = ledger_entries::Entity::find()
        .select_only()
        .column(ledger_entries::Column::TransactionId)
        .group_by(ledger_entries::Column::TransactionId)
        .having(ExprTrait::ne(ledger_entries::Column::AmountVnd.sum(), 0i64))
        .into_model::<TxnSum>()
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.transaction_id)
        .collect();
    Ok(t)
}

/// A line of a cooperative's statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatementLine {
    /// The ledger transaction.
    pub transaction_id: Uuid,
    /// sale, refund or payout.
    pub kind: Kind,
    /// The order, for sales and refunds.
    pub order_id: Option<Uuid>,
    /// The refund.
    pub refund_id: Option<Uuid>,
    /// The payout.
    pub payout_id: Option<Uuid>,
    /// Money in or out of the market for this event (sale: paid by the
    /// buyer; refund, payout: paid out, negative).
    pub gross_vnd: i64,
    /// Commission charged (+) or given back (−).
    pub commission_vnd: i64,
    /// How the cooperative's balance moved.
    pub net_vnd: i64,
    /// A note.
    pub memo: Option<String>,
    /// Booked.
    pub created_at: DateTime<Utc>,
}

/// A page of `cooperative`'s statement, newest first, and how many lines
/// there are in all.
pub async fn statement<C: ConnectionTrait>(
    conn: &C,
    cooperative: Uuid,
    page: u64,
    per_page: u64,
) -> Result<(Vec<StatementLine>, u64)> {
    let query = ledger_transactions::Entity::find()
        .filter(ledger_transactions::Column::CooperativeId.eq(cooperative))
        .order_by_desc(ledger_transactions::Column::CreatedAt)
        .order_by_desc(ledger_transactions::Column::Id);
    let total = query.clone().count(conn).await?;
    let txns = query
        .offset(page.saturating_sub(1) * per_page)
        .limit(per_page)
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = txns.iter().map(|t| t.id).collect();
    let entries = ledger_entries::Entity::find()
        .filter(ledger_entries::Column::TransactionId.is_in(ids))
        .all(conn)
        .await?;
    let mut lines = Vec::with_capacity(txns.len());
    for t in txns {
        let legs = entries.iter().filter(|e| e.transaction_id == t.id);
        let (mut gross, mut commission, mut net) = (0, 0, 0);
        for leg in legs {
            match leg.account.as_str() {
                "market_cash" => gross += leg.amount_vnd,
                "commission" => commission -= leg.amount_vnd,
                "cooperative_payable" => net -= leg.amount_vnd,
                _ => {}
            }
        }
        lines.push(StatementLine {
            transaction_id: t.id,
            kind: Kind::parse(&t.kind).ok_or_else(|| Error::Corrupt(t.kind.clone()))?,
            order_id: t.order_id,
            refund_id: t.refund_id,
            payout_id: t.payout_id,
            gross_vnd: gross,
            commission_vnd: commission,
            net_vnd: net,
            memo: t.memo,
            created_at: t.created_at,
        });
    }
    Ok((lines, total))
}

/// Commission rates, in basis points (1/100 of a percent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommissionRates {
    /// For every category without its own rate.
    pub default_bp: u32,
    /// By category slug; a category without a rate takes its parent's.
    pub by_category: HashMap<String, u32>,
}

impl CommissionRates {
    /// The rate for a category, given its slug and its ancestors' slugs
    /// (nearest first).
    pub fn rate_for<'a>(&self, slugs: impl IntoIterator<Item = &'a str>) -> u32 {
        slugs
            .into_iter()
            .find_map(|s| self.by_category.get(s).copied())
            .unwrap_or(self.default_bp)
    }

    /// The commission on lines of (amount, rate in basis points), rounded
    /// half up once for the order.
    pub fn commission(lines: impl IntoIterator<Item = (i64, u32)>) -> i64 {
        let n: i128 = lines
            .into_iter()
            .map(|(amount, bp)| i128::from(amount) * i128::from(bp))
            .sum();
        i64::try_from((n + 5_000) / 10_000).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_fits_its_column_and_reads_back() {
        for kind in Kind::ALL {
            assert!(kind.as_str().len() <= 16, "{}", kind.as_str());
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn partial_refunds_that_add_up_to_the_whole_reverse_the_whole_commission() {
        let (c, w) = (3_333, 100_001);
        let parts = [33_333, 33_334, 33_334];
        let mut before = 0;
        let mut reversed = 0;
        for p in parts {
            reversed += commission_share(c, w, before, p);
            before += p;
        }
        assert_eq!(reversed, c);
    }

    #[test]
    fn commission_is_rounded_once_per_order() {
        // 5% of 10_001 + 3% of 10_001 = 500.05 + 300.03 = 800.08 → 800
        assert_eq!(
            CommissionRates::commission([(10_001, 500), (10_001, 300)]),
            800
        );
        let rates = CommissionRates {
            default_bp: 500,
            by_category: HashMap::from([("che-tra".to_owned(), 300)]),
        };
        assert_eq!(rates.rate_for(["tra-sen", "che-tra", "nong-san"]), 300);
        assert_eq!(rates.rate_for(["gio-may"]), 500);
    }

    #[test]
    fn every_booking_balances() {
        let c = Uuid::now_v7();
        for b in [
            Booking::sale(c, c, 100_000, 5_000),
            Booking::refund(c, c, c, 40_000, 2_000),
            Booking::payout(c, c, 55_000),
            Booking::held(c, 30_000),
            Booking::held_returned(c, 30_000),
            Booking::held_applied(c, 30_000),
        ] {
            assert_eq!(b.legs.iter().map(|l| l.amount_vnd).sum::<i64>(), 0);
        }
    }
}
