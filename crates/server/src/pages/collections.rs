//! A cooperative's collections from its seller page: make one, change one
//! (names, description, the listings ticked, in the order shown), remove
//! one. Each reads the form, calls one function of the catalogue, and
//! redirects or shows the page again with what is wrong.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use catalog::collections::CollectionInput;
use catalog::listings::Texts;
use frontend::forms::FormState;
use kernel::{CooperativeId, FieldErrors, problem};
use uuid::Uuid;

use super::{Shop, Values, confirmed, failed, form_status, see_other, sign_in, text};
use crate::auth::Viewer;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/seller/cooperatives/{id}/collections",
        web::post().to(create),
    )
    .route(
        "/seller/cooperatives/{id}/collections/{collection}",
        web::post().to(update),
    )
    .route(
        "/seller/cooperatives/{id}/collections/{collection}/delete",
        web::post().to(delete),
    );
}

/// The texts of `field` in the four languages (`field.vi`, `field.en`, …).
fn texts(values: &Values, field: &str) -> Texts {
    Texts {
        vi: text(values, &format!("{field}.vi")),
        en: text(values, &format!("{field}.en")),
        ja: text(values, &format!("{field}.ja")),
        zh: text(values, &format!("{field}.zh")),
    }
}

/// A collection as its form sent it: the listings ticked, in the order
/// the page showed them (`products.000`, `products.001`, …).
fn collection_input(values: &Values) -> CollectionInput {
    CollectionInput {
        slug: text(values, "slug"),
        name: texts(values, "name"),
        description: texts(values, "description"),
        products: values
            .range("products.".to_owned().."products/".to_owned())
            .map(|(_, id)| id.clone())
            .collect(),
        position: None,
    }
}

fn page(coop: CooperativeId) -> String {
    format!("/seller/cooperatives/{coop}/collections")
}

async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let coop = path.into_inner();
    let page = page(coop);
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let input = collection_input(&values);
    match state.catalog.create_collection(&actor, coop, &input).await {
        Ok(made) => see_other(&format!(
            "{page}?notice=collection-saved#collection-{}",
            made.slug
        )),
        Err(err) => {
            shop.refused(req, &page, "collection-new", values, &err)
                .await
        }
    }
}

async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(CooperativeId, Uuid)>,
    form: web::Form<Values>,
) -> HttpResponse {
    let (coop, id) = path.into_inner();
    let page = page(coop);
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let input = collection_input(&values);
    match state.catalog.update_collection(&actor, id, &input).await {
        Ok(saved) => see_other(&format!(
            "{page}?notice=collection-saved#collection-{}",
            saved.slug
        )),
        Err(err) => {
            let status = form_status(&err);
            let form = format!("collection-{id}");
            shop.again_at(req, &page, failed(&form, values, &err), status)
                .await
        }
    }
}

async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(CooperativeId, Uuid)>,
    form: web::Form<Values>,
) -> HttpResponse {
    let (coop, id) = path.into_inner();
    let page = page(coop);
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let form_name = format!("collection-{id}");
    if !confirmed(&form) {
        let errors = FieldErrors::single("confirm", problem::required());
        let state = FormState::failed(&form_name, Values::new(), errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    match state.catalog.delete_collection(&actor, id).await {
        Ok(()) => see_other(&format!("{page}?notice=collection-deleted")),
        Err(err) => {
            shop.refused(req, &page, &form_name, Values::new(), &err)
                .await
        }
    }
}
