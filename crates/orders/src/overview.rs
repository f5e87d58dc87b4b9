//! A cooperative's orders at a glance, for the top of its seller pages:
//! what waits for it (orders to confirm and pack, packed orders to ship),
//! this month's sales, and — for its managers — what the market owes it.
//! Counted by the database, so it costs the same at any size.

use accounts::{Action, Actor, authorize};
use chrono::{Datelike, TimeZone};
use entity::orders;
use kernel::{CooperativeId, Money};
use payments::ledger;
use sea_orm::sea_query::{Expr, ExprTrait as _, Func};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::{OrderStatus, Orders, Result};

/// A cooperative's orders at a glance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrdersOverview {
    /// Orders placed and not yet paid (transfers and cards on their way).
    pub awaiting_payment: i64,
    /// Orders paid or on cash on delivery, waiting to be packed.
    pub to_pack: i64,
    /// Orders packed, waiting to be handed to the carrier.
    pub to_ship: i64,
    /// Orders placed this month (Vietnam time), cancelled ones left out.
    pub month_orders: i64,
    /// Their value.
    pub month_sales: Money,
    /// What the market owes the cooperative now (its managers only).
    pub owed: Option<Money>,
}

impl Orders {
    /// The orders of `cooperative` at a glance (its members who handle
    /// orders, and union staff).
    pub async fn orders_overview(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
    ) -> Result<OrdersOverview> {
        authorize(Some(actor), Action::ManageOrders(cooperative))?;
        let by_status: Vec<(String, i64)> = orders::Entity::find()
            .select_only()
            .column(orders::Column::Status)
            .column_as(Expr::col(orders::Column::Id).count(), "n")
            .filter(orders::Column::CooperativeId.eq(cooperative.uuid()))
            .group_by(orders::Column::Status)
            .into_tuple()
            .all(&self.db)
            .await?;
        let count = |status: OrderStatus| {
            by_status
                .iter()
                .find(|(s, _)| s == status.as_str())
                .map_or(0, |(_, n)| *n)
        };
        let now = chrono::Utc::now().with_timezone(&kernel::time::VIETNAM);
        let month_start = kernel::time::VIETNAM
            .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
            .single()
            .map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc));
        let (month_orders, month_sales): (i64, Option<i64>) = orders::Entity::find()
            .select_only()
            .column_as(Expr::col(orders::Column::Id).count(), "n")
            .column_as(
                sea_orm::sea_query::SimpleExpr::from(Func::cast_as(
                    Func::sum(Expr::col(orders::Column::TotalVnd)),
                    sea_orm::sea_query::Alias::new("BIGINT"),
                )),
                "total",
            )
            .filter(orders::Column::CooperativeId.eq(cooperative.uuid()))
            .filter(orders::Column::CreatedAt.gte(month_start))
            .filter(orders::Column::Status.ne(OrderStatus::Cancelled.as_str()))
            .into_tuple()
            .one(&self.db)
            .await?
            .unwrap_or_default();
        let owed = match authorize(Some(actor), Action::ViewLedger(cooperative)) {
            Ok(()) => Some(Money::vnd(
                ledger::balance(&self.db, cooperative.uuid())
                    .await?
                    .balance_vnd,
            )),
            Err(_) => None,
        };
        Ok(OrdersOverview {
            awaiting_payment: count(OrderStatus::PendingPayment),
            to_pack: count(OrderStatus::Confirmed),
            to_ship: count(OrderStatus::Packed),
            month_orders,
            month_sales: Money::vnd(month_sales.unwrap_or(0)),
            owed,
        })
    }
}

/// What waits for union staff on the money side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MoneyWaiting {
    /// Bank transfers asked for and not yet seen on a statement.
    pub transfers: i64,
    /// Money held for buyers (paid twice, too much, for a cancelled
    /// order, unidentified), to give back or apply.
    pub held: i64,
}

impl Orders {
    /// What waits for union staff on the money side.
    pub async fn money_waiting(&self, actor: &Actor) -> Result<MoneyWaiting> {
        authorize(Some(actor), Action::Moderate)?;
        let transfers = entity::payments::Entity::find()
            .filter(entity::payments::Column::Method.eq("bank_transfer"))
            .filter(entity::payments::Column::Status.eq("pending"))
            .count(&self.db)
            .await?;
        let held = entity::held_funds::Entity::find()
            .filter(entity::held_funds::Column::Status.eq("held"))
            .count(&self.db)
            .await?;
        Ok(MoneyWaiting {
            transfers: i64::try_from(transfers).unwrap_or(i64::MAX),
            held: i64::try_from(held).unwrap_or(i64::MAX),
        })
    }
}
