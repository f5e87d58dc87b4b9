//! The papers the market makes for an export order from what was agreed:
//! the proforma invoice (on acceptance, for the deposit), the commercial
//! invoice and the packing list (for customs and the carrier), each a PDF
//! in the buyer's language and in English, numbered after the order.
//!
//! Fonts are read once, on the first paper asked for
//! ([`Fonts::shared`]); typesetting runs on a blocking thread so that it never holds up the server's workers.

use std::collections::HashMap;

use accounts::Actor;
use chrono::Utc;
use documents::{DocumentLine, Fonts, Party, TradeDocument};
use entity::json::QuoteLine;
use entity::{
    cooperatives, export_buyers, export_orders, product_variants, products, quote_request_lines,
    quote_requests, quotes, users,
};
use kernel::{Currency, Locale, Rate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::access::side_of;
use crate::model::{DocumentKind, Incoterm};
use crate::{Error, Exports, Result};

/// Pieces a carton holds when the quote says nothing else.
const PER_CARTON: u32 = 10;
/// What a 5-ply export carton and its filling weigh, in grams.
const CARTON_GRAMS: u64 = 600;

/// Everything a paper of one order says.
struct Agreed {
    order: export_orders::Model,
    request: quote_requests::Model,
    quote: quotes::Model,
    lines: Vec<DocumentLine>,
    seller: Party,
    buyer: Party,
}

fn country_name(code: &str) -> String {
    match code {
        "VN" => "Việt Nam".into(),
        "JP" => "Japan".into(),
        "CN" => "China".into(),
        "KR" => "Korea".into(),
        "US" => "United States".into(),
        other => other.to_owned(),
    }
}

fn payment_terms(locale: Locale, deposit: i32) -> String {
    let balance = 100 - deposit;
    let english = format!(
        "{deposit}% deposit on acceptance, balance {balance}% before shipment, by international bank transfer"
    );
    let own = match locale {
        Locale::Ja => format!("承諾時に{deposit}%前払金、出荷前に残金{balance}%、海外送金にて"),
        Locale::Zh => {
            format!("接受报价时支付{deposit}%定金,发货前支付{balance}%尾款,以国际电汇支付")
        }
        Locale::Vi => format!(
            "Đặt cọc {deposit}% khi chấp nhận, thanh toán {balance}% còn lại trước khi giao hàng, chuyển khoản quốc tế"
        ),
        Locale::En => return english,
    };
    format!("{own} / {english}")
}

impl Exports {
    async fn agreed(&self, order: Uuid) -> Result<Agreed> {
        let (order, request) = self.order_row(&self.db, order).await?;
        let quote = quotes::Entity::find_by_id(order.quote_id)
            .one(&self.db)
            .await?
            .ok_or(Error::Corrupt("the accepted quote is missing".into()))?;
        let asked: HashMap<Uuid, quote_request_lines::Model> = quote_request_lines::Entity::find()
            .filter(quote_request_lines::Column::RequestId.eq(request.id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
        let variant_ids: Vec<Uuid> = asked.values().filter_map(|l| l.variant_id).collect();
        let variants: HashMap<Uuid, product_variants::Model> = product_variants::Entity::find()
            .filter(product_variants::Column::Id.is_in(variant_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let product_ids: Vec<Uuid> = asked.values().filter_map(|l| l.product_id).collect();
        let titles: HashMap<Uuid, kernel::I18nText> = products::Entity::find()
            .filter(products::Column::Id.is_in(product_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.title))
            .collect();
        let locale: Locale = request.language.parse().unwrap_or(Locale::En);
        let lines = quote
            .lines
            .0
            .iter()
            .map(|q: &QuoteLine| {
                let line = asked.get(&q.request_line_id);
                let variant = line
                    .and_then(|l| l.variant_id)
                    .and_then(|v| variants.get(&v));
                let own_title = line
                    .and_then(|l| l.product_id)
                    .and_then(|p| titles.get(&p))
                    .and_then(|t| t.exact(locale).filter(|_| locale != Locale::En))
                    .map(str::to_owned);
                let described = line.map(|l| l.description.clone()).unwrap_or_default();
                let description = match own_title {
                    Some(own) => format!("{own} / {described}"),
                    None => described,
                };
                let quantity = u32::try_from(q.quantity).unwrap_or(0);
                let each = variant
                    .and_then(|v| v.weight_grams)
                    .and_then(|g| u64::try_from(g).ok())
                    .unwrap_or(0);
                let net = each.saturating_mul(u64::from(quantity));
                let packages = quantity.div_ceil(PER_CARTON);
                DocumentLine {
                    sku: line
                        .and_then(|l| l.sku.clone())
                        .unwrap_or_else(|| "—".into()),
                    description,
                    hs_code: variant
                        .and_then(|v| v.hs_code.clone())
                        .unwrap_or_else(|| "—".into()),
                    quantity,
                    unit: "pcs".into(),
                    unit_price_vnd: q.unit_price_vnd,
                    amount_vnd: q.unit_price_vnd.saturating_mul(i64::from(q.quantity)),
                    net_weight_g: net,
                    gross_weight_g: net.saturating_add(u64::from(packages) * CARTON_GRAMS),
                    packages,
                }
            })
            .collect();
        let coop = cooperatives::Entity::find_by_id(order.cooperative_id)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        let seller = Party {
            name: coop.name.clone(),
            address: [
                coop.street.clone(),
                coop.ward.clone(),
                coop.district.clone(),
                Some(coop.province.clone()),
            ]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect(),
            country: country_name("VN"),
            tax_number: coop.tax_code.clone(),
            contact: [coop.phone.clone(), coop.email.clone()]
                .into_iter()
                .flatten()
                .collect(),
        };
        let company = export_buyers::Entity::find_by_id(request.buyer_id)
            .one(&self.db)
            .await?;
        let person = users::Entity::find_by_id(request.buyer_id)
            .one(&self.db)
            .await?;
        let buyer = Party {
            name: request.company_name.clone(),
            address: Vec::new(),
            country: country_name(&request.country),
            tax_number: company.as_ref().and_then(|c| c.tax_number.clone()),
            contact: [
                person.as_ref().map(|p| p.name.clone()),
                person.as_ref().map(|p| p.email.clone()),
                company.and_then(|c| c.phone),
            ]
            .into_iter()
            .flatten()
            .collect(),
        };
        Ok(Agreed {
            order,
            request,
            quote,
            lines,
            seller,
            buyer,
        })
    }

    /// A paper the market makes for an export order, as a file name and
    /// PDF bytes, for the importer, the cooperative and union staff.
    pub(crate) async fn paper(
        &self,
        actor: Option<&Actor>,
        order: Uuid,
        kind: DocumentKind,
    ) -> Result<(String, Vec<u8>)> {
        let agreed = self.agreed(order).await?;
        side_of(actor, &agreed.request).map_err(Error::of_order)?;
        let (paper_kind, prefix) = match kind {
            DocumentKind::ProformaInvoice => (documents::DocumentKind::ProformaInvoice, "PI"),
            DocumentKind::CommercialInvoice => (documents::DocumentKind::CommercialInvoice, "CI"),
            DocumentKind::PackingList => (documents::DocumentKind::PackingList, "PL"),
            _ => return Err(Error::DocumentNotFound),
        };
        let number = format!("{prefix}-{}", agreed.order.number.trim_start_matches("EX-"));
        let locale: Locale = agreed.request.language.parse().unwrap_or(Locale::En);
        let rate = agreed.quote.vnd_per_unit_milli.and_then(|milli| {
            let currency: Currency = agreed.quote.currency.parse().ok()?;
            (currency != Currency::Vnd).then_some(Rate {
                currency,
                vnd_per_unit_milli: milli,
            })
        });
        let incoterm = Incoterm::parse(&agreed.quote.incoterm).unwrap_or(Incoterm::Fob);
        let mut bank = self.config.bank_details.clone();
        bank.push(format!(
            "Reference: {}-D (deposit) / {}-B (balance)",
            agreed.order.number, agreed.order.number
        ));
        let mut notes = vec![format!(
            "Quote {} v{} · {}",
            agreed.request.number, agreed.quote.version, agreed.request.destination_port
        )];
        notes.extend(agreed.quote.packing.clone());
        notes.extend(agreed.quote.notes.clone());
        if kind == DocumentKind::PackingList {
            notes.push(format!(
                "Cartons of {PER_CARTON} pieces; gross weight counts {} kg a carton.",
                CARTON_GRAMS as f64 / 1000.0
            ));
        }
        let issued_on = match kind {
            DocumentKind::ProformaInvoice => {
                kernel::time::today_in_vietnam(agreed.order.created_at)
            }
            _ => kernel::time::today_in_vietnam(Utc::now()),
        };
        let doc = TradeDocument {
            kind: paper_kind,
            number: number.clone(),
            issued_on,
            language: locale,
            seller: agreed.seller,
            buyer: agreed.buyer,
            incoterm: format!(
                "{} {} (Incoterms 2020)",
                incoterm.as_str(),
                agreed.quote.named_place
            ),
            payment_terms: payment_terms(locale, agreed.quote.deposit_percent),
            lines: agreed.lines,
            rate,
            deposit_percent: u8::try_from(agreed.quote.deposit_percent).ok(),
            bank,
            notes,
        };
        let fonts = Fonts::shared().map_err(Error::PapersUnavailable)?;
        let bytes =
            tokio::task::spawn_blocking(move || documents::render_trade_document(&doc, &fonts))
                .await
                .map_err(|e| Error::PapersUnavailable(e.to_string()))?
                .map_err(|e| Error::PapersUnavailable(e.to_string()))?;
        Ok((format!("{number}.pdf"), bytes))
    }
}
