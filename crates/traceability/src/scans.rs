//! Visits of lots' pages, counted per lot and day in Vietnam. Nothing
//! about the visitor is kept: not an address, not a cookie.

use accounts::Actor;
use chrono::Utc;
use entity::{lot_scans, lots};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::model::{ScanDay, ScanReport};
use crate::{Result, Traceability, normalize_code};

impl Traceability {
    /// Counts one visit of the page of the lot with `code` (today, in
    /// Vietnam); an unknown code counts nothing.
    pub async fn count_scan(&self, code: &str) -> Result<()> {
        let Some(code) = normalize_code(code) else {
            return Ok(());
        };
        let Some(lot) = lots::Entity::find()
            .filter(lots::Column::Code.eq(code))
            .one(&self.db)
            .await?
        else {
            return Ok(());
        };
        let today = kernel::time::today_in_vietnam(Utc::now());
        lot_scans::Entity::insert(lot_scans::ActiveModel {
            lot_id: Set(lot.id),
            day: Set(today),
            count: Set(1),
        })
        .on_conflict(
            OnConflict::columns([lot_scans::Column::LotId, lot_scans::Column::Day])
                .value(
                    lot_scans::Column::Count,
                    Expr::col((lot_scans::Entity, lot_scans::Column::Count)).add(1),
                )
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    /// The visits of a lot's page per day, for its cooperative's members
    /// and union staff.
    pub async fn scans(&self, actor: &Actor, lot: Uuid) -> Result<ScanReport> {
        let row = self.readable(actor, lot).await?;
        let days: Vec<ScanDay> = lot_scans::Entity::find()
            .filter(lot_scans::Column::LotId.eq(row.id))
            .order_by_desc(lot_scans::Column::Day)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| ScanDay {
                day: s.day,
                count: i64::from(s.count),
            })
            .collect();
        Ok(ScanReport {
            lot_id: row.id,
            total: days.iter().map(|d| d.count).sum(),
            days,
        })
    }
}
