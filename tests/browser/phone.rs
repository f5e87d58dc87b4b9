//! Every page a person can reach fits a phone: the shop's pages from its
//! sitemap for a guest, then each role's menus and the links of its part of
//! the shop (shopper, cooperative owner, importer, union staff) followed
//! four levels down, one page of each kind (one order, one listing…), at
//! 360 px wide with JavaScript off. A page fails when it scrolls sideways or when one of its
//! buttons or menu links is shorter than 44 px; each page's screenshot goes
//! to `target/screenshots/phone-360-*`.

use std::collections::BTreeSet;

use hoptac_tests::browser::Browser;
use hoptac_tests::{Seed, TestApp, spawn_app_with};

use crate::steps::{demo_activity, sign_in, sign_out};

const WIDTH: u32 = 360;

/// The links of the page's header and menus, and of its content under
/// `area` (the role's part of the shop, e.g. `/seller`), that stay in the
/// shop and show a page (no downloads, no signing out).
async fn menu_paths(b: &Browser, area: &str) -> Vec<String> {
    let hrefs = b
        .client
        .execute(
            "const area = arguments[0];\
             return [...document.querySelectorAll('header a[href], nav a[href], main a[href]')]\
               .filter(a => a.closest('header, nav') || a.getAttribute('href').startsWith(area))\
               .map(a => a.getAttribute('href'));",
            vec![area.into()],
        )
        .await
        .unwrap();
    hrefs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h.as_str())
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .filter(|h| {
            ![
                ".csv",
                ".pdf",
                ".xml",
                "/logout",
                "/packing-slip",
                "lang=",
                "currency=",
            ]
            .iter()
            .any(|skip| h.contains(skip))
        })
        .map(str::to_owned)
        .collect()
}

/// A page's kind: its path with ids and slugs of things replaced, so one
/// order, listing or lot stands for all of them.
fn kind_of(path: &str) -> String {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let query = if query.starts_with("page=") {
        ""
    } else {
        query
    };
    let segments: Vec<String> = path
        .split('/')
        .enumerate()
        .map(|(i, s)| {
            let an_id = uuid::Uuid::parse_str(s).is_ok();
            let a_name = i == 2
                && ["products", "cooperatives", "categories", "t"]
                    .contains(&path.split('/').nth(1).unwrap_or_default());
            if an_id || (a_name && !path.starts_with("/seller")) {
                ":id".to_owned()
            } else {
                s.to_owned()
            }
        })
        .collect();
    format!("{}?{query}", segments.join("/"))
}

/// What is wrong with the page at phone width: sideways scrolling, small
/// buttons and menu links (with their size).
async fn misfits(b: &Browser) -> Vec<String> {
    let found = b
        .client
        .execute(
            r#"const out = [];
               const page = document.documentElement.scrollWidth;
               if (page > window.innerWidth) {
                 out.push(`the page is ${page} px wide in a ${window.innerWidth} px window`);
                 for (const el of document.body.querySelectorAll('*')) {
                   const r = el.getBoundingClientRect();
                   if (r.right > window.innerWidth + 1 && out.length < 6) {
                     out.push(`  ${el.tagName.toLowerCase()}.${[...el.classList].join('.')} reaches ${Math.round(r.right)} px`);
                   }
                 }
               }
               const taps = 'button, .button, input[type=submit], select, header nav a, nav.tabs a, .pager a';
               for (const el of document.querySelectorAll(taps)) {
                 const r = el.getBoundingClientRect();
                 const shown = r.width > 0 && getComputedStyle(el).visibility !== 'hidden';
                 if (shown && r.height < 44 && out.length < 12) {
                   out.push(`"${(el.innerText || el.value || el.tagName).trim().slice(0, 30)}" is ${Math.round(r.height)} px tall`);
                 }
               }
               return out;"#,
            vec![],
        )
        .await
        .unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn shot_name(role: &str, path: &str) -> String {
    let slug: String = path
        .trim_matches('/')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(60)
        .collect();
    format!(
        "phone-{WIDTH}-{role}-{}",
        if slug.is_empty() { "home" } else { &slug }
    )
}

/// Visits each of `paths` whose kind was not seen yet (every page of the
/// sitemap is visited), collecting what does not fit.
async fn visit(
    b: &Browser,
    app: &TestApp,
    (role, area): (&str, &str),
    paths: impl IntoIterator<Item = String>,
    seen: &mut BTreeSet<String>,
    problems: &mut Vec<String>,
) -> Vec<String> {
    let mut found_links = Vec::new();
    for path in paths {
        let kind = if role == "guest" {
            path.clone()
        } else {
            kind_of(&path)
        };
        if !seen.insert(format!("{role} {kind}")) {
            continue;
        }
        b.goto(&app.url(&path)).await.unwrap();
        for problem in misfits(b).await {
            let problem = format!("{role} {path}: {problem}");
            eprintln!("{problem}");
            problems.push(problem);
        }
        b.screenshot(&shot_name(role, &path)).await.unwrap();
        found_links.extend(menu_paths(b, area).await);
    }
    found_links
}

/// The role's menus and the menus they lead to, one level down.
async fn visit_menus(
    b: &Browser,
    app: &TestApp,
    role: &str,
    start: &str,
    seen: &mut BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    let who = (role, start);
    let first = visit(b, app, who, [start.to_owned()], seen, problems).await;
    let second = visit(b, app, who, first, seen, problems).await;
    let third = visit(b, app, who, second, seen, problems).await;
    visit(b, app, who, third, seen, problems).await;
}

#[tokio::test]
async fn every_page_of_the_sitemap_and_of_each_roles_menus_fits_a_phone() {
    eprintln!(
        "[{}] browser: every page of the sitemap and of each role's menus at {WIDTH} px",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::Demo).await;
    demo_activity(&app).await;
    let b = Browser::start().await.expect("chromium starts");
    b.resize(WIDTH, 780).await.unwrap();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();

    let shop = hoptac_tests::sitemap::paths(&app).await;
    assert!(
        shop.iter().any(|p| p.starts_with("/products/"))
            && shop.iter().any(|p| p.starts_with("/cooperatives/"))
            && shop.iter().any(|p| p.starts_with("/categories/")),
        "the sitemap lists listings, cooperatives and categories: {shop:?}"
    );
    visit(
        &b,
        &app,
        ("guest", "/"),
        shop.clone(),
        &mut seen,
        &mut problems,
    )
    .await;
    for start in [
        "/cart",
        "/checkout",
        "/orders/lookup",
        "/account/login",
        "/account/register",
        "/export/requests/new",
    ] {
        visit(
            &b,
            &app,
            ("guest", "/"),
            [start.to_owned()],
            &mut seen,
            &mut problems,
        )
        .await;
    }

    for (role, email, start) in [
        ("shopper", "khach@hoptac.demo", "/orders"),
        ("seller", "baola@hoptac.demo", "/seller"),
        ("importer", "osaka@hoptac.demo", "/export"),
        ("staff", "nhanvien@hoptac.demo", "/moderation"),
    ] {
        sign_in(&b, &app, email, start).await;
        b.screenshot(&format!("phone-{WIDTH}-{role}-signed-in"))
            .await
            .unwrap();
        assert_eq!(b.path().await.unwrap(), start, "{email} is signed in");
        visit_menus(&b, &app, role, start, &mut seen, &mut problems).await;
        b.goto(&app.url("/")).await.unwrap();
        sign_out(&b).await;
    }

    let visited = seen.len();
    testkit::report(&format!(
        "phone width {WIDTH} px: {visited} pages visited ({} from the sitemap), {} problems",
        shop.len(),
        problems.len()
    ));
    assert!(
        visited > shop.len() + 40,
        "the menus lead to pages: {seen:?}"
    );
    assert!(
        problems.is_empty(),
        "pages that do not fit a {WIDTH} px phone:\n{}",
        problems.join("\n")
    );
    b.close().await.unwrap();
}
