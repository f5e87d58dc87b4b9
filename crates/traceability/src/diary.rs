//! The field diary of a lot.

use accounts::Actor;
use chrono::Utc;
use entity::lot_diary_entries;
use kernel::Locale;
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

use crate::model::{DiaryInput, LotView};
use crate::{Error, Result, Traceability, validate};

/// The most entries a lot's diary keeps.
pub const MAX_DIARY_ENTRIES: u64 = 500;

impl Traceability {
    /// Adds a dated step to the diary of `lot`, for its cooperative's
    /// members. An input's pre-harvest interval must end by the lot's
    /// harvest.
    #[tracing::instrument(skip_all, fields(lot = %lot))]
    pub async fn add_diary_entry(
        &self,
        actor: &Actor,
        lot: Uuid,
        input: &DiaryInput,
        locale: Locale,
    ) -> Result<LotView> {
        let row = self.writable(actor, lot).await?;
        let entry = validate::entry(input, row.harvested_on).map_err(Error::Invalid)?;
        let count = {
            use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
            lot_diary_entries::Entity::find()
                .filter(lot_diary_entries::Column::LotId.eq(row.id))
                .count(&self.db)
                .await?
        };
        if count >= MAX_DIARY_ENTRIES {
            return Err(Error::Invalid(kernel::FieldErrors::single(
                "kind",
                kernel::problem::too_many_entries(MAX_DIARY_ENTRIES as i64),
            )));
        }
        lot_diary_entries::Entity::insert(lot_diary_entries::ActiveModel {
            id: Set(Uuid::now_v7()),
            lot_id: Set(row.id),
            kind: Set(entry.kind),
            happened_on: Set(entry.happened_on),
            title: Set(entry.title),
            detail: Set(entry.detail),
            input_name: Set(entry.input_name),
            dose: Set(entry.dose),
            pre_harvest_interval_days: Set(entry.pre_harvest_interval_days),
            photo_url: Set(entry.photo_url),
            created_by: Set(Some(actor.user_id.uuid())),
            created_at: Set(Utc::now()),
        })
        .exec_without_returning(&self.db)
        .await?;
        self.view(row, locale).await
    }
}
