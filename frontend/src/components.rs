//! Pieces every page uses: the layout, cards, pictures, badges, the pager.

use catalog::{Certification, CertificationKind, CooperativeSummary, Image, ProductCard};
use kernel::Locale;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::format;
use crate::i18n::{lang, lang_of, t, t_with};

/// Header with the search box, language switch and cart; main; footer.
#[component]
pub fn Layout(
    /// The page.
    children: Children,
) -> impl IntoView {
    let locale = lang();
    let location = use_location();
    let path = location.pathname.get_untracked();
    let query = location.query.get_untracked();
    // this page's address with one choice changed
    let choose = move |key: &str, value: &str| {
        let mut params: Vec<(String, String)> = query
            .clone()
            .into_iter()
            .filter(|(k, _)| k != key)
            .map(|(k, v)| (k.into_owned(), v))
            .collect();
        params.push((key.to_owned(), value.to_owned()));
        format::link(&path, &params)
    };
    let switch = {
        let choose = choose.clone();
        move |to: Locale| choose("lang", to.code())
    };
    let shown_currency = crate::currency::shown();
    let search_value = location.query.get_untracked().get("q").unwrap_or_default();
    let year = chrono::Utc::now().format("%Y").to_string();
    view! {
        <a class="skip" href="#main">{t("skip-to-content")}</a>
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">
                    <img src="/assets/favicon.svg" alt="" width="32" height="32"/>
                    <span>
                        <strong>{t("site-name")}</strong>
                        <small>{t("site-tagline")}</small>
                    </span>
                </a>
                <nav class="lang" aria-label=t("language-switch")>
                    {Locale::ALL
                        .into_iter()
                        .map(|to| {
                            let label = match to {
                                Locale::Vi => "VI",
                                Locale::En => "EN",
                                other => other.native_name(),
                            };
                            view! {
                                <a
                                    href=switch(to)
                                    hreflang=to.html_lang()
                                    lang=to.html_lang()
                                    title=to.native_name()
                                    aria-current=(locale == to).then_some("true")
                                >
                                    {label}
                                </a>
                            }
                        })
                        .collect_view()}
                </nav>
                {Locale::ALL
                    .into_iter()
                    .map(|to| {
                        view! { <leptos_meta::Link rel="alternate" hreflang=to.html_lang() href=switch(to)/> }
                    })
                    .collect_view()}
                <CartLink/>
            </div>
            <form class="search" action="/search" method="get" role="search">
                <label for="q" class="visually-hidden">{t("search-label")}</label>
                <input
                    id="q"
                    name="q"
                    type="search"
                    value=search_value
                    placeholder=t("search-placeholder")
                    autocomplete="off"
                    data-suggest-label=t("search-suggestions")
                />
                <button type="submit">{t("search-button")}</button>
            </form>
            <nav class="main-nav" aria-label=t("nav-menu")>
                <a href="/cooperatives">{t("nav-cooperatives")}</a>
                <a href="/categories">{t("nav-categories")}</a>
                {match crate::session::actor() {
                    Some(actor) => {
                        let seller = !actor.memberships.is_empty();
                        let staff = actor.is_staff();
                        view! {
                            {seller.then(|| view! { <a href="/seller">{t("nav-seller")}</a> })}
                            {(!seller).then(|| view! { <a href="/sell">{t("nav-sell")}</a> })}
                            {staff.then(|| view! { <a href="/moderation">{t("nav-moderation")}</a> })}
                            <a href="/orders">{t("nav-orders")}</a>
                            <a href="/account">{t("nav-account")}</a>
                            <form method="post" action="/account/logout" class="inline">
                                <crate::forms::Csrf/>
                                <button type="submit" class="link">{t("nav-sign-out")}</button>
                            </form>
                        }
                        .into_any()
                    }
                    None => view! {
                        <a href="/sell">{t("nav-sell")}</a>
                        <a href="/account/login">{t("nav-sign-in")}</a>
                    }
                    .into_any(),
                }}
            </nav>
        </header>
        <main id="main">{children()}</main>
        <footer class="site-footer">
            <p>{t("footer-about")}</p>
            <p>
                <a href="/cooperatives">{t("nav-cooperatives")}</a>
                " · "
                <a href="/orders/lookup">{t("lookup-title")}</a>
                " · "
                <a href="/export">{t("nav-export")}</a>
                " · "
                <a href="/api/docs">{t("footer-api")}</a>
            </p>
            <nav class="currency" aria-label=t("currency-switch")>
                {t("currency-switch")} " "
                <a href=choose("currency", "vnd") aria-current=shown_currency.is_none().then_some("true")>{t("currency-dong-only")}</a>
                {kernel::Currency::FOREIGN
                    .into_iter()
                    .map(|c| {
                        view! {
                            " · "
                            <a href=choose("currency", &c.code().to_ascii_lowercase()) aria-current=(shown_currency == Some(c)).then_some("true")>{c.code()}</a>
                        }
                    })
                    .collect_view()}
            </nav>
            <p class="fine">{t_with("footer-copyright", &[("year", year.into())])}</p>
        </footer>
    }
}

/// The header's link to the cart, with how many items it holds: one read
/// of the cart, and none for a visitor without a cart cookie.
#[component]
fn CartLink() -> impl IntoView {
    let owner = crate::session::cart_owner();
    let orders = use_context::<crate::Services>().map(|s| s.orders);
    let count = async move {
        match (owner, orders) {
            (Some(owner), Some(orders)) => match orders.cart(&owner).await {
                Ok(cart) => cart.item_count,
                Err(e) => {
                    tracing::warn!(error = %e, "the cart could not be read for the header");
                    0
                }
            },
            _ => 0,
        }
    };
    view! {
        <Suspense fallback=|| view! { <a class="cart-link" href="/cart">{t("nav-cart")}</a> }>
            {Suspend::new(async move {
                let count = count.await;
                let label = t_with("nav-cart-count", &[("count", count.into())]);
                view! {
                    <a class="cart-link" href="/cart" aria-label=label>
                        {t("nav-cart")}
                        {(count > 0).then(|| view! { " " <span class="cart-count">{count}</span> })}
                    </a>
                }
            })}
        </Suspense>
    }
}

/// Widths of the stored sizes of a picture, for `srcset`.
fn srcset(image: &Image) -> String {
    let original = u32::try_from(image.width).unwrap_or(0);
    catalog::ImageSize::ALL
        .into_iter()
        .filter_map(|size| {
            let url = image.urls.get(size.name())?;
            Some(format!("{url} {}w", size.width().min(original)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A square picture with every stored size offered to the browser.
#[component]
pub fn Picture(
    /// The picture.
    image: Image,
    /// The `sizes` attribute: how wide it is shown.
    #[prop(into)]
    sizes: String,
    /// Load it only when it nears the screen (not for the first screenful).
    #[prop(default = true)]
    lazy: bool,
) -> impl IntoView {
    let locale = lang();
    let src = image.urls.get("medium").cloned().unwrap_or_default();
    let alt = image.alt.get(locale).to_owned();
    view! {
        <img
            src=src
            srcset=srcset(&image)
            sizes=sizes
            width=image.width
            height=image.height
            alt=alt
            loading=if lazy { "lazy" } else { "eager" }
            decoding="async"
        />
    }
}

/// A listing in a grid.
#[component]
pub fn ProductCardView(
    /// The listing.
    product: ProductCard,
    /// Load its picture lazily.
    #[prop(default = true)]
    lazy: bool,
    /// The title as search found it: HTML with the matched words in
    /// `<mark>…</mark>` and everything else escaped (as the search service
    /// hands it out), shown instead of the plain title.
    #[prop(optional, into)]
    highlighted_title: Option<String>,
) -> impl IntoView {
    let locale = lang();
    let href = format!("/products/{}", product.slug);
    let coop_href = format!("/cooperatives/{}", product.cooperative.slug);
    let title = match highlighted_title.filter(|h| !h.trim().is_empty()) {
        Some(html) => view! { <a href=href.clone() inner_html=html></a> }.into_any(),
        None => {
            let (written, title) = product.title.found(locale);
            view! { <a href=href.clone() lang=lang_of(written)>{title.to_owned()}</a> }.into_any()
        }
    };
    let price = format::price_range(product.price, product.price_max);
    view! {
        <article class="card product-card">
            <a href=href.clone() class="card-image" tabindex="-1" aria-hidden="true">
                {product
                    .image
                    .map(|img| view! { <Picture image=img sizes="(min-width: 640px) 25vw, 50vw" lazy=lazy/> })}
            </a>
            <div class="card-body">
                <h3>{title}</h3>
                <p class="price">{price}<crate::currency::Approx low=product.price high=product.price_max/></p>
                <p class="by">
                    {t("product-by")} " " <a href=coop_href>{product.cooperative.name}</a>
                </p>
                {product.rating_tenths.map(|tenths| view! {
                    <p class="card-rating">
                        <span class="rating-stars" aria-hidden="true">"★"</span> " "
                        <span class="visually-hidden">{t("reviews-title")} ": "</span>
                        {format!("{}.{}", tenths / 10, tenths % 10)} " "
                        <span class="muted">{t_with("reviews-count", &[("count", product.reviews.into())])}</span>
                    </p>
                })}
                {(!product.in_stock).then(|| view! { <p class="stock out">{t("product-out-of-stock")}</p> })}
            </div>
        </article>
    }
}

/// A cooperative in a grid.
#[component]
pub fn CooperativeCardView(
    /// The cooperative.
    cooperative: CooperativeSummary,
) -> impl IntoView {
    let locale = lang();
    let href = format!("/cooperatives/{}", cooperative.slug);
    let place = [
        cooperative.address.ward.clone(),
        Some(cooperative.address.province.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let kind = t(&format!("kind-{}", cooperative.kind.as_str()));
    view! {
        <article class="card coop-card">
            <a href=href.clone() class="card-image" tabindex="-1" aria-hidden="true">
                {cooperative
                    .cover
                    .map(|img| view! { <Picture image=img sizes="(min-width: 640px) 33vw, 100vw"/> })}
            </a>
            <div class="card-body">
                <p class="kicker">{kind}</p>
                <h3><a href=href>{cooperative.name}</a></h3>
                <p class="place">{place}</p>
                {
                    let (written, summary) = cooperative.summary.found(locale);
                    view! { <p lang=lang_of(written)>{summary.to_owned()}</p> }
                }
                <ImpactFigures
                    members=cooperative.members_count
                    jobs=cooperative.local_jobs
                    founded=cooperative.founded_year
                />
            </div>
        </article>
    }
}

/// Members, local jobs and founding year, where known.
#[component]
pub fn ImpactFigures(
    /// Members.
    members: Option<i32>,
    /// Local jobs.
    jobs: Option<i32>,
    /// Year founded.
    founded: Option<i32>,
) -> impl IntoView {
    let figures = [
        members.map(|n| t_with("coop-members", &[("count", n.into())])),
        jobs.map(|n| t_with("coop-jobs", &[("count", n.into())])),
        founded.map(|y| t_with("coop-founded", &[("year", y.to_string().into())])),
    ];
    view! {
        <ul class="figures">
            {figures.into_iter().flatten().map(|f| view! { <li>{f}</li> }).collect_view()}
        </ul>
    }
}

/// How a certification is named: `VietGAP`, `OCOP ★★★★`, `Hữu cơ`, or the
/// award's name.
pub fn cert_label(kind: CertificationKind, stars: Option<i16>, name: Option<&str>) -> String {
    match kind {
        CertificationKind::Ocop => t_with(
            "cert-ocop",
            &[(
                "stars",
                "★"
                    .repeat(usize::try_from(stars.unwrap_or(3)).unwrap_or(3))
                    .into(),
            )],
        ),
        CertificationKind::Award => name.map_or_else(|| t("cert-award"), str::to_owned),
        kind => t(&format!("cert-{}", kind.as_str())),
    }
}

/// A certification badge: shown only for verified, unexpired ones (the
/// catalogue hands out no others). VietGAP and organic with their number
/// and expiry, OCOP with its stars and level, an award with its name.
#[component]
pub fn CertBadge(
    /// The certification.
    certification: Certification,
) -> impl IntoView {
    let locale = lang();
    let c = certification;
    let heading = if c.kind == CertificationKind::Ocop {
        let stars = c.stars.unwrap_or(3);
        view! {
            "OCOP "
            <span class="stars" aria-hidden="true">{"★".repeat(usize::try_from(stars).unwrap_or(3))}</span>
            <span class="visually-hidden">{t_with("cert-ocop-stars", &[("stars", stars.into())])}</span>
        }
        .into_any()
    } else {
        cert_label(c.kind, c.stars, c.name.as_deref()).into_any()
    };
    // an award is named by its name already; a standard may name itself too
    let name = c
        .name
        .clone()
        .filter(|_| c.kind != CertificationKind::Award);
    let detail = [
        c.level.as_deref().map(|l| {
            crate::i18n::try_t(&format!("ocop-level-{l}")).unwrap_or_else(|| l.to_owned())
        }),
        c.number
            .map(|n| t_with("cert-number", &[("number", n.into())])),
        c.issuer,
        (c.kind == CertificationKind::Award)
            .then(|| c.issued_on.map(|d| d.format("%Y").to_string()))
            .flatten(),
        c.expires_on.map(|d| {
            t_with(
                "cert-valid-until",
                &[("date", format::date(d, locale).into())],
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class=format!("badge badge-{}", c.kind.as_str())>
            <strong>{heading}</strong>
            {name.map(|n| view! { <span>" " {n}</span> })}
            {(!detail.is_empty()).then(|| view! { <small>{detail}</small> })}
        </li>
    }
}

/// Previous / next links and where we are.
#[component]
pub fn Pager(
    /// The current page.
    page: u64,
    /// How many pages there are.
    pages: u64,
    /// The path the links go to.
    base: String,
    /// Query parameters to keep.
    params: Vec<(&'static str, String)>,
) -> impl IntoView {
    let link = move |to: u64| {
        let mut all = params.clone();
        if to > 1 {
            all.push(("page", to.to_string()));
        }
        format::link(&base, &all)
    };
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=t("pager-label")>
                {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>{t("pager-prev")}</a> })}
                <span>{t_with("pager-page", &[("page", page.into()), ("pages", pages.into())])}</span>
                {(page < pages).then(|| view! { <a rel="next" href=link(page + 1)>{t("pager-next")}</a> })}
            </nav>
        }
    })
}

/// Where a page sits: Home › … › here.
#[component]
pub fn Breadcrumbs(
    /// Links above this page: (href, name).
    trail: Vec<(String, String)>,
    /// This page's name.
    current: String,
) -> impl IntoView {
    view! {
        <nav class="breadcrumbs" aria-label=t("breadcrumb")>
            <a href="/">{t("home")}</a>
            {trail
                .into_iter()
                .map(|(href, name)| view! { " › " <a href=href>{name}</a> })
                .collect_view()}
            " › "
            <span aria-current="page">{current}</span>
        </nav>
    }
}

/// The page's `<title>`. leptos_meta 0.8 writes the title's text into the
/// head as it is, so text from sellers or from the query string is escaped
/// here (the browser reads the entities back as text).
#[component]
pub fn Title(
    /// The title, plain text.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    view! { <leptos_meta::Title text=escape_title(&text)/> }
}

/// `&`, `<` and `>` as entities.
pub fn escape_title(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
