//! The forms of lots and traceability: recording a lot, adding to its
//! diary, recalling it, and picking the lot of each line when packing an
//! order; and the GS1 Digital Link addresses (`/01/{gtin}/10/{lot}`),
//! which lead to the lot's page. Each form reads its fields, calls one
//! function of the traceability desk, and redirects or shows the page
//! again with what is wrong.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use frontend::forms::FormState;
use kernel::{CooperativeId, FieldErrors, Locale, problem};
use traceability::{
    DiaryInput, LotInput, MakerInput, MaterialInput, PackingInput, PackingLineInput, RecallInput,
};
use uuid::Uuid;

use super::{Shop, Values, confirmed, see_other, sign_in, text};
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/seller/cooperatives/{id}/lots", web::post().to(create_lot))
        .route("/seller/lots/{id}/diary", web::post().to(add_diary_entry))
        .route("/seller/lots/{id}/recall", web::post().to(recall))
        .route("/seller/orders/{id}/lots", web::post().to(choose_lots))
        .route("/01/{gtin}/10/{lot}", web::get().to(gs1_link));
}

/// The most lines a packing form is read for.
const MAX_LINES: usize = 200;

fn optional(values: &Values, name: &str) -> Option<String> {
    Some(text(values, name)).filter(|v| !v.trim().is_empty())
}

/// A date typed in `name` (`YYYY-MM-DD`, as date inputs send it).
fn date(values: &Values, name: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let typed = text(values, name);
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    NaiveDate::parse_from_str(typed, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(typed, "%d/%m/%Y"))
        .map_err(|_| errors.add(name, problem::not_a_date()))
        .ok()
}

/// Lines of a textarea as (name, detail): "Hộ bà Hoa — đan thân giỏ".
fn pairs(text: &str) -> Vec<(String, Option<String>)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let split = [" — ", " – ", " - ", ": "]
                .iter()
                .find_map(|sep| line.split_once(sep));
            match split {
                Some((name, detail)) => (
                    name.trim().to_owned(),
                    Some(detail.trim().to_owned()).filter(|d| !d.is_empty()),
                ),
                None => (line.to_owned(), None),
            }
        })
        .collect()
}

/// The page's language, for the answers' titles.
fn locale_of(req: &HttpRequest) -> Locale {
    req.cookie("lang")
        .and_then(|c| c.value().parse().ok())
        .unwrap_or(Locale::Vi)
}

async fn create_lot(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/cooperatives/{id}/lots");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let mut errors = FieldErrors::new();
    let (product_id, variant_id) = {
        let typed = text(&values, "product_id");
        let (product, variant) = typed.split_once('/').unwrap_or((typed.as_str(), ""));
        (
            product.trim().parse::<Uuid>().ok(),
            variant.trim().parse::<Uuid>().ok(),
        )
    };
    let quantity = match text(&values, "quantity").trim() {
        "" => None,
        typed => match typed.replace(['.', ',', ' '], "").parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add("quantity", problem::not_a_whole_number());
                None
            }
        },
    };
    let input = LotInput {
        product_id,
        variant_id,
        lot_number: text(&values, "lot_number"),
        gtin: optional(&values, "gtin"),
        quantity,
        unit: optional(&values, "unit"),
        harvested_on: date(&values, "harvested_on", &mut errors),
        produced_on: date(&values, "produced_on", &mut errors),
        packed_on: date(&values, "packed_on", &mut errors),
        best_before: date(&values, "best_before", &mut errors),
        commune: optional(&values, "commune"),
        place: optional(&values, "place"),
        makers: pairs(&text(&values, "makers"))
            .into_iter()
            .map(|(name, role)| MakerInput { name, role })
            .collect(),
        materials: pairs(&text(&values, "materials"))
            .into_iter()
            .map(|(name, origin)| MaterialInput { name, origin })
            .collect(),
        certification_ids: values
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("cert-")
                    .filter(|_| v == "on")
                    .and_then(|id| id.parse().ok())
            })
            .collect(),
        notes: optional(&values, "notes"),
    };
    if !errors.is_empty() {
        let state = FormState::failed("lot", values, errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let locale = locale_of(&req);
    match state
        .traceability
        .create_lot(&actor, id, &input, locale)
        .await
    {
        Ok(lot) => see_other(&format!("/seller/lots/{}?notice=lot-created", lot.id)),
        Err(err) => shop.refused(req, &page, "lot", values, &err).await,
    }
}

async fn add_diary_entry(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/lots/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let mut errors = FieldErrors::new();
    let interval = match text(&values, "pre_harvest_interval_days").trim() {
        "" => None,
        typed => match typed.parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add(
                    "pre_harvest_interval_days",
                    problem::whole_number_between(0, 365),
                );
                None
            }
        },
    };
    let input = DiaryInput {
        kind: text(&values, "kind"),
        happened_on: date(&values, "happened_on", &mut errors),
        title: text(&values, "title"),
        detail: optional(&values, "detail"),
        input_name: optional(&values, "input_name"),
        dose: optional(&values, "dose"),
        pre_harvest_interval_days: interval,
        photo_url: optional(&values, "photo_url"),
    };
    if !errors.is_empty() {
        let state = FormState::failed("diary", values, errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let locale = locale_of(&req);
    match state
        .traceability
        .add_diary_entry(&actor, id, &input, locale)
        .await
    {
        Ok(_) => see_other(&format!("{page}?notice=lot-diary-added#diary")),
        Err(err) => shop.refused(req, &page, "diary", values, &err).await,
    }
}

async fn recall(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/lots/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    if !confirmed(&values) {
        let errors = FieldErrors::single("confirm", problem::required());
        let state = FormState::failed("recall", values, errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let input = RecallInput {
        reason: text(&values, "reason"),
    };
    let locale = locale_of(&req);
    match state.traceability.recall(&actor, id, &input, locale).await {
        Ok(_) => see_other(&format!("{page}?notice=lot-recalled")),
        Err(err) => shop.refused(req, &page, "recall", values, &err).await,
    }
}

async fn choose_lots(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/orders/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let mut lines = Vec::new();
    for row in 0..MAX_LINES {
        let Some(item) = optional(&values, &format!("lines[{row}].item_id")) else {
            break;
        };
        // a line left on "choose a lot" keeps what it had
        let Some(lot) = optional(&values, &format!("lines[{row}].lot_id")) else {
            continue;
        };
        lines.push(PackingLineInput {
            item_id: item.trim().parse().ok(),
            lot_id: lot.trim().parse().ok(),
        });
    }
    let locale = locale_of(&req);
    match state
        .traceability
        .choose_lots(&actor, id, &PackingInput { lines }, locale)
        .await
    {
        Ok(_) => see_other(&format!("{page}?notice=order-lots-saved#lots")),
        Err(err) => shop.refused(req, &page, "lots", values, &err).await,
    }
}

/// `/01/{gtin}/10/{lot}`: a GS1 Digital Link address of a lot (the GTIN
/// and the cooperative's lot number) leads to its page, where the visit is
/// counted.
async fn gs1_link(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (gtin, lot) = path.into_inner();
    let code = state.traceability.code_for_gs1(&gtin, &lot).await?;
    Ok(HttpResponse::Found()
        .insert_header((actix_web::http::header::LOCATION, format!("/t/{code}")))
        .finish())
}
