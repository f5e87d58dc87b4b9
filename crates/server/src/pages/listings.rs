//! A cooperative's catalogue from the shop's forms: listings (create, edit,
//! the steps of their life), their pictures, importing a spreadsheet, and
//! certifications.
//!
//! The listing form names its inputs after the catalogue's field paths
//! (`title.vi`, `variants[1].sku`, `variants[0].price_tiers[2].min_qty`), so
//! every problem the catalogue finds lands beside its input. Blank variant
//! rows are left out before the catalogue sees the listing; the problems it
//! names by position are moved back onto the rows they came from.

use std::collections::BTreeSet;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use catalog::listings::input::OPTION_NAMES;
use catalog::listings::{ListingInput, ListingPatch, Texts, TierInput, VariantInput};
use frontend::forms::{FormState, ImportOutcome};
use kernel::{
    CertificationId, CooperativeId, ErrorCode, FieldErrors, ImageId, ProductId, VariantId, problem,
};

use super::{Shop, Values, failed, form_status, see_other, sign_in, whole_number};
use crate::auth::Viewer;
use crate::multipart;
use crate::routes::cooperatives::catalogue::{CSV_LIMITS, EVIDENCE_LIMITS, certification_form};
use crate::routes::products::images::IMAGE_LIMITS;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/seller/cooperatives/{id}/products/new",
        web::post().to(create_listing),
    )
    .route("/seller/products/{id}", web::post().to(update_listing))
    .route(
        "/seller/products/{id}/submit",
        web::post().to(submit_listing),
    )
    .route(
        "/seller/products/{id}/unpublish",
        web::post().to(unpublish_listing),
    )
    .route(
        "/seller/products/{id}/discard",
        web::post().to(discard_changes),
    )
    .route(
        "/seller/products/{id}/delete",
        web::post().to(delete_listing),
    )
    .route("/seller/products/{id}/images", web::post().to(add_image))
    .route(
        "/seller/products/{id}/images/{image}",
        web::post().to(update_image_alt),
    )
    .route(
        "/seller/products/{id}/images/{image}/first",
        web::post().to(make_image_first),
    )
    .route(
        "/seller/products/{id}/images/{image}/remove",
        web::post().to(remove_image),
    )
    .route("/seller/cooperatives/{id}/import", web::post().to(import))
    .route(
        "/seller/cooperatives/{id}/certifications",
        web::post().to(add_certification),
    )
    .route(
        "/seller/cooperatives/{id}/certifications/{certification}/withdraw",
        web::post().to(withdraw_certification),
    );
}

/// A listing as its form sent it, and the form row of each variant kept.
#[derive(Debug)]
struct ListingForm {
    input: ListingInput,
    rows: Vec<usize>,
}

/// The `[n]` indexes of names that start with `prefix`.
fn indexes<'a>(names: impl Iterator<Item = &'a String>, prefix: &str) -> BTreeSet<usize> {
    names
        .filter_map(|k| k.strip_prefix(prefix))
        .filter_map(|rest| rest.split_once(']'))
        .filter_map(|(n, _)| n.parse().ok())
        .collect()
}

/// The listing of a form's values. Texts in languages the form does not
/// show (Japanese, Chinese) are kept from `base`; a variant row left blank
/// is left out; numbers that are not whole numbers are problems of their
/// field.
fn listing_from(values: &Values, base: &ListingInput) -> Result<ListingForm, FieldErrors> {
    let mut errors = FieldErrors::new();
    // browsers send a textarea's lines ending in CRLF; the catalogue
    // compares text with what is live, so a save must not change them all
    let text = |name: &str| {
        values
            .get(name)
            .map(|v| v.replace("\r\n", "\n"))
            .unwrap_or_default()
    };
    let texts = |name: &str, base: &Texts| {
        let or_base = |locale: &str, kept: &str| {
            values
                .get(&format!("{name}.{locale}"))
                .cloned()
                .unwrap_or_else(|| kept.to_owned())
        };
        Texts {
            vi: text(&format!("{name}.vi")),
            en: text(&format!("{name}.en")),
            ja: or_base("ja", &base.ja),
            zh: or_base("zh", &base.zh),
        }
    };
    let number = |errors: &mut FieldErrors, name: String| -> Option<i64> {
        match whole_number(&text(&name)) {
            Ok(n) => n,
            Err(()) => {
                errors.add(name, problem::not_a_whole_number());
                None
            }
        }
    };
    let mut variants = Vec::new();
    let mut rows = Vec::new();
    for row in indexes(values.keys(), "variants[") {
        let at = |field: &str| format!("variants[{row}].{field}");
        let filled = |field: &str| !text(&at(field)).trim().is_empty();
        let tier_rows = indexes(values.keys(), &format!("variants[{row}].price_tiers["));
        let visible = [
            "sku",
            "price_vnd",
            "compare_at_vnd",
            "stock",
            "weight_grams",
            "length_mm",
            "width_mm",
            "height_mm",
            "hs_code",
            "lead_time_days",
            "min_order_qty",
        ];
        let blank = !visible.iter().any(|f| filled(f))
            && !OPTION_NAMES.iter().any(|o| filled(&format!("options.{o}")))
            && !tier_rows.iter().any(|j| {
                filled(&format!("price_tiers[{j}].min_qty"))
                    || filled(&format!("price_tiers[{j}].price_vnd"))
            })
            && text(&at("made_to_order")) != "yes";
        if blank {
            continue;
        }
        let id = match text(&at("id")).trim() {
            "" => None,
            id => match id.parse::<VariantId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add(at("id"), problem::not_a_variant_of_listing());
                    None
                }
            },
        };
        let mut price_tiers: Vec<TierInput> = (0..tier_rows.last().map_or(0, |j| j + 1))
            .map(|j| TierInput {
                min_qty: number(&mut errors, at(&format!("price_tiers[{j}].min_qty"))),
                price_vnd: number(&mut errors, at(&format!("price_tiers[{j}].price_vnd"))),
            })
            .collect();
        while price_tiers
            .last()
            .is_some_and(|t| t.min_qty.is_none() && t.price_vnd.is_none())
        {
            price_tiers.pop();
        }
        variants.push(VariantInput {
            id,
            sku: text(&at("sku")).trim().to_owned(),
            options: OPTION_NAMES
                .iter()
                .map(|o| {
                    (
                        o.to_string(),
                        text(&at(&format!("options.{o}"))).trim().to_owned(),
                    )
                })
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            price_vnd: number(&mut errors, at("price_vnd")),
            compare_at_vnd: number(&mut errors, at("compare_at_vnd")),
            stock: number(&mut errors, at("stock")),
            weight_grams: number(&mut errors, at("weight_grams")),
            length_mm: number(&mut errors, at("length_mm")),
            width_mm: number(&mut errors, at("width_mm")),
            height_mm: number(&mut errors, at("height_mm")),
            hs_code: text(&at("hs_code")).trim().to_owned(),
            made_to_order: text(&at("made_to_order")) == "yes",
            lead_time_days: number(&mut errors, at("lead_time_days")),
            min_order_qty: number(&mut errors, at("min_order_qty")),
            price_tiers,
        });
        rows.push(row);
    }
    let input = ListingInput {
        title: texts("title", &base.title),
        summary: texts("summary", &base.summary),
        description: texts("description", &base.description),
        care: texts("care", &base.care),
        category: text("category").trim().to_owned(),
        tags: vec![text("tags")],
        origin_commune: text("origin_commune"),
        origin_province: text("origin_province"),
        maker: text("maker"),
        variants,
    };
    errors.into_result(ListingForm { input, rows })
}

/// Problems named by a variant's place in the list the catalogue saw, moved
/// to the form row it came from (`variants[1]` may be the form's third row
/// when a row was left blank).
fn on_form_rows(errors: &FieldErrors, rows: &[usize]) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, problems) in errors.iter() {
        let key = field
            .strip_prefix("variants[")
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(i, rest)| {
                let row = rows.get(i.parse::<usize>().ok()?)?;
                Some(format!("variants[{row}]{rest}"))
            })
            .unwrap_or_else(|| field.to_owned());
        for problem in problems {
            out.add(key.clone(), problem.clone());
        }
    }
    out
}

/// The listing form again after the catalogue refused it.
fn listing_failed(values: Values, err: &catalog::Error, rows: &[usize]) -> FormState {
    match err.fields() {
        Some(fields) if !fields.is_empty() => {
            FormState::failed("listing", values, on_form_rows(fields, rows), None)
        }
        _ => failed("listing", values, err),
    }
}

async fn create_listing(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let coop = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/cooperatives/{coop}/products/new"));
    };
    let values = form.into_inner();
    let parsed = match listing_from(&values, &ListingInput::default()) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return shop
                .again(req, FormState::failed("listing", values, errors, None))
                .await;
        }
    };
    match state
        .catalog
        .create_listing(&actor, coop, &parsed.input)
        .await
    {
        Ok(id) => see_other(&format!("/seller/products/{id}?notice=listing-created")),
        Err(err) => {
            let status = form_status(&err);
            let form = listing_failed(values, &err, &parsed.rows);
            let page = format!("/seller/cooperatives/{coop}/products/new");
            shop.again_at(req, &page, form, status).await
        }
    }
}

async fn update_listing(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<ProductId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/products/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let base = match state.catalog.listing_input(&actor, id).await {
        Ok(base) => base,
        Err(err) => {
            return shop.refused(req, &page, "listing", values, &err).await;
        }
    };
    let parsed = match listing_from(&values, &base) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let form = FormState::failed("listing", values, errors, None);
            return shop
                .again_at(req, &page, form, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    };
    let input = parsed.input;
    let patch = ListingPatch {
        title: Some(input.title),
        summary: Some(input.summary),
        description: Some(input.description),
        care: Some(input.care),
        category: Some(input.category),
        tags: Some(input.tags),
        origin_commune: Some(input.origin_commune),
        origin_province: Some(input.origin_province),
        maker: Some(input.maker),
        variants: Some(input.variants),
    };
    match state.catalog.update_listing(&actor, id, patch).await {
        Ok(()) => {
            let waits = state
                .catalog
                .listing(&actor, id)
                .await
                .is_ok_and(|l| l.pending.is_some());
            let notice = if waits {
                "listing-saved-pending"
            } else {
                "listing-saved"
            };
            see_other(&format!("{page}?notice={notice}"))
        }
        Err(err) => {
            let status = form_status(&err);
            let form = listing_failed(values, &err, &parsed.rows);
            shop.again_at(req, &page, form, status).await
        }
    }
}

/// The edit page again with a step's problem in its status box.
async fn step_failed(
    req: HttpRequest,
    shop: &Shop,
    id: ProductId,
    err: &(impl ErrorCode + ?Sized),
) -> HttpResponse {
    let page = format!("/seller/products/{id}");
    shop.again_at(
        req,
        &page,
        failed("actions", Values::new(), err),
        form_status(err),
    )
    .await
}

async fn submit_listing(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<ProductId>,
) -> HttpResponse {
    let id = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/products/{id}"));
    };
    match state.catalog.submit_listing(&actor, id).await {
        Ok(catalog::listings::ListingStatus::Published) => {
            see_other(&format!("/seller/products/{id}?notice=listing-republished"))
        }
        Ok(_) => see_other(&format!("/seller/products/{id}?notice=listing-submitted")),
        Err(err) => step_failed(req, &shop, id, &err).await,
    }
}

async fn unpublish_listing(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<ProductId>,
) -> HttpResponse {
    let id = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/products/{id}"));
    };
    match state.catalog.unpublish_listing(&actor, id).await {
        Ok(_) => see_other(&format!("/seller/products/{id}?notice=listing-unpublished")),
        Err(err) => step_failed(req, &shop, id, &err).await,
    }
}

async fn discard_changes(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<ProductId>,
) -> HttpResponse {
    let id = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/products/{id}"));
    };
    match state.catalog.discard_listing_changes(&actor, id).await {
        Ok(()) => see_other(&format!(
            "/seller/products/{id}?notice=listing-changes-discarded"
        )),
        Err(err) => step_failed(req, &shop, id, &err).await,
    }
}

async fn delete_listing(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<ProductId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/products/{id}"));
    };
    if form.get("confirm").map(String::as_str) != Some("yes") {
        let errors = FieldErrors::single("confirm", problem::required());
        let page = format!("/seller/products/{id}");
        return shop
            .again_at(
                req,
                &page,
                FormState::failed("actions", Values::new(), errors, None),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
    }
    let coop = match state.catalog.listing(&actor, id).await {
        Ok(listing) => listing.cooperative.id,
        Err(err) => return step_failed(req, &shop, id, &err).await,
    };
    match state.catalog.delete_listing(&actor, id).await {
        Ok(()) => see_other(&format!(
            "/seller/cooperatives/{coop}/products?notice=listing-deleted"
        )),
        Err(err) => step_failed(req, &shop, id, &err).await,
    }
}

async fn add_image(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<ProductId>,
    payload: Multipart,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/products/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let form = match multipart::read(&req, payload, IMAGE_LIMITS).await {
        Ok(form) => form,
        Err(err) => {
            return shop
                .refused(req, &page, "image-upload", Values::new(), &err)
                .await;
        }
    };
    let values: Values = form.fields.clone();
    let Some(upload) = form.files_of("image").into_iter().next() else {
        let errors = FieldErrors::single("image", problem::required());
        let state = FormState::failed("image-upload", values, errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    };
    let alt = Texts {
        vi: form.text("alt_vi"),
        en: form.text("alt_en"),
        ..Texts::default()
    };
    match state
        .catalog
        .add_listing_image(&actor, id, upload.bytes, &alt)
        .await
    {
        Ok(_) => see_other(&format!("{page}?notice=picture-added#pictures")),
        Err(err) => shop.refused(req, &page, "image-upload", values, &err).await,
    }
}

async fn update_image_alt(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(ProductId, ImageId)>,
    form: web::Form<Values>,
) -> HttpResponse {
    let (id, image) = path.into_inner();
    let page = format!("/seller/products/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let form_name = format!("image-{image}");
    // the languages the form does not show keep their text
    let kept = match state.catalog.listing(&actor, id).await {
        Ok(listing) => listing
            .images
            .into_iter()
            .find(|i| i.image.id == image)
            .map(|i| i.image.alt)
            .unwrap_or_default(),
        Err(err) => {
            return shop.refused(req, &page, &form_name, values, &err).await;
        }
    };
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let alt = Texts {
        vi: get("alt_vi"),
        en: get("alt_en"),
        ja: kept.ja.unwrap_or_default(),
        zh: kept.zh.unwrap_or_default(),
    };
    match state
        .catalog
        .update_listing_image(&actor, id, image, Some(&alt), None)
        .await
    {
        Ok(()) => see_other(&format!("{page}?notice=picture-saved#pictures")),
        Err(err) => shop.refused(req, &page, &form_name, values, &err).await,
    }
}

async fn make_image_first(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(ProductId, ImageId)>,
) -> HttpResponse {
    let (id, image) = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/products/{id}"));
    };
    match state
        .catalog
        .update_listing_image(&actor, id, image, None, Some(0))
        .await
    {
        Ok(()) => see_other(&format!(
            "/seller/products/{id}?notice=picture-moved#pictures"
        )),
        Err(err) => {
            let page = format!("/seller/products/{id}");
            let status = form_status(&err);
            let form = failed(&format!("image-{image}"), Values::new(), &err);
            shop.again_at(req, &page, form, status).await
        }
    }
}

async fn remove_image(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(ProductId, ImageId)>,
) -> HttpResponse {
    let (id, image) = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/products/{id}"));
    };
    match state.catalog.remove_listing_image(&actor, id, image).await {
        Ok(()) => see_other(&format!(
            "/seller/products/{id}?notice=picture-removed#pictures"
        )),
        Err(err) => {
            let page = format!("/seller/products/{id}");
            let status = form_status(&err);
            let form = failed(&format!("image-{image}"), Values::new(), &err);
            shop.again_at(req, &page, form, status).await
        }
    }
}

/// Imports a catalogue file. A file imported goes to the page again with
/// its counts (303, so a refresh imports nothing twice); a file only checked,
/// or one with problems, shows its report at once (nothing was written).
async fn import(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    payload: Multipart,
) -> HttpResponse {
    let coop = path.into_inner();
    let page = format!("/seller/cooperatives/{coop}/import");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let form = match multipart::read(&req, payload, CSV_LIMITS).await {
        Ok(form) => form,
        Err(err) => {
            return shop
                .refused(req, &page, "import", Values::new(), &err)
                .await;
        }
    };
    let values: Values = form.fields.clone();
    let dry_run = form.text("dry_run") == "yes";
    let Some(file) = form.files_of("file").into_iter().next() else {
        let errors = FieldErrors::single("file", problem::required());
        let state = FormState::failed("import", values, errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    };
    match state
        .catalog
        .import_csv(&actor, coop, &file.bytes, dry_run, &|_| {})
        .await
    {
        Ok(report) if report.applied => see_other(&frontend::format::link(
            &page,
            &[
                ("notice", "imported".to_owned()),
                ("created", report.created.to_string()),
                ("updated", report.updated.to_string()),
                ("unchanged", report.unchanged.to_string()),
            ],
        )),
        Ok(report) => {
            let status = if report.errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            req.extensions_mut().insert(ImportOutcome(report));
            let mut response = shop.render_at(req, &page).await;
            if response.status() == StatusCode::OK {
                *response.status_mut() = status;
            }
            response
        }
        Err(err) => shop.refused(req, &page, "import", values, &err).await,
    }
}

async fn add_certification(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    payload: Multipart,
) -> HttpResponse {
    let coop = path.into_inner();
    let page = format!("/seller/cooperatives/{coop}/certifications");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let form = match multipart::read(&req, payload, EVIDENCE_LIMITS).await {
        Ok(form) => form,
        Err(err) => {
            return shop
                .refused(req, &page, "certification", Values::new(), &err)
                .await;
        }
    };
    let values: Values = form.fields.clone();
    let evidence = form.files_of("evidence").into_iter().next();
    match state
        .catalog
        .add_certification(&actor, coop, &certification_form(&form), evidence)
        .await
    {
        Ok(_) => see_other(&format!("{page}?notice=certification-sent")),
        Err(err) => {
            shop.refused(req, &page, "certification", values, &err)
                .await
        }
    }
}

async fn withdraw_certification(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(CooperativeId, CertificationId)>,
    form: web::Form<Values>,
) -> HttpResponse {
    let (coop, id) = path.into_inner();
    let page = format!("/seller/cooperatives/{coop}/certifications");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    if form.get("confirm").map(String::as_str) != Some("yes") {
        let errors = FieldErrors::single("confirm", problem::required());
        let state = FormState::failed("withdraw", Values::new(), errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    match state.catalog.delete_certification(&actor, id).await {
        Ok(()) => see_other(&format!("{page}?notice=certification-withdrawn")),
        Err(err) => {
            shop.refused(req, &page, "withdraw", Values::new(), &err)
                .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn blank_variant_rows_are_left_out_and_problems_go_back_to_their_rows() {
        let form = values(&[
            ("title.vi", "Giỏ mây"),
            ("tags", "mây, quà tặng"),
            ("variants[0].sku", "GM-S"),
            ("variants[0].price_vnd", "120.000"),
            ("variants[0].price_tiers[0].min_qty", "10"),
            ("variants[0].price_tiers[0].price_vnd", "100000"),
            ("variants[0].price_tiers[1].min_qty", ""),
            ("variants[0].price_tiers[1].price_vnd", ""),
            ("variants[1].sku", ""),
            ("variants[1].price_vnd", ""),
            ("variants[1].id", ""),
            ("variants[2].sku", "GM-L"),
            ("variants[2].options.size", "L"),
            ("variants[2].price_vnd", "180000"),
            ("variants[2].made_to_order", "yes"),
        ]);
        let parsed = listing_from(&form, &ListingInput::default()).unwrap();
        assert_eq!(parsed.rows, vec![0, 2]);
        let v = &parsed.input.variants;
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].price_vnd, Some(120_000));
        assert_eq!(v[0].price_tiers.len(), 1, "trailing blank tiers go");
        assert_eq!(v[1].options.get("size").map(String::as_str), Some("L"));
        assert!(v[1].made_to_order);
        assert_eq!(parsed.input.tags, vec!["mây, quà tặng".to_owned()]);

        let mut problems = FieldErrors::new();
        problems.add("variants[1].sku", problem::sku_used_twice());
        problems.add("title.en", problem::too_long(150));
        let moved = on_form_rows(&problems, &parsed.rows);
        assert_eq!(moved.codes("variants[2].sku"), ["sku_used_twice"]);
        assert_eq!(moved.codes("title.en"), ["too_long"]);
    }

    #[test]
    fn numbers_that_do_not_read_are_problems_of_their_field() {
        let form = values(&[
            ("variants[0].sku", "GM-S"),
            ("variants[0].price_vnd", "một trăm"),
            ("variants[0].price_tiers[2].min_qty", "10.5"),
        ]);
        let errors = listing_from(&form, &ListingInput::default()).unwrap_err();
        assert_eq!(
            errors.codes("variants[0].price_vnd"),
            ["not_a_whole_number"]
        );
        assert_eq!(
            errors.codes("variants[0].price_tiers[2].min_qty"),
            ["not_a_whole_number"]
        );
    }

    #[test]
    fn lines_come_back_as_they_were_stored() {
        let form = values(&[("description.vi", "Một.\r\n\r\nHai.")]);
        let parsed = listing_from(&form, &ListingInput::default()).unwrap();
        assert_eq!(parsed.input.description.vi, "Một.\n\nHai.");
    }

    #[test]
    fn texts_the_form_does_not_show_are_kept() {
        let mut base = ListingInput::default();
        base.title.ja = "籠".into();
        let form = values(&[("title.vi", "Giỏ"), ("title.en", "Basket")]);
        let parsed = listing_from(&form, &base).unwrap();
        assert_eq!(parsed.input.title.ja, "籠");
        assert_eq!(parsed.input.title.en, "Basket");
    }
}
