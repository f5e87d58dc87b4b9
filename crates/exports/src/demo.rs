//! The export desk in the demo, made through the same calls importers,
//! Bao La and union staff make, once (nothing is added when the market has
//! requests for quote already):
//!
//! - Tanaka Yuki of Kansai Zakka Trading (Osaka, in Japanese, yen) asks Bao
//!   La for 2,000 lidded baskets in two sizes with their own tag, FOB Đà
//!   Nẵng, a sample first; Bao La has quoted and answered a question;
//! - her earlier order of bamboo lamp shades and award-winning rattan
//!   table covers was accepted, its 30% deposit recorded by union staff,
//!   and is in production;
//! - Wang Fang of a Shanghai homeware company (in Chinese, yuan) asks for a
//!   custom design of rattan table covers, waiting for Bao La's quote.

use accounts::Actor;
use chrono::{Days, Utc};
use entity::{export_payments, product_variants, products, quote_requests};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::model::ExportStatus;
use crate::{
    BuyerInput, Exports, MessageInput, PaymentInput, QuoteInput, QuoteLineInput, RequestInput,
    RequestLineInput, Result, StepInput,
};

/// The demo accounts the export desk is used by.
pub struct DemoPeople {
    /// Union staff.
    pub staff: Actor,
    /// The owner of Bao La.
    pub baola: Actor,
    /// The importer from Osaka (`osaka@hoptac.demo`).
    pub osaka: Actor,
    /// The importer from Shanghai (`shanghai@hoptac.demo`).
    pub shanghai: Actor,
}

/// The variants of a Bao La listing, by position.
async fn variants(exports: &Exports, slug: &str) -> Result<Vec<Uuid>> {
    let Some(product) = products::Entity::find()
        .filter(products::Column::Slug.eq(slug))
        .one(&exports.db)
        .await?
    else {
        return Ok(Vec::new());
    };
    Ok(product_variants::Entity::find()
        .filter(product_variants::Column::ProductId.eq(product.id))
        .order_by_asc(product_variants::Column::Position)
        .all(&exports.db)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect())
}

fn line(variant: Option<Uuid>, quantity: i64, description: Option<&str>) -> RequestLineInput {
    RequestLineInput {
        variant_id: variant,
        description: description.map(str::to_owned),
        quantity,
        target_unit_price_vnd: None,
    }
}

/// A quote pricing each line of `request` in order.
async fn quote_for(
    exports: &Exports,
    actor: &Actor,
    request: Uuid,
    prices: &[(i64, i64, i64)],
    notes: &str,
) -> Result<QuoteInput> {
    let view = exports.request(Some(actor), request).await?;
    let today = kernel::time::today_in_vietnam(Utc::now());
    Ok(QuoteInput {
        lines: view
            .lines
            .iter()
            .zip(prices)
            .map(|(l, (price, min_qty, lead))| QuoteLineInput {
                line_id: l.id,
                unit_price_vnd: *price,
                quantity: None,
                min_qty: Some(*min_qty),
                lead_time_days: *lead,
            })
            .collect(),
        incoterm: "FOB".into(),
        named_place: Some("Đà Nẵng".into()),
        packing: Some("10 chiếc một thùng carton 5 lớp, 60×60×45 cm, có túi chống ẩm / 10 per 5-ply carton with desiccant".into()),
        sample_price_vnd: Some(450_000),
        sample_days: Some(10),
        deposit_percent: 30,
        valid_until: today.checked_add_days(Days::new(30)),
        notes: Some(notes.to_owned()),
    })
}

/// Seeds the export desk's demo; the number of requests made.
pub async fn seed(exports: &Exports, people: &DemoPeople) -> Result<usize> {
    if quote_requests::Entity::find().count(&exports.db).await? > 0 {
        return Ok(0);
    }
    let baskets = variants(exports, "gio-may-dan-tay-co-nap").await?;
    let lamps = variants(exports, "chao-den-tre-dan").await?;
    let covers = variants(exports, "long-ban-may-nan-nho").await?;
    let (Some(small), Some(lamp), Some(cover)) = (baskets.first(), lamps.first(), covers.first())
    else {
        // the catalogue's demo is not there: nothing to ask for
        return Ok(0);
    };
    let large = baskets.get(1).copied().unwrap_or(*small);
    exports
        .set_buyer(
            &people.osaka,
            &BuyerInput {
                company_name: "Kansai Zakka Trading Co., Ltd. (関西雑貨トレーディング株式会社)"
                    .into(),
                country: "JP".into(),
                tax_number: Some("T6120001234567".into()),
                language: "ja".into(),
                currency: "JPY".into(),
                phone: Some("+81 6-6123-4567".into()),
            },
        )
        .await?;
    exports
        .set_buyer(
            &people.shanghai,
            &BuyerInput {
                company_name: "上海禾木家居有限公司 (Shanghai Hemu Home Co., Ltd.)".into(),
                country: "CN".into(),
                tax_number: None,
                language: "zh".into(),
                currency: "CNY".into(),
                phone: Some("+86 21 5555 0188".into()),
            },
        )
        .await?;
    let today = kernel::time::today_in_vietnam(Utc::now());

    // the earlier order, in production
    let earlier = exports
        .request_quote(
            &people.osaka,
            &RequestInput {
                cooperative: "bao-la".into(),
                lines: vec![
                    line(Some(*lamp), 300, None),
                    line(
                        Some(*cover),
                        200,
                        Some("受賞デザインのまま / the award-winning design as is"),
                    ),
                ],
                destination_port: "Osaka".into(),
                incoterm: "FOB".into(),
                named_place: None,
                wanted_by: today.checked_add_days(Days::new(75)),
                samples_wanted: false,
                target_price_vnd: None,
                packaging_notes: Some(
                    "JANコードのラベルを各商品に / JAN barcode label on each piece".into(),
                ),
                message: Some("昨年のサンプルと同じ品質でお願いします。".into()),
            },
        )
        .await?;
    let quote = quote_for(
        exports,
        &people.baola,
        earlier,
        &[(185_000, 100, 40), (320_000, 50, 40)],
        "Giá đã gồm dán nhãn JAN. / Price includes JAN labels.",
    )
    .await?;
    exports.send_quote(&people.baola, earlier, &quote).await?;
    let order = exports.accept_quote(&people.osaka, earlier, 1).await?;
    if let Some(deposit) = export_payments::Entity::find()
        .filter(export_payments::Column::ExportOrderId.eq(order))
        .filter(export_payments::Column::Part.eq("deposit"))
        .one(&exports.db)
        .await?
    {
        exports
            .record_payment(
                &people.staff,
                deposit.id,
                &PaymentInput {
                    bank_reference: Some("SMBC OSAKA 0412-7781".into()),
                },
            )
            .await?;
    }
    exports
        .take_step(
            &people.baola,
            order,
            &StepInput {
                to: ExportStatus::InProduction,
                note: Some("Đã chẻ nan và bắt đầu đan, 24 hộ tham gia. / Splitting and weaving started, 24 households.".into()),
                photos: Vec::new(),
                carrier: None,
                transport_ref: None,
            },
        )
        .await?;

    // the 2,000 lidded baskets: quoted, a question answered
    let baskets = exports
        .request_quote(
            &people.osaka,
            &RequestInput {
                cooperative: "bao-la".into(),
                lines: vec![
                    line(Some(*small), 1200, Some("自社ブランドの下げ札付き / with our own hang tag")),
                    line(Some(large), 800, Some("自社ブランドの下げ札付き / with our own hang tag")),
                ],
                destination_port: "Osaka".into(),
                incoterm: "FOB".into(),
                named_place: None,
                wanted_by: today.checked_add_days(Days::new(120)),
                samples_wanted: true,
                target_price_vnd: Some(480_000_000),
                packaging_notes: Some("下げ札は当社支給(日本語)。1カートン10個。/ Hang tags supplied by us (Japanese); 10 per carton.".into()),
                message: Some("各サイズのサンプルを先にお送りいただけますか。原産地証明書はForm VJでお願いします。".into()),
            },
        )
        .await?;
    let quote = quote_for(
        exports,
        &people.baola,
        baskets,
        &[(150_000, 500, 45), (235_000, 300, 45)],
        "Mẫu gửi trong 10 ngày qua EMS. C/O Form VJ do Bộ Công Thương cấp. / Samples in 10 days by EMS; C/O Form VJ issued by the Ministry of Industry and Trade.",
    )
    .await?;
    exports.send_quote(&people.baola, baskets, &quote).await?;
    exports
        .post_message(
            &people.baola,
            baskets,
            &MessageInput {
                body: "Chào chị Tanaka, mẫu hai cỡ sẽ gửi EMS trong 10 ngày. Thẻ treo của quý công ty xin gửi trước khi sản xuất 15 ngày. / Dear Ms Tanaka, samples of both sizes go by EMS within 10 days; please send your hang tags 15 days before production.".into(),
            },
        )
        .await?;

    // a custom design from Shanghai, waiting for a quote
    exports
        .request_quote(
            &people.shanghai,
            &RequestInput {
                cooperative: "bao-la".into(),
                lines: vec![line(
                    None,
                    600,
                    Some("定制藤编餐桌罩,直径 60 厘米,浅色天然藤,带竹编提手 / custom rattan table cover, 60 cm, natural light rattan, bamboo handle"),
                )],
                destination_port: "Shanghai".into(),
                incoterm: "CIF".into(),
                named_place: None,
                wanted_by: today.checked_add_days(Days::new(90)),
                samples_wanted: true,
                target_price_vnd: None,
                packaging_notes: Some("每件独立纸盒包装,中文标签 / each in its own box with a Chinese label".into()),
                message: Some("您好,我们希望先看样品。原产地证书请提供 Form E。".into()),
            },
        )
        .await?;
    Ok(3)
}
