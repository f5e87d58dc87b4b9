//! Traceability on the union's dashboard: scans of lots' labels in a
//! period, summed by the database from the per-lot, per-day counts.

use accounts::{Action, Actor, authorize};
use entity::report::{statement, sum};
use kernel::time::Period;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Result, Traceability};

/// Scans in a period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ScanTotals {
    /// Visits of lots' pages.
    pub scans: i64,
    /// Different lots visited.
    pub lots: i64,
}

impl Traceability {
    /// Scans of lots' pages in `period` (union staff).
    pub async fn scan_totals(&self, actor: &Actor, period: Period) -> Result<ScanTotals> {
        authorize(Some(actor), Action::Moderate)?;
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(statement(
                backend,
                &format!(
                    "SELECT {} AS scans, COUNT(DISTINCT lot_id) AS lots FROM lot_scans \
                     WHERE day >= $1 AND day < $2",
                    sum("count")
                ),
                vec![period.from.into(), period.to.into()],
            ))
            .await?;
        Ok(match row {
            Some(row) => ScanTotals {
                scans: row.try_get("", "scans")?,
                lots: row.try_get("", "lots")?,
            },
            None => ScanTotals::default(),
        })
    }
}
