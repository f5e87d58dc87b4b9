//! Selling: the application form, following and correcting an application,
//! a cooperative's team and profile, accepting an invitation.

use accounts::MemberRole;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use catalog::onboarding::ApplicationForm;
use catalog::team::ProfileForm;
use frontend::forms::FormState;
use kernel::{CooperativeId, FieldErrors, UserId, problem};

use super::{Shop, Values, failed, see_other, sign_in};
use crate::auth::Viewer;
use crate::multipart;
use crate::routes::cooperatives::applications::DOCUMENT_LIMITS;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/sell", web::post().to(apply))
        .route(
            "/seller/applications/{id}",
            web::post().to(update_application),
        )
        .route(
            "/seller/applications/{id}/documents",
            web::post().to(add_documents),
        )
        .route(
            "/seller/applications/{id}/resubmit",
            web::post().to(resubmit),
        )
        .route("/seller/cooperatives/{id}/invite", web::post().to(invite))
        .route(
            "/seller/cooperatives/{id}/members/{user}/remove",
            web::post().to(remove_member),
        )
        .route("/seller/cooperatives/{id}/profile", web::post().to(profile))
        .route(
            "/seller/invitations/accept",
            web::post().to(accept_invitation),
        );
}

/// The application form's fields, from a form's values.
fn application_form(values: &Values) -> ApplicationForm {
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    ApplicationForm {
        legal_name: get("legal_name"),
        kind: get("kind"),
        registration_number: get("registration_number"),
        tax_code: get("tax_code"),
        province: get("province"),
        district: get("district"),
        ward: get("ward"),
        street: get("street"),
        representative: get("representative"),
        phone: get("phone"),
        email: get("email"),
        members_count: get("members_count"),
        local_jobs: get("local_jobs"),
        founded_year: get("founded_year"),
        summary_vi: get("summary_vi"),
        summary_en: get("summary_en"),
        story_vi: get("story_vi"),
        story_en: get("story_en"),
    }
}

async fn apply(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    payload: Multipart,
) -> HttpResponse {
    let Some(actor) = viewer.0.actor else {
        return sign_in("/sell");
    };
    let form = match multipart::read(&req, payload, DOCUMENT_LIMITS).await {
        Ok(form) => form,
        Err(err) => return shop.again(req, failed("apply", Values::new(), &err)).await,
    };
    let values: Values = form.fields.clone();
    match state
        .catalog
        .apply(
            &actor,
            &application_form(&values),
            form.files_of("documents"),
        )
        .await
    {
        Ok(id) => see_other(&format!(
            "/seller/applications/{id}?notice=application-sent"
        )),
        Err(err) => shop.again(req, failed("apply", values, &err)).await,
    }
}

async fn update_application(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/applications/{id}"));
    };
    let values = form.into_inner();
    match state
        .catalog
        .update_application(&actor, id, &application_form(&values))
        .await
    {
        Ok(()) => see_other(&format!(
            "/seller/applications/{id}?notice=application-saved"
        )),
        Err(err) => shop.again(req, failed("edit", values, &err)).await,
    }
}

async fn add_documents(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    payload: Multipart,
) -> HttpResponse {
    let id = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/applications/{id}"));
    };
    if let Err(err) = state.catalog.check_can_edit_application(&actor, id).await {
        return shop
            .again_at(
                req,
                &format!("/seller/applications/{id}"),
                failed("documents", Values::new(), &err),
                super::form_status(&err),
            )
            .await;
    }
    let result = match multipart::read(&req, payload, DOCUMENT_LIMITS).await {
        Ok(form) => state
            .catalog
            .add_documents(&actor, id, form.files_of("documents"))
            .await
            .map_err(crate::error::ApiError::from),
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => see_other(&format!("/seller/applications/{id}?notice=documents-added")),
        Err(err) => {
            shop.again_at(
                req,
                &format!("/seller/applications/{id}"),
                failed("documents", Values::new(), &err),
                super::form_status(&err),
            )
            .await
        }
    }
}

async fn resubmit(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
) -> HttpResponse {
    let id = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/applications/{id}"));
    };
    match state.catalog.resubmit(&actor, id).await {
        Ok(()) => see_other(&format!(
            "/seller/applications/{id}?notice=application-resubmitted"
        )),
        Err(err) => {
            shop.again_at(
                req,
                &format!("/seller/applications/{id}"),
                failed("resubmit", Values::new(), &err),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/cooperatives/{id}"));
    };
    let values = form.into_inner();
    let Some(role) = values.get("role").and_then(|r| MemberRole::parse(r)) else {
        let errors = FieldErrors::single("role", problem::not_one_of(&["manager", "staff"]));
        return shop
            .again_at(
                req,
                &format!("/seller/cooperatives/{id}"),
                FormState::failed("invite", values, errors, None),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
    };
    let email = values.get("email").cloned().unwrap_or_default();
    match state.catalog.invite(&actor, id, &email, role).await {
        Ok(()) => see_other(&format!(
            "/seller/cooperatives/{id}?notice=invitation-sent#team"
        )),
        Err(err) => {
            shop.again_at(
                req,
                &format!("/seller/cooperatives/{id}"),
                failed("invite", values, &err),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn remove_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(CooperativeId, UserId)>,
) -> HttpResponse {
    let (id, user) = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/cooperatives/{id}"));
    };
    match state.catalog.remove_member(&actor, id, user).await {
        Ok(()) if user == actor.user_id => see_other("/seller?notice=left-cooperative"),
        Ok(()) => see_other(&format!(
            "/seller/cooperatives/{id}?notice=member-removed#team"
        )),
        Err(err) => {
            shop.again_at(
                req,
                &format!("/seller/cooperatives/{id}"),
                failed("team", Values::new(), &err),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn profile(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&format!("/seller/cooperatives/{id}"));
    };
    let values = form.into_inner();
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let profile = ProfileForm {
        summary_vi: get("summary_vi"),
        summary_en: get("summary_en"),
        story_vi: get("story_vi"),
        story_en: get("story_en"),
        members_count: get("members_count"),
        local_jobs: get("local_jobs"),
        founded_year: get("founded_year"),
        street: get("street"),
        phone: get("phone"),
        email: get("email"),
    };
    match state.catalog.update_profile(&actor, id, &profile).await {
        Ok(()) => see_other(&format!(
            "/seller/cooperatives/{id}?notice=profile-saved#profile"
        )),
        Err(err) => {
            shop.again_at(
                req,
                &format!("/seller/cooperatives/{id}"),
                failed("profile", values, &err),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn accept_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    form: web::Form<Values>,
) -> HttpResponse {
    let values = form.into_inner();
    let token = values.get("token").cloned().unwrap_or_default();
    let Some(actor) = viewer.0.actor else {
        return sign_in(&frontend::format::link(
            "/seller/invitations/accept",
            &[("token", token)],
        ));
    };
    match state.catalog.accept_invitation(&actor, &token).await {
        Ok((id, _)) => see_other(&format!("/seller/cooperatives/{id}?notice=joined")),
        Err(err) => shop.again(req, failed("accept", values, &err)).await,
    }
}
