//! `/seller/cooperatives/{id}/collections`: a cooperative's collections
//! (design families) — each with its listings, its lookbook and a form to
//! change or remove it — and the form to make a new one.

use catalog::collections::CollectionView;
use catalog::listings::{ListingFilter, ListingRow};
use kernel::{CooperativeId, PageRequest};
use leptos::prelude::*;

use super::listings::{CoopCrumbs, CoopTabs, coop_param};
use super::{failure, mark_failed, services, signed_in};
use crate::components::Title;
use crate::forms::{Csrf, ErrorSummary, Field, FormState, Notice, state_of};
use crate::i18n::{lang, t, t_with};

/// The form name of a collection's own form (`new` for a new one).
fn form_name(collection: Option<&CollectionView>) -> String {
    collection.map_or_else(
        || "collection-new".to_owned(),
        |c| format!("collection-{}", c.id),
    )
}

/// `/seller/cooperatives/{id}/collections`
#[component]
pub fn CollectionsPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let id = coop_param().map_err(failure)?;
        let detail = catalog.application(&actor, id).await.map_err(failure)?;
        let collections = catalog
            .cooperative_collections(&actor, id)
            .await
            .map_err(failure)?;
        let listings = catalog
            .cooperative_listings(
                &actor,
                id,
                &ListingFilter::default(),
                PageRequest::new(Some(1), Some(kernel::page::MAX_PER_PAGE)).unwrap_or_default(),
            )
            .await
            .map_err(failure)?;
        Ok::<_, AnyView>((detail, collections, listings.items))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (detail, collections, listings) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let id = detail.id;
                let new_state = state_of(&form_name(None));
                mark_failed(&new_state);
                view! {
                    <Title text=format!("{} · {}", t("collections-title"), detail.name)/>
                    <CoopCrumbs id=id name=detail.name.clone() here=t("collections-title")/>
                    <h1>{t("collections-title")}</h1>
                    <CoopTabs id=id current="seller-tab-collections"/>
                    <Notice/>
                    <p class="lead">{t("collections-lead")}</p>
                    {if collections.is_empty() {
                        view! { <p class="empty">{t("collections-empty")}</p> }.into_any()
                    } else {
                        collections
                            .into_iter()
                            .map(|c| view! { <CollectionPanel cooperative=id collection=c listings=listings.clone()/> })
                            .collect_view()
                            .into_any()
                    }}
                    <section class="panel" id="new">
                        <h2>{t("collections-new")}</h2>
                        <CollectionForm cooperative=id collection=None listings=listings state=new_state/>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// A collection: its listings, its lookbook, and its form.
#[component]
fn CollectionPanel(
    cooperative: CooperativeId,
    collection: CollectionView,
    listings: Vec<ListingRow>,
) -> impl IntoView {
    let locale = lang();
    let state = state_of(&form_name(Some(&collection)));
    mark_failed(&state);
    let open = state.is_some();
    let lookbook = format!(
        "/api/v1/cooperatives/{cooperative}/lookbook.pdf?collection={}&locale={}",
        collection.slug,
        locale.code()
    );
    let delete = format!(
        "/seller/cooperatives/{cooperative}/collections/{}/delete",
        collection.id
    );
    let name = collection.name.get(locale).to_owned();
    let titles: Vec<String> = collection
        .products
        .iter()
        .map(|p| p.title.get(locale).to_owned())
        .collect();
    let count = titles.len();
    let anchor = format!("collection-{}", collection.slug);
    view! {
        <section class="panel collection" id=anchor>
            <h2>{name}</h2>
            <p class="hint">{t_with("collections-count", &[("count", count.into())])} " · " <code>{collection.slug.clone()}</code></p>
            {(!titles.is_empty()).then(|| view! { <p>{titles.join(" · ")}</p> })}
            <p><a class="button secondary" href=lookbook>{t("coop-collection-lookbook")}</a></p>
            <details open=open>
                <summary>{t("collections-edit")}</summary>
                <CollectionForm cooperative=cooperative collection=Some(collection) listings=listings state=state/>
                <form method="post" action=delete class="action-form">
                    <Csrf/>
                    <label class="check"><input type="checkbox" name="confirm" value="yes" required=true/> " " {t("collections-delete-confirm")}</label>
                    <button type="submit" class="button small danger">{t("collections-delete")}</button>
                </form>
            </details>
        </section>
    }
}

/// The form that makes or changes a collection: names in four languages,
/// a description, and its listings ticked in the order they are shown.
#[component]
fn CollectionForm(
    cooperative: CooperativeId,
    collection: Option<CollectionView>,
    listings: Vec<ListingRow>,
    state: Option<FormState>,
) -> impl IntoView {
    let locale = lang();
    let action = match &collection {
        Some(c) => format!("/seller/cooperatives/{cooperative}/collections/{}", c.id),
        None => format!("/seller/cooperatives/{cooperative}/collections"),
    };
    let name = |l: kernel::Locale| {
        collection
            .as_ref()
            .and_then(|c| c.name.exact(l).map(str::to_owned))
    };
    let description = |l: kernel::Locale| {
        collection
            .as_ref()
            .and_then(|c| c.description.as_ref())
            .and_then(|d| d.exact(l).map(str::to_owned))
    };
    let slug = collection.as_ref().map(|c| c.slug.clone());
    // the collection's listings first, in its order, then the others
    let members: Vec<uuid::Uuid> = collection
        .as_ref()
        .map(|c| c.products.iter().map(|p| p.id).collect())
        .unwrap_or_default();
    let mut rows: Vec<(uuid::Uuid, String, bool)> = members
        .iter()
        .filter_map(|m| {
            collection
                .as_ref()
                .and_then(|c| c.products.iter().find(|p| p.id == *m))
                .map(|p| (p.id, p.title.get(locale).to_owned(), true))
        })
        .collect();
    rows.extend(
        listings
            .iter()
            .filter(|l| !members.contains(&l.id.uuid()))
            .map(|l| (l.id.uuid(), l.title.get(locale).to_owned(), false)),
    );
    let boxes = rows
        .into_iter()
        .enumerate()
        .map(|(i, (id, title, member))| {
            // after a refused submission, as it was ticked then
            let checked = match &state {
                Some(s) => s.values.get(&format!("products.{i:03}")) == Some(&id.to_string()),
                None => member,
            };
            view! {
                <label class="check"><input type="checkbox" name=format!("products.{i:03}") value=id.to_string() checked=checked/> " " {title}</label>
            }
        })
        .collect_view();
    let s = state;
    view! {
        <ErrorSummary state=s.clone() scope="collection"/>
        <form method="post" action=action class="form">
            <Csrf/>
            <Field name="name.vi" state=s.clone() value=name(kernel::Locale::Vi).unwrap_or_default() required=true label=t("collections-name-vi")/>
            <Field name="name.en" state=s.clone() value=name(kernel::Locale::En).unwrap_or_default() label=t("collections-name-en")/>
            <Field name="name.ja" state=s.clone() value=name(kernel::Locale::Ja).unwrap_or_default() label=t("collections-name-ja")/>
            <Field name="name.zh" state=s.clone() value=name(kernel::Locale::Zh).unwrap_or_default() label=t("collections-name-zh")/>
            <Field name="description.vi" kind="textarea" state=s.clone() value=description(kernel::Locale::Vi).unwrap_or_default() label=t("collections-description-vi")/>
            <Field name="description.en" kind="textarea" state=s.clone() value=description(kernel::Locale::En).unwrap_or_default() label=t("collections-description-en")/>
            <Field name="slug" state=s.clone() value=slug.unwrap_or_default() hint=t("collections-slug-hint")/>
            <fieldset class="choices">
                <legend>{t("collections-listings")}</legend>
                <p class="hint">{t("collections-listings-hint")}</p>
                {boxes}
            </fieldset>
            <button type="submit" class="button">{t(if collection.is_some() { "collections-save" } else { "collections-create" })}</button>
        </form>
    }
}
