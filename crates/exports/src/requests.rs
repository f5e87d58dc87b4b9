//! Asking for a quote, and the messages on a request.

use std::collections::HashMap;

use accounts::Actor;
use chrono::{NaiveDate, Utc};
use entity::{
    cooperatives, export_buyers, product_variants, products, quote_messages, quote_request_lines,
    quote_requests,
};
use kernel::{FieldErrors, Locale, problem};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{Side, side_of};
use crate::buyers::{optional, required};
use crate::mail::Event;
use crate::model::{Incoterm, RequestStatus};
use crate::{Error, Exports, Result};

/// The most lines a request may have.
pub const MAX_LINES: usize = 50;

/// The most a message may say.
pub const MAX_MESSAGE: usize = 4000;

/// A line of a request for quote: a listed variant, or a custom design
/// described.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RequestLineInput {
    /// A variant of the cooperative's listings.
    pub variant_id: Option<Uuid>,
    /// What is wanted, for a custom design (or a note on a variant).
    pub description: Option<String>,
    /// How many.
    pub quantity: i64,
    /// Target price of one unit, in đồng.
    pub target_unit_price_vnd: Option<i64>,
}

/// A request for quote, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RequestInput {
    /// The cooperative asked (its slug or id).
    pub cooperative: String,
    /// What is wanted.
    pub lines: Vec<RequestLineInput>,
    /// Destination port, e.g. `Osaka`.
    pub destination_port: String,
    /// EXW, FCA, FOB, CFR or CIF (Incoterms 2020).
    pub incoterm: String,
    /// The Incoterm's named place (defaults: Huế for EXW/FCA, Đà Nẵng for
    /// FOB, the destination port for CFR/CIF).
    pub named_place: Option<String>,
    /// Wanted delivered by.
    pub wanted_by: Option<NaiveDate>,
    /// Samples wanted first.
    pub samples_wanted: bool,
    /// Target price of the whole request, in đồng.
    pub target_price_vnd: Option<i64>,
    /// Labelling and packaging wishes (own tags, cartons…).
    pub packaging_notes: Option<String>,
    /// A first message to the cooperative.
    pub message: Option<String>,
}

/// A message on a request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MessageInput {
    /// What to say.
    pub body: String,
}

/// A line checked, ready to store.
struct Line {
    product_id: Option<Uuid>,
    variant_id: Option<Uuid>,
    sku: Option<String>,
    description: String,
    quantity: i32,
    target: Option<i64>,
}

fn positive_vnd(value: Option<i64>, field: &str, errors: &mut FieldErrors) -> Option<i64> {
    let v = value?;
    if v <= 0 {
        errors.add(field, problem::must_be_positive());
    }
    Some(v)
}

impl Exports {
    /// `actor` asks a cooperative for a quote. Needs a company account.
    pub async fn request_quote(&self, actor: &Actor, input: &RequestInput) -> Result<Uuid> {
        crate::buyers::own_account(actor)?;
        let buyer = export_buyers::Entity::find_by_id(actor.user_id.uuid())
            .one(&self.db)
            .await?
            .ok_or(Error::CompanyAccountRequired)?;
        let mut errors = FieldErrors::new();
        let asked = input.cooperative.trim();
        let coop = cooperatives::Entity::find()
            .filter(match asked.parse::<Uuid>() {
                Ok(id) => cooperatives::Column::Id.eq(id),
                Err(_) => cooperatives::Column::Slug.eq(asked),
            })
            .filter(cooperatives::Column::Status.eq(cooperatives::Status::Approved))
            .one(&self.db)
            .await?;
        if coop.is_none() {
            errors.add("cooperative", problem::cooperative_unknown());
        }
        let port = required(
            &input.destination_port,
            "destination_port",
            120,
            &mut errors,
        );
        let incoterm = Incoterm::parse(&input.incoterm);
        if incoterm.is_none() {
            errors.add("incoterm", problem::not_one_of(Incoterm::CHOICES));
        }
        let incoterm = incoterm.unwrap_or(Incoterm::Fob);
        let place = optional(
            input.named_place.as_deref(),
            "named_place",
            120,
            &mut errors,
        )
        .unwrap_or_else(|| {
            if incoterm.names_destination() {
                port.clone()
            } else {
                incoterm.default_place().to_owned()
            }
        });
        let today = kernel::time::today_in_vietnam(Utc::now());
        if input.wanted_by.is_some_and(|d| d <= today) {
            errors.add("wanted_by", problem::date_not_ahead());
        }
        let target = positive_vnd(input.target_price_vnd, "target_price_vnd", &mut errors);
        let packaging = optional(
            input.packaging_notes.as_deref(),
            "packaging_notes",
            2000,
            &mut errors,
        );
        let message = optional(
            input.message.as_deref(),
            "message",
            MAX_MESSAGE,
            &mut errors,
        );
        let lines = match &coop {
            Some(coop) => self.check_lines(coop.id, &input.lines, &mut errors).await?,
            None => Vec::new(),
        };
        errors.into_result(()).map_err(Error::Invalid)?;
        let coop = coop.ok_or(Error::RequestNotFound)?;

        let id = Uuid::now_v7();
        let now = Utc::now();
        let number = crate::number("RFQ")?;
        let txn = entity::db::begin_write(&self.db).await?;
        quote_requests::Entity::insert(quote_requests::ActiveModel {
            id: Set(id),
            number: Set(number.clone()),
            cooperative_id: Set(coop.id),
            buyer_id: Set(buyer.user_id),
            company_name: Set(buyer.company_name.clone()),
            country: Set(buyer.country.clone()),
            destination_port: Set(port),
            incoterm: Set(incoterm.as_str().to_owned()),
            named_place: Set(place),
            wanted_by: Set(input.wanted_by),
            samples_wanted: Set(input.samples_wanted),
            target_price_vnd: Set(target),
            packaging_notes: Set(packaging),
            language: Set(buyer.language.clone()),
            currency: Set(buyer.currency.clone()),
            status: Set(RequestStatus::Open.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let rows = lines
            .into_iter()
            .zip(1..)
            .map(|(l, position)| quote_request_lines::ActiveModel {
                id: Set(Uuid::now_v7()),
                request_id: Set(id),
                position: Set(position),
                product_id: Set(l.product_id),
                variant_id: Set(l.variant_id),
                sku: Set(l.sku),
                description: Set(l.description),
                quantity: Set(l.quantity),
                target_unit_price_vnd: Set(l.target),
            })
            .collect::<Vec<_>>();
        quote_request_lines::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
        if let Some(body) = message {
            insert_message(&txn, id, actor, Side::Buyer, body).await?;
        }
        let request = quote_requests::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(Error::RequestNotFound)?;
        self.tell_cooperative(&txn, &coop, &request, Event::RequestReceived, None)
            .await?;
        txn.commit().await?;
        tracing::info!(request = %number, cooperative = %coop.slug, "request for quote");
        Ok(id)
    }

    async fn check_lines(
        &self,
        cooperative: Uuid,
        input: &[RequestLineInput],
        errors: &mut FieldErrors,
    ) -> Result<Vec<Line>> {
        if input.is_empty() {
            errors.add("lines", problem::lines_missing());
            return Ok(Vec::new());
        }
        if input.len() > MAX_LINES {
            errors.add("lines", problem::too_many_lines(MAX_LINES as i64));
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = input.iter().filter_map(|l| l.variant_id).collect();
        let variants: HashMap<Uuid, product_variants::Model> = product_variants::Entity::find()
            .filter(product_variants::Column::Id.is_in(ids))
            .filter(product_variants::Column::CooperativeId.eq(cooperative))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let product_ids: Vec<Uuid> = variants.values().map(|v| v.product_id).collect();
        let products: HashMap<Uuid, products::Model> = products::Entity::find()
            .filter(products::Column::Id.is_in(product_ids))
            .filter(products::Column::Status.eq(products::Status::Published))
            .filter(products::Column::TakenDown.eq(false))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut lines = Vec::with_capacity(input.len());
        for (i, line) in input.iter().enumerate() {
            let at = |field: &str| format!("lines[{i}].{field}");
            let quantity = if line.quantity <= 0 {
                errors.add(at("quantity"), problem::must_be_positive());
                1
            } else {
                i32::try_from(line.quantity).unwrap_or_else(|_| {
                    errors.add(at("quantity"), problem::too_large());
                    1
                })
            };
            let target = positive_vnd(
                line.target_unit_price_vnd,
                &at("target_unit_price_vnd"),
                errors,
            );
            let note = optional(
                line.description.as_deref(),
                &at("description"),
                2000,
                errors,
            );
            let listed = line.variant_id.map(|id| {
                variants
                    .get(&id)
                    .and_then(|v| products.get(&v.product_id).map(|p| (v, p)))
            });
            let (product_id, variant_id, sku, description) = match listed {
                Some(Some((v, p))) => {
                    let title = p.title.get(Locale::En).to_owned();
                    let description = match note {
                        Some(note) => format!("{title}{}{note}", crate::names::NOTE_AFTER),
                        None => title,
                    };
                    (Some(p.id), Some(v.id), Some(v.sku.clone()), description)
                }
                Some(None) => {
                    errors.add(at("variant_id"), problem::not_a_variant_of_cooperative());
                    (None, None, None, String::new())
                }
                None => match note {
                    Some(note) => (None, None, None, note),
                    None => {
                        errors.add(at("description"), problem::line_needs_item());
                        (None, None, None, String::new())
                    }
                },
            };
            lines.push(Line {
                product_id,
                variant_id,
                sku,
                description,
                quantity,
                target,
            });
        }
        Ok(lines)
    }

    /// `actor` writes on a request: its importer, the cooperative or union
    /// staff. The other side is e-mailed.
    pub async fn post_message(
        &self,
        actor: &Actor,
        request: Uuid,
        input: &MessageInput,
    ) -> Result<()> {
        let row = self.request_row(request).await?;
        let side = side_of(Some(actor), &row)?;
        let mut errors = FieldErrors::new();
        let body = required(&input.body, "body", MAX_MESSAGE, &mut errors);
        errors.into_result(()).map_err(Error::Invalid)?;
        let txn = entity::db::begin_write(&self.db).await?;
        insert_message(&txn, row.id, actor, side, body.clone()).await?;
        match side {
            Side::Buyer | Side::Staff => {
                let coop = self.cooperative(&txn, row.cooperative_id).await?;
                self.tell_cooperative(&txn, &coop, &row, Event::Message, Some(body.clone()))
                    .await?;
            }
            Side::Cooperative => {}
        }
        if side != Side::Buyer {
            self.tell_buyer(&txn, &row, Event::Message, Some(body))
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    pub(crate) async fn request_row(&self, id: Uuid) -> Result<quote_requests::Model> {
        quote_requests::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::RequestNotFound)
    }

    pub(crate) async fn cooperative<C: sea_orm::ConnectionTrait>(
        &self,
        conn: &C,
        id: Uuid,
    ) -> Result<cooperatives::Model> {
        cooperatives::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(Error::RequestNotFound)
    }
}

async fn insert_message<C: sea_orm::ConnectionTrait>(
    conn: &C,
    request: Uuid,
    actor: &Actor,
    side: Side,
    body: String,
) -> Result<()> {
    quote_messages::Entity::insert(quote_messages::ActiveModel {
        id: Set(Uuid::now_v7()),
        request_id: Set(request),
        author_id: Set(Some(actor.user_id.uuid())),
        side: Set(side.as_str().to_owned()),
        body: Set(body),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
