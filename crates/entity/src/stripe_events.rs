//! `stripe_events`: Stripe events already acted on (each acts once).

use sea_orm::entity::prelude::*;

/// A row of `stripe_events`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "stripe_events")]
pub struct Model {
    /// The event's id (evt_…).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Its type, e.g. payment_intent.succeeded.
    pub kind: String,
    /// When it was first received.
    pub received_at: DateTimeUtc,
}

/// Relations of `stripe_events`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Records Stripe's event `id` of type `kind` through `conn` (the caller's
/// transaction, so the event counts as handled exactly when what it did is
/// written): `true` the first time, `false` for an event already recorded.
pub async fn record_once<C: ConnectionTrait>(
    conn: &C,
    id: &str,
    kind: &str,
) -> Result<bool, DbErr> {
    let fresh = Entity::insert(ActiveModel {
        id: sea_orm::ActiveValue::Set(id.to_owned()),
        kind: sea_orm::ActiveValue::Set(kind.to_owned()),
        received_at: sea_orm::ActiveValue::Set(chrono::Utc::now()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(Column::Id)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(fresh == 1)
}
