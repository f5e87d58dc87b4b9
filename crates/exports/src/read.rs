//! Reading requests for quote: one whole (lines, every quote version,
//! messages, its order), the lists of an importer and of a cooperative,
//! and union staff's desk with its figures.

use std::collections::HashMap;

use accounts::{Action, Actor, authorize};
use chrono::{NaiveDate, Utc};
use entity::{
    cooperatives, export_orders, quote_messages, quote_request_lines, quote_requests, quotes,
};
use kernel::{CooperativeId, Money};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::side_of;
use crate::model::{ExportStatus, Incoterm, RequestStatus};
use crate::quotes::QuoteView;
use crate::{Error, Exports, Result};

/// A cooperative, named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CooperativeRef {
    /// Id.
    pub id: Uuid,
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
}

/// A line of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RequestLineView {
    /// Id.
    pub id: Uuid,
    /// A listed variant.
    pub variant_id: Option<Uuid>,
    /// Its SKU.
    pub sku: Option<String>,
    /// What is wanted, as asked (a listing's English title and the
    /// importer's note, or a custom design described).
    pub description: String,
    /// The listing's title in every language, for a listed line (the page
    /// shows the reader's).
    pub title: Option<kernel::I18nText>,
    /// The importer's note on a listed line, apart from its title.
    pub note: Option<String>,
    /// How many.
    pub quantity: i32,
    /// Target price of one unit.
    pub target_unit_price: Option<Money>,
}

/// A message on a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MessageView {
    /// buyer, cooperative or staff.
    pub side: String,
    /// What they wrote.
    pub body: String,
    /// When.
    pub at: chrono::DateTime<Utc>,
}

/// The order a request became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrderRef {
    /// Id.
    pub id: Uuid,
    /// Its number.
    pub number: String,
    /// Where it stands.
    pub status: ExportStatus,
}

/// A request for quote, whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RequestView {
    /// Id.
    pub id: Uuid,
    /// `RFQ-…`.
    pub number: String,
    /// open, quoted or accepted.
    pub status: RequestStatus,
    /// The cooperative asked.
    pub cooperative: CooperativeRef,
    /// The importer's company.
    pub company_name: String,
    /// Destination country.
    pub country: String,
    /// Destination port.
    pub destination_port: String,
    /// The Incoterm wished.
    pub incoterm: Incoterm,
    /// Its named place.
    pub named_place: String,
    /// Wanted delivered by.
    pub wanted_by: Option<NaiveDate>,
    /// Samples wanted first.
    pub samples_wanted: bool,
    /// Target price of the whole.
    pub target_price: Option<Money>,
    /// Labelling and packaging wishes.
    pub packaging_notes: Option<String>,
    /// The importer's language.
    pub language: String,
    /// The importer's currency.
    pub currency: String,
    /// What is wanted.
    pub lines: Vec<RequestLineView>,
    /// Every version of the quote, oldest first.
    pub quotes: Vec<QuoteView>,
    /// The messages, oldest first.
    pub messages: Vec<MessageView>,
    /// Pictures of the designs or samples, oldest first.
    pub pictures: Vec<crate::PictureView>,
    /// The export order, once a quote is accepted.
    pub order: Option<OrderRef>,
    /// The asker's side: buyer, cooperative or staff.
    pub side: String,
    /// Asked.
    pub created_at: chrono::DateTime<Utc>,
}

/// A request in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RequestSummary {
    /// Id.
    pub id: Uuid,
    /// `RFQ-…`.
    pub number: String,
    /// open, quoted or accepted.
    pub status: RequestStatus,
    /// The cooperative asked.
    pub cooperative: CooperativeRef,
    /// The importer's company.
    pub company_name: String,
    /// Destination country.
    pub country: String,
    /// Its Incoterm and place, e.g. `FOB Đà Nẵng`.
    pub terms: String,
    /// The latest quote's total.
    pub quoted: Option<Money>,
    /// The export order.
    pub order: Option<OrderRef>,
    /// Asked.
    pub created_at: chrono::DateTime<Utc>,
}

/// Filters of union staff's desk.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct DeskFilter {
    /// open, quoted or accepted.
    pub status: Option<String>,
    /// Destination country (ISO 3166).
    pub country: Option<String>,
    /// A cooperative's slug.
    pub cooperative: Option<String>,
}

/// Export value to one country.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CountryValue {
    /// ISO 3166.
    pub country: String,
    /// Accepted orders.
    pub orders: i64,
    /// Their value.
    pub value: Money,
}

/// The export figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportFigures {
    /// Requests for quote.
    pub requests: i64,
    /// Of them, quoted (or accepted).
    pub quoted: i64,
    /// Of them, accepted.
    pub accepted: i64,
    /// Accepted of quoted, in percent.
    pub acceptance_rate_percent: i64,
    /// Export value of accepted orders, by country, largest first.
    pub by_country: Vec<CountryValue>,
}

/// Union staff's desk: requests (filtered) and figures (of all).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeskView {
    /// The requests, newest first (at most 200).
    pub requests: Vec<RequestSummary>,
    /// The figures.
    pub figures: ExportFigures,
}

/// The most requests a list shows.
const LIST_LIMIT: u64 = 200;

impl Exports {
    /// A request for quote, whole, for its importer, the cooperative's
    /// members and union staff.
    pub async fn request(&self, actor: Option<&Actor>, id: Uuid) -> Result<RequestView> {
        let row = self.request_row(id).await?;
        let side = side_of(actor, &row)?;
        let lines = quote_request_lines::Entity::find()
            .filter(quote_request_lines::Column::RequestId.eq(row.id))
            .order_by_asc(quote_request_lines::Column::Position)
            .all(&self.db)
            .await?;
        let by_id: HashMap<Uuid, quote_request_lines::Model> =
            lines.iter().map(|l| (l.id, l.clone())).collect();
        let titles = crate::names::listing_titles(&self.db, &lines).await?;
        let today = kernel::time::today_in_vietnam(Utc::now());
        let versions = quotes::Entity::find()
            .filter(quotes::Column::RequestId.eq(row.id))
            .order_by_asc(quotes::Column::Version)
            .all(&self.db)
            .await?
            .iter()
            .map(|q| crate::quotes::view(q, &by_id, &titles, today))
            .collect();
        let messages = quote_messages::Entity::find()
            .filter(quote_messages::Column::RequestId.eq(row.id))
            .order_by_asc(quote_messages::Column::CreatedAt)
            .order_by_asc(quote_messages::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| MessageView {
                side: m.side,
                body: m.body,
                at: m.created_at,
            })
            .collect();
        let order = export_orders::Entity::find()
            .filter(export_orders::Column::RequestId.eq(row.id))
            .one(&self.db)
            .await?
            .map(order_ref);
        let coop = self.cooperative(&self.db, row.cooperative_id).await?;
        let pictures = crate::pictures::pictures_of(&self.db, row.id).await?;
        Ok(RequestView {
            id: row.id,
            number: row.number,
            status: RequestStatus::parse(&row.status).unwrap_or(RequestStatus::Open),
            cooperative: CooperativeRef {
                id: coop.id,
                slug: coop.slug,
                name: coop.name,
            },
            company_name: row.company_name,
            country: row.country,
            destination_port: row.destination_port,
            incoterm: Incoterm::parse(&row.incoterm).unwrap_or(Incoterm::Fob),
            named_place: row.named_place,
            wanted_by: row.wanted_by,
            samples_wanted: row.samples_wanted,
            target_price: row.target_price_vnd.map(Money::vnd),
            packaging_notes: row.packaging_notes,
            language: row.language,
            currency: row.currency,
            lines: lines
                .into_iter()
                .map(|l| {
                    let (title, note) = crate::names::named(&l, &titles);
                    RequestLineView {
                        id: l.id,
                        variant_id: l.variant_id,
                        sku: l.sku,
                        description: l.description,
                        title,
                        note,
                        quantity: l.quantity,
                        target_unit_price: l.target_unit_price_vnd.map(Money::vnd),
                    }
                })
                .collect(),
            quotes: versions,
            messages,
            pictures,
            order,
            side: side.as_str().to_owned(),
            created_at: row.created_at,
        })
    }

    /// The requests `actor` made as an importer, newest first.
    pub async fn my_requests(&self, actor: &Actor) -> Result<Vec<RequestSummary>> {
        crate::buyers::own_account(actor)?;
        let rows = quote_requests::Entity::find()
            .filter(quote_requests::Column::BuyerId.eq(actor.user_id.uuid()))
            .order_by_desc(quote_requests::Column::CreatedAt)
            .limit(LIST_LIMIT)
            .all(&self.db)
            .await?;
        self.summaries(rows).await
    }

    /// The requests a cooperative was asked, newest first, for its members.
    pub async fn cooperative_requests(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
    ) -> Result<Vec<RequestSummary>> {
        authorize(Some(actor), Action::ViewCooperative(cooperative))?;
        let rows = quote_requests::Entity::find()
            .filter(quote_requests::Column::CooperativeId.eq(cooperative.0))
            .order_by_desc(quote_requests::Column::CreatedAt)
            .limit(LIST_LIMIT)
            .all(&self.db)
            .await?;
        self.summaries(rows).await
    }

    /// Union staff's desk: every request (filtered) and the figures.
    pub async fn desk(&self, actor: &Actor, filter: &DeskFilter) -> Result<DeskView> {
        authorize(Some(actor), Action::Moderate)?;
        let mut query = quote_requests::Entity::find();
        if let Some(status) = filter.status.as_deref().and_then(RequestStatus::parse) {
            query = query.filter(quote_requests::Column::Status.eq(status.as_str()));
        }
        if let Some(country) = filter.country.as_deref().filter(|c| !c.is_empty()) {
            query = query
                .filter(quote_requests::Column::Country.eq(country.trim().to_ascii_uppercase()));
        }
        if let Some(slug) = filter.cooperative.as_deref().filter(|c| !c.is_empty()) {
            let coop = cooperatives::Entity::find()
                .filter(cooperatives::Column::Slug.eq(slug))
                .one(&self.db)
                .await?;
            query = query.filter(
                quote_requests::Column::CooperativeId.eq(coop.map_or(Uuid::nil(), |c| c.id)),
            );
        }
        let rows = query
            .order_by_desc(quote_requests::Column::CreatedAt)
            .limit(LIST_LIMIT)
            .all(&self.db)
            .await?;
        Ok(DeskView {
            requests: self.summaries(rows).await?,
            figures: self.figures().await?,
        })
    }

    /// The desk's figures, counted by the database: requests by status,
    /// export orders and their value by the buyer's country.
    async fn figures(&self) -> Result<ExportFigures> {
        use sea_orm::sea_query::{Expr, ExprTrait as _};
        use sea_orm::{JoinType, QuerySelect, RelationTrait};
        let by_status: HashMap<String, i64> = quote_requests::Entity::find()
            .select_only()
            .column(quote_requests::Column::Status)
            .column_as(Expr::col(quote_requests::Column::Id).count(), "n")
            .group_by(quote_requests::Column::Status)
            .into_tuple::<(String, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let requests = by_status.values().sum();
        let accepted = by_status.get("accepted").copied().unwrap_or(0);
        let quoted = by_status.get("quoted").copied().unwrap_or(0) + accepted;
        let by: Vec<(String, i64, i64)> = export_orders::Entity::find()
            .join(JoinType::InnerJoin, export_orders::Relation::Request.def())
            .select_only()
            .column(quote_requests::Column::Country)
            .column_as(
                Expr::col((export_orders::Entity, export_orders::Column::Id)).count(),
                "orders",
            )
            .column_as(
                Expr::cust("CAST(COALESCE(SUM(export_orders.total_vnd), 0) AS BIGINT)"),
                "value",
            )
            .group_by(quote_requests::Column::Country)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut by_country: Vec<CountryValue> = by
            .into_iter()
            .map(|(country, orders, value)| CountryValue {
                country,
                orders,
                value: Money::vnd(value),
            })
            .collect();
        by_country.sort_by_key(|c| std::cmp::Reverse(c.value.amount));
        Ok(ExportFigures {
            requests,
            quoted,
            accepted,
            acceptance_rate_percent: if quoted > 0 {
                accepted * 100 / quoted
            } else {
                0
            },
            by_country,
        })
    }

    async fn summaries(&self, rows: Vec<quote_requests::Model>) -> Result<Vec<RequestSummary>> {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let coops: HashMap<Uuid, cooperatives::Model> = cooperatives::Entity::find()
            .filter(cooperatives::Column::Id.is_in(rows.iter().map(|r| r.cooperative_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut latest: HashMap<Uuid, (i32, i64)> = HashMap::new();
        for q in quotes::Entity::find()
            .filter(quotes::Column::RequestId.is_in(ids.clone()))
            .all(&self.db)
            .await?
        {
            let e = latest
                .entry(q.request_id)
                .or_insert((q.version, q.total_vnd));
            if q.version >= e.0 {
                *e = (q.version, q.total_vnd);
            }
        }
        let orders: HashMap<Uuid, OrderRef> = export_orders::Entity::find()
            .filter(export_orders::Column::RequestId.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.request_id, order_ref(o)))
            .collect();
        rows.into_iter()
            .map(|r| {
                let coop = coops.get(&r.cooperative_id).ok_or(Error::RequestNotFound)?;
                Ok(RequestSummary {
                    id: r.id,
                    number: r.number,
                    status: RequestStatus::parse(&r.status).unwrap_or(RequestStatus::Open),
                    cooperative: CooperativeRef {
                        id: coop.id,
                        slug: coop.slug.clone(),
                        name: coop.name.clone(),
                    },
                    company_name: r.company_name,
                    country: r.country,
                    terms: format!("{} {}", r.incoterm, r.named_place),
                    quoted: latest.get(&r.id).map(|(_, t)| Money::vnd(*t)),
                    order: orders.get(&r.id).cloned(),
                    created_at: r.created_at,
                })
            })
            .collect()
    }
}

fn order_ref(o: export_orders::Model) -> OrderRef {
    OrderRef {
        id: o.id,
        number: o.number,
        status: ExportStatus::parse(&o.status).unwrap_or(ExportStatus::AwaitingDeposit),
    }
}
