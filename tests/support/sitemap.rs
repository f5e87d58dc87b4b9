//! The shop's sitemap, read as a crawler reads it.

use crate::TestApp;

/// The paths of the `<loc>` addresses of `xml`.
fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(|url| {
            let host = url.find("://").map_or(0, |i| i + 3);
            url[host..]
                .find('/')
                .map_or_else(|| "/".to_owned(), |i| url[host + i..].to_owned())
        })
        .collect()
}

/// The paths the sitemap lists: its index, then each of its files.
pub async fn paths(app: &TestApp) -> Vec<String> {
    let index = app.get("/sitemap.xml").await;
    assert_eq!(index.status(), 200, "the sitemap index answers");
    let mut paths = Vec::new();
    for file in locs(&index.text().await.expect("the index reads")) {
        let answer = app.get(&file).await;
        assert_eq!(answer.status(), 200, "{file}");
        paths.extend(locs(&answer.text().await.expect("the file reads")));
    }
    paths
}
