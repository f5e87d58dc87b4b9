//! One behaviour suite over both search backends, each case on an index of
//! its own: Tantivy in a temporary directory, and Meilisearch on a real
//! server this test process starts (`testkit::meilisearch`: the binary from
//! `MEILI_BIN` or `PATH`). Where there is no binary, the Meilisearch half is
//! listed as ignored, saying so, unless the run requires every tool
//! (`HOPTAC_REQUIRE_TOOLS=1`, as `make test` and CI do) or `MEILI_BIN`
//! names one that cannot be used: then it runs and fails. A case never
//! returns early for want of its backend.
//!
//! Beyond what each backend must find, the `parity` cases run the same
//! queries on both and require the same listings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use kernel::{CategoryId, CooperativeId, I18nText, Locale, ProductId};
use libtest_mimic::{Arguments, Failed, Trial};
use search::{
    Filters, MeilisearchConfig, MeilisearchIndex, PriceBucket, SearchDocument, SearchIndex,
    SearchQuery, SearchResults, Sort, TantivyConfig, TantivyIndex,
};
use uuid::Uuid;

// ---------------------------------------------------------------- fixture

const BAO_LA: u128 = 1_001;
const PHU_CAM: u128 = 1_002;
const A_LUOI: u128 = 1_003;
const THUY_THANH: u128 = 1_004;
const QUANG_DIEN: u128 = 1_005;

const CRAFT: u128 = 2_001;
const BASKETS: u128 = 2_002;
const TRAYS: u128 = 2_003;
const HATS: u128 = 2_004;
const TEXTILES: u128 = 2_005;
const FOOD: u128 = 2_101;
const VEGETABLES: u128 = 2_102;
const TEA: u128 = 2_103;
const SPECIALTIES: u128 = 2_104;

const HUE: &str = "Thừa Thiên Huế";
const QUANG_TRI: &str = "Quảng Trị";
const QUANG_NAM: &str = "Quảng Nam";

fn pid(n: u128) -> ProductId {
    ProductId(Uuid::from_u128(n))
}

fn coop(n: u128) -> CooperativeId {
    CooperativeId(Uuid::from_u128(n))
}

fn cat(n: u128) -> CategoryId {
    CategoryId(Uuid::from_u128(n))
}

fn coop_name(n: u128) -> &'static str {
    match n {
        BAO_LA => "HTX Mây tre đan Bao La",
        PHU_CAM => "HTX Nón lá Phú Cam",
        A_LUOI => "HTX Dệt A Lưới",
        QUANG_DIEN => "HTX Quảng Điền",
        _ => "HTX Nông nghiệp Thủy Thanh",
    }
}

/// A listing; `en` empty means written in Vietnamese only.
#[expect(clippy::too_many_arguments, reason = "one line per listing reads best")]
fn listing(
    n: u128,
    vi: &str,
    en: &str,
    cooperative: u128,
    categories: &[u128],
    province: &str,
    certifications: &[&str],
    (price_min, price_max): (i64, i64),
    in_stock: bool,
) -> SearchDocument {
    let title = if en.is_empty() {
        I18nText::vi(vi)
    } else {
        I18nText::vi_en(vi, en)
    };
    SearchDocument {
        id: pid(n),
        slug: kernel::slugify(vi),
        title,
        summary: I18nText::default(),
        tags: Vec::new(),
        cooperative_id: coop(cooperative),
        cooperative_name: coop_name(cooperative).to_owned(),
        category_ids: categories.iter().map(|c| cat(*c)).collect(),
        province: province.to_owned(),
        certifications: certifications.iter().map(|c| (*c).to_owned()).collect(),
        price_min,
        price_max,
        in_stock,
        published_at: Some(
            Utc.with_ymd_and_hms(2025, 1, 1, 8, 0, 0).unwrap() + Duration::days(n as i64),
        ),
        rating: 0,
        rating_count: 0,
    }
}

trait With {
    fn summary(self, vi: &str, en: &str) -> Self;
    fn cjk(self, ja: &str, zh: &str) -> Self;
    fn tags(self, tags: &[&str]) -> Self;
    fn rated(self, reviews: i64, stars: i64) -> Self;
}

impl With for SearchDocument {
    fn summary(mut self, vi: &str, en: &str) -> Self {
        self.summary = I18nText::vi_en(vi, en);
        self
    }

    fn cjk(mut self, ja: &str, zh: &str) -> Self {
        self.title.ja = Some(ja.to_owned());
        self.title.zh = Some(zh.to_owned());
        self
    }

    fn tags(mut self, tags: &[&str]) -> Self {
        self.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        self
    }

    /// `reviews` visible reviews giving `stars` stars in all.
    fn rated(mut self, reviews: i64, stars: i64) -> Self {
        self.rating = SearchDocument::rating_of(stars, reviews);
        self.rating_count = reviews;
        self
    }
}

#[rustfmt::skip]
fn fixture() -> Vec<SearchDocument> {
    vec![
        listing(1, "Giỏ mây đan tay", "Handwoven rattan basket", BAO_LA, &[CRAFT, BASKETS], HUE, &["ocop"], (150_000, 250_000), true)
            .summary("Giỏ mây đan thủ công bởi nghệ nhân làng Bao La.", "Woven by hand by Bao La village artisans.")
            .tags(&["mây", "đan lát"]),
        listing(2, "Giỏ mây đựng trái cây", "Rattan fruit basket", BAO_LA, &[CRAFT, BASKETS], HUE, &[], (120_000, 180_000), true),
        listing(3, "Giỏ cói đi chợ", "Sedge market basket", BAO_LA, &[CRAFT, BASKETS], QUANG_TRI, &[], (90_000, 90_000), true),
        listing(4, "Khay tre đan", "Woven bamboo tray", BAO_LA, &[CRAFT, TRAYS], HUE, &["ocop"], (80_000, 120_000), true),
        listing(5, "Khay tre sơn mài", "Lacquered bamboo tray", BAO_LA, &[CRAFT, TRAYS], HUE, &[], (350_000, 350_000), false),
        listing(6, "Nón lá bài thơ", "Poem conical hat", PHU_CAM, &[CRAFT, HATS], HUE, &["ocop"], (120_000, 120_000), true)
            .cjk("詩の笠 ノンラー", "诗笠")
            .summary("Nón lá Huế có câu thơ giữa hai lớp lá.", "A Hue conical hat with a poem between its layers of leaves."),
        listing(7, "Non bộ đá cảnh", "Miniature rock garden", PHU_CAM, &[CRAFT], HUE, &[], (1_500_000, 1_500_000), true),
        listing(8, "Nón lá trơn", "Plain conical hat", PHU_CAM, &[CRAFT, HATS], HUE, &[], (60_000, 60_000), false),
        listing(9, "Khăn thổ cẩm Tà Ôi", "Ta Oi brocade scarf", A_LUOI, &[CRAFT, TEXTILES], HUE, &["ocop"], (450_000, 450_000), true),
        listing(10, "Túi thổ cẩm", "Brocade handbag", A_LUOI, &[CRAFT, TEXTILES], HUE, &[], (550_000, 700_000), true),
        listing(11, "Khăn lụa tơ tằm", "Mulberry silk scarf", A_LUOI, &[CRAFT, TEXTILES], QUANG_NAM, &[], (650_000, 650_000), true),
        listing(12, "Áo dài lụa", "Silk ao dai", A_LUOI, &[CRAFT, TEXTILES], QUANG_NAM, &[], (2_500_000, 2_500_000), true),
        listing(13, "Rau cải ngọt VietGAP", "VietGAP choy sum", THUY_THANH, &[FOOD, VEGETABLES], HUE, &["vietgap"], (25_000, 25_000), true),
        listing(14, "Rau muống sạch", "Clean water spinach", THUY_THANH, &[FOOD, VEGETABLES], HUE, &["vietgap"], (15_000, 15_000), true),
        listing(15, "Cà chua VietGAP", "VietGAP tomatoes", THUY_THANH, &[FOOD, VEGETABLES], QUANG_TRI, &["vietgap", "organic"], (35_000, 35_000), false),
        listing(16, "Trà cung đình Huế", "Hue royal herbal tea", THUY_THANH, &[FOOD, TEA], HUE, &["ocop"], (95_000, 180_000), true),
        listing(17, "Trà sen", "Lotus tea", THUY_THANH, &[FOOD, TEA], HUE, &["ocop"], (220_000, 220_000), true)
            .cjk("蓮茶", "莲花茶"),
        listing(18, "Bát gỗ mít", "Jackfruit wood bowl", BAO_LA, &[CRAFT], HUE, &[], (200_000, 200_000), true),
        listing(19, "Mè xửng & kẹo gương", "Sesame candy & \"mirror\" sweets", THUY_THANH, &[FOOD, SPECIALTIES], HUE, &["ocop"], (45_000, 45_000), true),
        listing(20, "Tôm chua Huế", "Hue sour shrimp", THUY_THANH, &[FOOD, SPECIALTIES], HUE, &[], (120_000, 120_000), true),
        listing(21, "Mắm ruốc", "Fermented shrimp paste", THUY_THANH, &[FOOD, SPECIALTIES], QUANG_TRI, &[], (60_000, 60_000), true),
        listing(22, "Chổi đót", "Grass broom", BAO_LA, &[CRAFT], QUANG_TRI, &[], (40_000, 40_000), true),
        listing(23, "Đèn lồng tre", "Bamboo lantern", BAO_LA, &[CRAFT], HUE, &[], (180_000, 180_000), true)
            .cjk("竹の提灯", "竹灯笼"),
        listing(24, "Rổ tre", "", BAO_LA, &[CRAFT, BASKETS], HUE, &[], (70_000, 70_000), true),
        listing(25, "Hoa sen khô", "Dried lotus flowers", THUY_THANH, &[FOOD], HUE, &[], (300_000, 300_000), true),
        listing(26, "Gạo lứt hữu cơ", "Organic brown rice", THUY_THANH, &[FOOD], QUANG_TRI, &["organic", "vietgap"], (55_000, 55_000), true),
        listing(27, "Mật ong rừng", "Wild forest honey", A_LUOI, &[FOOD], HUE, &[], (250_000, 250_000), true),
        listing(28, "Chiếu cói", "Sedge sleeping mat", BAO_LA, &[CRAFT], QUANG_TRI, &[], (320_000, 320_000), true),
        listing(29, "Đũa tre", "Bamboo chopsticks", BAO_LA, &[CRAFT], HUE, &[], (30_000, 50_000), true)
            .cjk("竹箸", "竹筷子"),
        listing(30, "Hạt sen sấy", "Dried lotus seeds", THUY_THANH, &[FOOD, SPECIALTIES], HUE, &["ocop"], (150_000, 150_000), true),
        listing(31, "Thớt gỗ nghiến", "Ironwood cutting board", BAO_LA, &[CRAFT], HUE, &[], (280_000, 420_000), true),
        listing(32, "Vỏ gối dệt A Lưới", "Brocade cushion cover", A_LUOI, &[CRAFT, TEXTILES], HUE, &[], (180_000, 180_000), true),
        listing(33, "Trà gừng", "", THUY_THANH, &[FOOD, TEA], HUE, &[], (40_000, 40_000), true),
    ]
}

// ---------------------------------------------------------------- harness

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Tantivy,
    Meilisearch,
}

struct Harness {
    index: Arc<dyn SearchIndex>,
    backend: Backend,
    meili: Option<MeilisearchIndex>,
    _dir: Option<tempfile::TempDir>,
}

impl Harness {
    async fn tantivy() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = TantivyConfig {
            writer_heap_bytes: 15_000_000,
            rebuild_heap_bytes: 30_000_000,
            rebuild_threads: 1,
        };
        let index = TantivyIndex::open_with(dir.path().join("search"), config).unwrap();
        index.upsert(fixture()).await.unwrap();
        Self {
            index: Arc::new(index),
            backend: Backend::Tantivy,
            meili: None,
            _dir: Some(dir),
        }
    }

    async fn meilisearch() -> Self {
        let server = testkit::meilisearch::Meilisearch::shared();
        let mut config = MeilisearchConfig::new(server.url(), Some(server.key().to_owned()));
        config.index = format!("hoptac_test_{}", Uuid::new_v4().simple());
        config.task_timeout = std::time::Duration::from_secs(60);
        let index = MeilisearchIndex::connect(config).await.unwrap();
        index.upsert(fixture()).await.unwrap();
        Self {
            index: Arc::new(index.clone()),
            backend: Backend::Meilisearch,
            meili: Some(index),
            _dir: None,
        }
    }

    async fn on(backend: Backend) -> Self {
        match backend {
            Backend::Tantivy => Self::tantivy().await,
            Backend::Meilisearch => Self::meilisearch().await,
        }
    }

    async fn finish(self) {
        if let Some(meili) = self.meili {
            meili.delete_index().await.unwrap();
        }
    }

    async fn search(&self, query: SearchQuery) -> SearchResults {
        self.index.search(&query).await.unwrap()
    }

    async fn find(&self, q: &str) -> SearchResults {
        self.search(SearchQuery {
            per_page: 100,
            ..SearchQuery::text(q)
        })
        .await
    }

    /// The ids (as fixture numbers) of every listing matching the filters.
    async fn filtered(&self, filters: Filters) -> HashSet<u128> {
        let results = self
            .search(SearchQuery {
                filters,
                per_page: 100,
                ..SearchQuery::default()
            })
            .await;
        assert_eq!(results.total as usize, results.hits.len());
        numbers(&results).into_iter().collect()
    }
}

fn numbers(results: &SearchResults) -> Vec<u128> {
    results.hits.iter().map(|h| h.id.uuid().as_u128()).collect()
}

fn set(ns: &[u128]) -> HashSet<u128> {
    ns.iter().copied().collect()
}

type Case = for<'a> fn(&'a Harness) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

macro_rules! behaviours {
    ($($name:ident),* $(,)?) => {
        /// Every case, by name.
        const CASES: &[(&str, Case)] = &[
            $((stringify!($name), |h| Box::pin(cases::$name(h)))),*
        ];
    };
}

/// Runs a case on a fresh index of `backend`, on a runtime of its own.
fn run_case(backend: Backend, case: Case) -> Result<(), Failed> {
    runtime().block_on(async {
        let h = Harness::on(backend).await;
        case(&h).await;
        h.finish().await;
    });
    Ok(())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn main() -> std::process::ExitCode {
    let args = Arguments::from_args();
    let skipped = testkit::meilisearch::skip_reason();
    if let Some(why) = &skipped {
        eprintln!(
            "{}: the Meilisearch half of the search behaviour suite is ignored ({why})",
            testkit::meilisearch::SKIPPED
        );
    }
    let skip_meilisearch = skipped.is_some();
    let mut trials = Vec::new();
    for (name, case) in CASES {
        let case = *case;
        trials.push(Trial::test(format!("tantivy::{name}"), move || {
            run_case(Backend::Tantivy, case)
        }));
        trials.push(
            Trial::test(format!("meilisearch::{name}"), move || {
                run_case(Backend::Meilisearch, case)
            })
            .with_ignored_flag(skip_meilisearch),
        );
    }
    for (name, case) in PARITY {
        let case = *case;
        trials.push(
            Trial::test(format!("parity::{name}"), move || {
                runtime().block_on(case());
                Ok(())
            })
            .with_ignored_flag(skip_meilisearch),
        );
    }
    for (name, case) in MEILISEARCH_ONLY {
        let case = *case;
        trials.push(
            Trial::test(format!("meilisearch::{name}"), move || {
                runtime().block_on(case());
                Ok(())
            })
            .with_ignored_flag(skip_meilisearch),
        );
    }
    libtest_mimic::run(&args, trials).exit_code()
}

behaviours!(
    gio_may_without_diacritics_finds_gio_may,
    non_la_without_diacritics_finds_non_la,
    the_exact_diacritics_typed_rank_first,
    matched_words_are_marked_and_the_rest_escaped,
    a_swapped_letter_still_finds_baskets,
    a_missing_letter_still_finds_rattan,
    a_misspelt_query_suggests_the_indexed_words,
    bamboo_finds_listings_written_tre,
    tho_cam_finds_brocade_and_conical_hat_finds_non_la,
    the_unfinished_last_word_matches_as_a_prefix,
    suggestions_complete_titles_as_the_shopper_types,
    english_titles_are_found_by_export_buyers,
    japanese_and_chinese_titles_are_found_by_characters,
    facet_counts_add_up_to_the_total,
    price_facets_count_what_their_bounds_filter,
    categories_filter_any_of_the_ones_given,
    cooperative_and_province_filter_exactly,
    certifications_filter_all_of_the_ones_given,
    price_bounds_match_overlapping_price_ranges,
    stock_filters_both_ways,
    prices_sort_both_ways_and_newest_first,
    pages_do_not_overlap,
    empty_queries_list_everything_matching_the_filters,
    a_deleted_listing_is_gone,
    an_upsert_replaces_the_listing,
    clear_empties_the_index,
    a_rebuild_swaps_in_a_fresh_index_keeping_changes_made_meanwhile,
    hostile_queries_give_a_normal_result,
    bamboo_leaves_out_rattan_baskets_whose_seller_name_says_tre,
    the_sellers_name_is_matched_by_whole_words_only,
    mat_ong_finds_the_honey_and_nothing_else,
    non_la_finds_the_hats_and_not_what_merely_says_non,
    every_word_is_required_until_none_match,
    a_wrong_first_letter_counts_as_two_typos,
    words_are_neither_split_nor_glued_together,
    ratings_sort_best_first_and_filter_four_stars_and_up,
);

// ---------------------------------------------------------------- cases

mod cases {
    use super::*;

    pub async fn gio_may_without_diacritics_finds_gio_may(h: &Harness) {
        let results = h.find("gio may").await;
        let found = numbers(&results);
        assert!(found.len() >= 2, "{found:?}");
        assert_eq!(set(&found[..2]), set(&[1, 2]), "{results:#?}");
        assert!(results.hits[0].title.starts_with("Giỏ mây"));
    }

    pub async fn non_la_without_diacritics_finds_non_la(h: &Harness) {
        let found = numbers(&h.find("non la").await);
        assert!(found.len() >= 2, "{found:?}");
        assert_eq!(set(&found[..2]), set(&[6, 8]), "{found:?}");
    }

    pub async fn the_exact_diacritics_typed_rank_first(h: &Harness) {
        let nón = numbers(&h.find("nón ").await);
        assert!(set(&nón).is_superset(&set(&[6, 7, 8])), "{nón:?}");
        let non_bo = numbers(&h.find("non bo").await);
        assert_eq!(non_bo.first(), Some(&7), "{non_bo:?}");
        if h.backend == Backend::Tantivy {
            // Meilisearch normalises diacritics away before ranking.
            assert_eq!(set(&nón[..2]), set(&[6, 8]), "{nón:?}");
            let non = numbers(&h.find("non ").await);
            assert_eq!(non.first(), Some(&7), "{non:?}");
        }
    }

    pub async fn matched_words_are_marked_and_the_rest_escaped(h: &Harness) {
        let results = h.find("me xung").await;
        let hit = results.hits.iter().find(|hit| hit.id == pid(19)).unwrap();
        assert_eq!(hit.title, "Mè xửng & kẹo gương");
        assert_eq!(
            hit.highlighted_title,
            "<mark>Mè</mark> <mark>xửng</mark> &amp; kẹo gương"
        );
        let english = h
            .search(SearchQuery {
                locale: Locale::En,
                ..SearchQuery::text("sesame candy ")
            })
            .await;
        assert_eq!(
            english.hits[0].highlighted_title,
            "<mark>Sesame</mark> <mark>candy</mark> &amp; &quot;mirror&quot; sweets"
        );
        let rattan = h.find("giỏ mây").await;
        assert_eq!(
            rattan.hits[0].highlighted_title.matches("<mark>").count(),
            2,
            "{:?}",
            rattan.hits[0]
        );
    }

    pub async fn a_swapped_letter_still_finds_baskets(h: &Harness) {
        let found = set(&numbers(&h.find("baskte").await));
        assert!(found.is_superset(&set(&[1, 2, 3])), "{found:?}");
    }

    pub async fn a_missing_letter_still_finds_rattan(h: &Harness) {
        let found = numbers(&h.find("ratan").await);
        assert_eq!(set(&found[..2]), set(&[1, 2]), "{found:?}");
        assert!(h.find("rattan").await.did_you_mean.is_none());
    }

    pub async fn a_misspelt_query_suggests_the_indexed_words(h: &Harness) {
        let results = h.find("baskte ").await;
        assert!(results.total > 0);
        assert_eq!(results.did_you_mean.as_deref(), Some("basket"));
        if h.backend == Backend::Tantivy {
            // Four letters allow no typo, so nothing matches `mayy`; the
            // embedded index still knows its nearest word.
            let none = h.find("gio mayy ").await;
            assert_eq!(none.did_you_mean.as_deref(), Some("gio may"), "{none:?}");
        }
    }

    pub async fn bamboo_finds_listings_written_tre(h: &Harness) {
        let found = set(&numbers(&h.find("bamboo").await));
        // 24 (Rổ tre) is written in Vietnamese only
        assert!(found.is_superset(&set(&[4, 5, 23, 24, 29])), "{found:?}");
        let tea = set(&numbers(&h.find("tea").await));
        assert!(tea.is_superset(&set(&[16, 17, 33])), "{tea:?}");
    }

    pub async fn tho_cam_finds_brocade_and_conical_hat_finds_non_la(h: &Harness) {
        let brocade = set(&numbers(&h.find("tho cam").await));
        // 32 is a brocade cushion whose Vietnamese title does not say thổ cẩm
        assert!(brocade.is_superset(&set(&[9, 10, 32])), "{brocade:?}");
        let hats = numbers(&h.find("conical hat").await);
        assert_eq!(set(&hats[..2]), set(&[6, 8]), "{hats:?}");
    }

    pub async fn the_unfinished_last_word_matches_as_a_prefix(h: &Harness) {
        let found = numbers(&h.find("gio m").await);
        assert_eq!(set(&found[..2]), set(&[1, 2]), "{found:?}");
        let bam = set(&numbers(&h.find("bam").await));
        assert!(bam.is_superset(&set(&[4, 5, 23, 29])), "{bam:?}");
        // a finished word is not a prefix
        assert!(!set(&numbers(&h.find("bam ").await)).contains(&4));
    }

    pub async fn suggestions_complete_titles_as_the_shopper_types(h: &Harness) {
        let suggestions = h.index.suggest("gio m", 5).await.unwrap();
        let titles: Vec<_> = suggestions.iter().map(|s| s.title.as_str()).collect();
        assert!(titles.contains(&"Giỏ mây đan tay"), "{titles:?}");
        let first = suggestions
            .iter()
            .find(|s| s.title == "Giỏ mây đan tay")
            .unwrap();
        assert!(first.highlighted.contains("<mark>Giỏ</mark>"), "{first:?}");
        let english = h.index.suggest("rattan b", 5).await.unwrap();
        assert!(
            english.iter().any(|s| s.title == "Handwoven rattan basket"),
            "{english:?}"
        );
        assert!(h.index.suggest("", 5).await.unwrap().is_empty());
        assert!(h.index.suggest("gio", 1).await.unwrap().len() <= 1);
    }

    pub async fn english_titles_are_found_by_export_buyers(h: &Harness) {
        let found = numbers(&h.find("handwoven rattan basket").await);
        assert_eq!(found.first(), Some(&1), "{found:?}");
        let silk = set(&numbers(&h.find("silk scarf").await));
        assert!(silk.contains(&11), "{silk:?}");
        let lua = set(&numbers(&h.find("lua").await));
        assert!(lua.is_superset(&set(&[11, 12])), "{lua:?}");
    }

    pub async fn japanese_and_chinese_titles_are_found_by_characters(h: &Harness) {
        assert!(numbers(&h.find("笠").await).contains(&6));
        assert_eq!(numbers(&h.find("竹箸").await).first(), Some(&29));
        assert_eq!(numbers(&h.find("竹筷子").await).first(), Some(&29));
        assert_eq!(numbers(&h.find("莲花茶").await).first(), Some(&17));
        let ja = h
            .search(SearchQuery {
                locale: Locale::Ja,
                ..SearchQuery::text("竹箸")
            })
            .await;
        assert_eq!(ja.hits[0].highlighted_title, "<mark>竹箸</mark>");
    }

    pub async fn facet_counts_add_up_to_the_total(h: &Harness) {
        for q in ["", "tre", "hue", "gio may"] {
            let results = h
                .search(SearchQuery {
                    facets: true,
                    ..SearchQuery::text(q)
                })
                .await;
            let facets = results.facets.as_ref().unwrap();
            let sum = |counts: &[u64]| counts.iter().sum::<u64>();
            let total = results.total;
            assert!(total > 0, "{q}");
            let in_stock: Vec<u64> = facets.in_stock.iter().map(|c| c.count).collect();
            assert_eq!(sum(&in_stock), total, "in stock, {q:?}");
            let provinces: Vec<u64> = facets.province.iter().map(|c| c.count).collect();
            assert_eq!(sum(&provinces), total, "provinces, {q:?}");
            let cooperatives: Vec<u64> = facets.cooperative.iter().map(|c| c.count).collect();
            assert_eq!(sum(&cooperatives), total, "cooperatives, {q:?}");
            // every listing sits under exactly one root category
            let roots: u64 = facets
                .category
                .iter()
                .filter(|c| c.value == cat(CRAFT) || c.value == cat(FOOD))
                .map(|c| c.count)
                .sum();
            assert_eq!(roots, total, "root categories, {q:?}");
        }
        let all = h
            .search(SearchQuery {
                facets: true,
                ..SearchQuery::default()
            })
            .await;
        let facets = all.facets.unwrap();
        assert_eq!(all.total, 33);
        let count = |v: &str| {
            facets
                .certification
                .iter()
                .find(|c| c.value == v)
                .map(|c| c.count)
        };
        assert_eq!(count("vietgap"), Some(4));
        assert_eq!(count("organic"), Some(2));
        let hue = facets.province.iter().find(|c| c.value == HUE).unwrap();
        assert_eq!(hue.count, 25);
        assert!(facets.in_stock[0].value);
        assert_eq!(facets.in_stock[0].count, 30);
        assert!(h.find("tre").await.facets.is_none());
    }

    pub async fn price_facets_count_what_their_bounds_filter(h: &Harness) {
        let all = h
            .search(SearchQuery {
                facets: true,
                ..SearchQuery::default()
            })
            .await;
        let buckets = all.facets.unwrap().price_range;
        assert_eq!(buckets.len(), 4);
        for bucket in buckets {
            let (min_price, max_price) = bucket.value.bounds();
            let found = h
                .filtered(Filters {
                    min_price,
                    max_price,
                    ..Filters::default()
                })
                .await;
            assert_eq!(found.len() as u64, bucket.count, "{:?}", bucket.value);
        }
        let (_, max) = PriceBucket::Under100k.bounds();
        assert_eq!(max, Some(99_999));
    }

    pub async fn categories_filter_any_of_the_ones_given(h: &Harness) {
        let found = h
            .filtered(Filters {
                category_ids: vec![cat(TEA), cat(HATS)],
                ..Filters::default()
            })
            .await;
        assert_eq!(found, set(&[6, 8, 16, 17, 33]));
        let crafts = h
            .filtered(Filters {
                category_ids: vec![cat(CRAFT)],
                ..Filters::default()
            })
            .await;
        assert_eq!(crafts.len(), 20);
    }

    pub async fn cooperative_and_province_filter_exactly(h: &Harness) {
        let phu_cam = h
            .filtered(Filters {
                cooperative_id: Some(coop(PHU_CAM)),
                ..Filters::default()
            })
            .await;
        assert_eq!(phu_cam, set(&[6, 7, 8]));
        let quang_tri = set(&[3, 15, 21, 22, 26, 28]);
        for spelling in [QUANG_TRI, "quang tri", "QUẢNG TRỊ "] {
            let found = h
                .filtered(Filters {
                    province: Some(spelling.to_owned()),
                    ..Filters::default()
                })
                .await;
            assert_eq!(found, quang_tri, "{spelling:?}");
        }
        let hostile = h
            .filtered(Filters {
                province: Some("Huế\" OR province = \"x\\".to_owned()),
                ..Filters::default()
            })
            .await;
        assert!(hostile.is_empty());
        let with_words = h
            .search(SearchQuery {
                filters: Filters {
                    cooperative_id: Some(coop(BAO_LA)),
                    ..Filters::default()
                },
                ..SearchQuery::text("tre")
            })
            .await;
        assert!(with_words.total > 0);
        assert!(!numbers(&with_words).contains(&6));
    }

    pub async fn certifications_filter_all_of_the_ones_given(h: &Harness) {
        let both = h
            .filtered(Filters {
                certifications: vec!["vietgap".into(), "organic".into()],
                ..Filters::default()
            })
            .await;
        assert_eq!(both, set(&[15, 26]));
        let one = h
            .filtered(Filters {
                certifications: vec!["VietGAP".into()],
                ..Filters::default()
            })
            .await;
        assert_eq!(one, set(&[13, 14, 15, 26]));
    }

    pub async fn price_bounds_match_overlapping_price_ranges(h: &Harness) {
        let found = h
            .filtered(Filters {
                min_price: Some(100_000),
                max_price: Some(120_000),
                ..Filters::default()
            })
            .await;
        assert_eq!(found, set(&[2, 4, 6, 16, 20]));
        let dear = h
            .filtered(Filters {
                min_price: Some(1_000_000),
                ..Filters::default()
            })
            .await;
        assert_eq!(dear, set(&[7, 12]));
        let cheap = h
            .filtered(Filters {
                max_price: Some(30_000),
                ..Filters::default()
            })
            .await;
        assert_eq!(cheap, set(&[13, 14, 29]));
    }

    pub async fn stock_filters_both_ways(h: &Harness) {
        let out = h
            .filtered(Filters {
                in_stock: Some(false),
                ..Filters::default()
            })
            .await;
        assert_eq!(out, set(&[5, 8, 15]));
        let available = h
            .filtered(Filters {
                in_stock: Some(true),
                ..Filters::default()
            })
            .await;
        assert_eq!(available.len(), 30);
    }

    pub async fn prices_sort_both_ways_and_newest_first(h: &Harness) {
        let docs = fixture();
        let price = |n: u128| {
            docs.iter()
                .find(|d| d.id == pid(n))
                .map(|d| d.price_min)
                .unwrap()
        };
        for q in ["", "tre"] {
            let sorted = |sort| SearchQuery {
                sort,
                per_page: 100,
                ..SearchQuery::text(q)
            };
            let asc: Vec<i64> = numbers(&h.search(sorted(Sort::PriceAsc)).await)
                .into_iter()
                .map(price)
                .collect();
            assert!(asc.len() > 2);
            assert!(asc.windows(2).all(|w| w[0] <= w[1]), "{q:?} {asc:?}");
            let desc: Vec<i64> = numbers(&h.search(sorted(Sort::PriceDesc)).await)
                .into_iter()
                .map(price)
                .collect();
            assert!(desc.windows(2).all(|w| w[0] >= w[1]), "{q:?} {desc:?}");
            let newest = numbers(&h.search(sorted(Sort::Newest)).await);
            assert!(newest.windows(2).all(|w| w[0] > w[1]), "{q:?} {newest:?}");
        }
        let relevance = numbers(&h.find("").await);
        assert_eq!(relevance.first(), Some(&33), "no words: newest first");
    }

    pub async fn pages_do_not_overlap(h: &Harness) {
        let page = |page| SearchQuery {
            page,
            per_page: 5,
            ..SearchQuery::default()
        };
        let first = h.search(page(1)).await;
        let second = h.search(page(2)).await;
        assert_eq!(first.hits.len(), 5);
        assert_eq!(second.hits.len(), 5);
        assert_eq!(first.total, 33);
        assert_eq!(second.page, 2);
        assert!(set(&numbers(&first)).is_disjoint(&set(&numbers(&second))));
        let beyond = h.search(page(100)).await;
        assert!(beyond.hits.is_empty());
        assert_eq!(beyond.total, 33);
    }

    pub async fn empty_queries_list_everything_matching_the_filters(h: &Harness) {
        assert_eq!(h.find("").await.total, 33);
        assert_eq!(h.find("   ").await.total, 33);
        let textiles = h
            .filtered(Filters {
                category_ids: vec![cat(TEXTILES)],
                ..Filters::default()
            })
            .await;
        assert_eq!(textiles, set(&[9, 10, 11, 12, 32]));
    }

    pub async fn a_deleted_listing_is_gone(h: &Harness) {
        h.index.delete(vec![pid(1), pid(999)]).await.unwrap();
        let found = numbers(&h.find("gio may").await);
        assert!(!found.contains(&1), "{found:?}");
        assert!(found.contains(&2));
        assert_eq!(h.find("").await.total, 32);
        assert_eq!(h.index.stats().await.unwrap().documents, 32);
    }

    pub async fn an_upsert_replaces_the_listing(h: &Harness) {
        let mut two = fixture().into_iter().find(|d| d.id == pid(2)).unwrap();
        two.title = I18nText::vi_en("Giỏ mây tròn", "Round rattan basket");
        two.price_min = 300_000;
        two.price_max = 300_000;
        h.index.upsert(vec![two]).await.unwrap();
        assert!(numbers(&h.find("tron").await).contains(&2));
        assert!(!numbers(&h.find("trai cay").await).contains(&2));
        assert_eq!(h.find("").await.total, 33);
        let dear = h
            .filtered(Filters {
                min_price: Some(290_000),
                max_price: Some(310_000),
                ..Filters::default()
            })
            .await;
        assert!(dear.contains(&2));
    }

    pub async fn clear_empties_the_index(h: &Harness) {
        h.index.clear().await.unwrap();
        assert_eq!(h.find("").await.total, 0);
        assert_eq!(h.find("gio may").await.total, 0);
        assert_eq!(h.index.stats().await.unwrap().documents, 0);
        h.index.upsert(fixture()).await.unwrap();
        assert_eq!(h.find("").await.total, 33);
    }

    pub async fn a_rebuild_swaps_in_a_fresh_index_keeping_changes_made_meanwhile(h: &Harness) {
        let before = h.index.stats().await.unwrap();
        let mut rebuild = h.index.begin_rebuild().await.unwrap();
        assert!(matches!(
            h.index.begin_rebuild().await,
            Err(search::Error::RebuildInProgress)
        ));
        assert!(h.index.stats().await.unwrap().rebuilding);

        let mut fresh: Vec<_> = fixture().into_iter().filter(|d| d.id != pid(3)).collect();
        fresh.push(listing(
            34,
            "Quạt nan tre",
            "Bamboo hand fan",
            BAO_LA,
            &[CRAFT],
            HUE,
            &[],
            (35_000, 35_000),
            true,
        ));
        let (first, rest) = fresh.split_at(10);
        rebuild.add(first.to_vec()).await.unwrap();

        // changes to the live index while the rebuild runs
        h.index
            .upsert(vec![listing(
                35,
                "Đèn lồng giấy",
                "Paper lantern",
                BAO_LA,
                &[CRAFT],
                HUE,
                &[],
                (50_000, 50_000),
                true,
            )])
            .await
            .unwrap();
        h.index.delete(vec![pid(4)]).await.unwrap();
        rebuild.add(rest.to_vec()).await.unwrap();

        // searches still see the live index
        assert!(numbers(&h.find("gio coi").await).contains(&3));
        assert!(!numbers(&h.find("quat nan").await).contains(&34));
        assert!(numbers(&h.find("paper lantern").await).contains(&35));

        let after = rebuild.commit_and_swap().await.unwrap();
        assert!(!after.rebuilding);
        assert_eq!(after.documents, 33); // 33 - 3 + 34 + 35 - 4
        if h.backend == Backend::Tantivy {
            assert_ne!(after.generation, before.generation);
        }
        assert!(!numbers(&h.find("gio coi").await).contains(&3));
        assert!(numbers(&h.find("quat nan").await).contains(&34));
        assert!(numbers(&h.find("paper lantern").await).contains(&35));
        assert!(!numbers(&h.find("khay tre dan").await).contains(&4));
        assert_eq!(h.find("").await.total, 33);

        // the swapped-in index takes changes as usual
        h.index.delete(vec![pid(34)]).await.unwrap();
        assert!(!numbers(&h.find("quat nan").await).contains(&34));

        // an abandoned rebuild changes nothing and frees the slot
        let abandoned = h.index.begin_rebuild().await.unwrap();
        abandoned.abort().await.unwrap();
        let dropped = h.index.begin_rebuild().await.unwrap();
        drop(dropped);
        assert_eq!(h.find("").await.total, 32);
        let again = h.index.begin_rebuild().await.unwrap();
        again.abort().await.unwrap();
    }

    pub async fn hostile_queries_give_a_normal_result(h: &Harness) {
        let long = "giỏ mây ".repeat(700);
        let hostile = [
            "\"gio may\"",
            "\"unbalanced",
            "back\\slash \\\\ \\\"",
            "*",
            "gio*",
            ":",
            "title:gio",
            "AND OR NOT",
            "gio AND NOT may",
            "-gio",
            "(((",
            "[1 TO 2]",
            "^2 ~1 /regex/",
            "😀🧺🎋",
            "giỏ 🧺 mây",
            "\u{0}\u{7}\u{1b}",
            "\u{301}\u{309}",
            "مرحبا",
            "'; DROP TABLE products; --",
            "<script>alert(1)</script>",
            long.as_str(),
            &"x".repeat(5_000),
        ];
        for q in hostile {
            let results = h
                .index
                .search(&SearchQuery {
                    facets: true,
                    ..SearchQuery::text(q)
                })
                .await;
            let results = results.unwrap_or_else(|e| panic!("{q:?}: {e}"));
            for hit in &results.hits {
                assert!(!hit.highlighted_title.contains("<script>"));
            }
            h.index
                .suggest(q, 5)
                .await
                .unwrap_or_else(|e| panic!("suggest {q:?}: {e}"));
        }
        let quoted = numbers(&h.find("\"gio may\"").await);
        assert!(set(&quoted).is_superset(&set(&[1, 2])), "{quoted:?}");
        assert!(numbers(&h.find(&long).await).contains(&1));
    }

    pub async fn bamboo_leaves_out_rattan_baskets_whose_seller_name_says_tre(h: &Harness) {
        // Bao La is "HTX Mây tre đan Bao La": its rattan and sedge baskets
        // say neither bamboo nor tre, and a synonym never reaches a seller
        for q in ["bamboo", "bamboo "] {
            let found = set(&numbers(&h.find(q).await));
            assert_eq!(found, set(&[4, 5, 23, 24, 29]), "{q:?}");
        }
        let rattan = set(&numbers(&h.find("rattan ").await));
        assert_eq!(rattan, set(&[1, 2]), "rattan, not everything Bao La sells");
    }

    pub async fn the_sellers_name_is_matched_by_whole_words_only(h: &Harness) {
        let bao_la = set(&[1, 2, 3, 4, 5, 18, 22, 23, 24, 28, 29, 31]);
        assert_eq!(set(&numbers(&h.find("tre ").await)), bao_la);
        assert_eq!(set(&numbers(&h.find("bao la ").await)), bao_la);
        let thuy_thanh = set(&[13, 14, 15, 16, 17, 19, 20, 21, 25, 26, 30, 33]);
        assert_eq!(set(&numbers(&h.find("thanh ").await)), thuy_thanh);
        // the seller's name takes no typo, and no title or summary says it
        assert_eq!(h.find("thanhh ").await.total, 0);
        assert_eq!(h.find("thamh ").await.total, 0);
        assert_eq!(
            h.find("than ").await.total,
            0,
            "a finished word is no prefix"
        );
        // the word being typed is a prefix there too
        assert_eq!(set(&numbers(&h.find("than").await)), thuy_thanh);
        // a typo still reaches titles: 31 is Thớt gỗ nghiến
        let mut nghiep = thuy_thanh.clone();
        nghiep.insert(31);
        assert_eq!(set(&numbers(&h.find("nghiep ").await)), nghiep);
    }

    pub async fn mat_ong_finds_the_honey_and_nothing_else(h: &Harness) {
        for q in ["mat ong", "mật ong", "mat ong "] {
            assert_eq!(numbers(&h.find(q).await), [27], "{q:?}");
        }
    }

    pub async fn non_la_finds_the_hats_and_not_what_merely_says_non(h: &Harness) {
        let mut shoots = listing(
            40,
            "Măng tre khô A Lưới",
            "A Lưới dried bamboo shoots",
            A_LUOI,
            &[FOOD],
            HUE,
            &[],
            (90_000, 90_000),
            true,
        );
        shoots.summary = I18nText::vi_en(
            "Măng tre non luộc chín, phơi nắng cho tới khô giòn.",
            "Young bamboo shoots boiled and sun-dried until crisp.",
        );
        h.index.upsert(vec![shoots]).await.unwrap();
        assert!(numbers(&h.find("mang non").await).contains(&40));
        // 7 (Non bộ) is sold by "HTX Nón lá Phú Cam": the seller's name
        // holds both words
        for q in ["non la", "non la ", "nón lá"] {
            let found = set(&numbers(&h.find(q).await));
            assert_eq!(found, set(&[6, 7, 8]), "{q:?}");
        }
        let hats = set(&numbers(&h.find("conical hat ").await));
        assert_eq!(hats, set(&[6, 8]));
    }

    pub async fn every_word_is_required_until_none_match(h: &Harness) {
        // giỏ and mây are both needed; 3 (Giỏ cói) is sold by "Mây tre đan"
        assert_eq!(set(&numbers(&h.find("gio may ").await)), set(&[1, 2, 3]));
        // nothing holds both words: the last is dropped
        let dropped = h.find("mat ongxyz ").await;
        assert_eq!(set(&numbers(&dropped)), set(&[27, 28]), "{dropped:?}");
        let honey = h.find("wild honey plover xyzzy ").await;
        assert_eq!(numbers(&honey), [27]);
        assert_eq!(h.find("xyzzy ").await.total, 0);
    }

    pub async fn a_wrong_first_letter_counts_as_two_typos(h: &Harness) {
        // rattan: six letters allow one typo, not on the first letter
        assert_eq!(set(&numbers(&h.find("rattam ").await)), set(&[1, 2]));
        assert_eq!(h.find("fattan ").await.total, 0);
        // handwoven: nine letters allow two, or a wrong first letter alone
        assert_eq!(numbers(&h.find("xandwoven ").await), [1]);
        assert_eq!(numbers(&h.find("handwovan ").await), [1]);
        assert_eq!(h.find("xandwovan ").await.total, 0);
        // the word being typed matches a beginning with the same typos
        assert!(numbers(&h.find("handwovn").await).contains(&1));
    }

    pub async fn words_are_neither_split_nor_glued_together(h: &Harness) {
        let mut wallet = listing(
            41,
            "Ví zèng cầm tay",
            "Zèng clutch wallet",
            A_LUOI,
            &[CRAFT, TEXTILES],
            HUE,
            &[],
            (220_000, 220_000),
            true,
        );
        wallet.summary = I18nText::vi("Món quà nhẹ mà ý nghĩa.");
        h.index.upsert(vec![wallet]).await.unwrap();
        assert!(numbers(&h.find("y nghia ").await).contains(&41));
        // `mà ý` folds to `ma y`, which is not the word `may`
        for q in ["may", "may ", "gio may "] {
            let found = numbers(&h.find(q).await);
            assert!(!found.contains(&41), "{q:?}: {found:?}");
        }
        // nor are `iron` and `wood` the word `ironwood` (31, Thớt gỗ nghiến)
        assert!(numbers(&h.find("ironwood ").await).contains(&31));
        assert_eq!(h.find("iron wood ").await.total, 0);
        let board = numbers(&h.find("cutting board").await);
        assert_eq!(board, [31]);
    }

    pub async fn ratings_sort_best_first_and_filter_four_stars_and_up(h: &Harness) {
        // 4.8 stars from 5 reviews, 4.0 from 1, 3.0 from 2, and no review
        let rated = [(51, 5, 24), (52, 1, 4), (53, 2, 6), (54, 0, 0)];
        let baskets: Vec<SearchDocument> = rated
            .into_iter()
            .map(|(n, reviews, stars)| {
                listing(
                    n,
                    "Giỏ lục bình",
                    "Water hyacinth basket",
                    QUANG_DIEN,
                    &[CRAFT, BASKETS],
                    HUE,
                    &[],
                    (100_000, 100_000),
                    true,
                )
                .rated(reviews, stars)
            })
            .collect();
        let ratings: Vec<i64> = baskets.iter().map(|d| d.rating).collect();
        assert_eq!(ratings, [48, 40, 30, 0]);
        h.index.upsert(baskets).await.unwrap();

        let theirs = Filters {
            cooperative_id: Some(coop(QUANG_DIEN)),
            ..Filters::default()
        };
        for q in ["", "luc binh", "water hyacinth "] {
            let best = h
                .search(SearchQuery {
                    filters: theirs.clone(),
                    sort: Sort::Rating,
                    per_page: 100,
                    ..SearchQuery::text(q)
                })
                .await;
            assert_eq!(numbers(&best), [51, 52, 53, 54], "{q:?}");
        }
        // the whole index: the rated listings first, the fixture's after
        let all = numbers(
            &h.search(SearchQuery {
                sort: Sort::Rating,
                per_page: 100,
                ..SearchQuery::default()
            })
            .await,
        );
        assert_eq!(all.len(), 37, "{all:?}");
        assert_eq!(all[..3].to_vec(), [51, 52, 53], "{all:?}");
        assert!(all[3..].contains(&54), "{all:?}");

        // 4★ and up: neither the 3-star listing nor the unrated ones
        let four_and_up = Filters {
            min_rating: Some(4),
            ..Filters::default()
        };
        assert_eq!(h.filtered(four_and_up.clone()).await, set(&[51, 52]));
        let found = h
            .search(SearchQuery {
                filters: four_and_up,
                sort: Sort::Rating,
                per_page: 100,
                ..SearchQuery::text("luc binh")
            })
            .await;
        assert_eq!(numbers(&found), [51, 52]);
        let three_and_up = h
            .filtered(Filters {
                min_rating: Some(3),
                ..Filters::default()
            })
            .await;
        assert_eq!(three_and_up, set(&[51, 52, 53]));
        let five = h
            .filtered(Filters {
                min_rating: Some(5),
                ..Filters::default()
            })
            .await;
        assert!(five.is_empty(), "{five:?}");
    }
}

// ---------------------------------------------------------------- parity

type Standalone = fn() -> Pin<Box<dyn Future<Output = ()> + Send>>;

/// Cases that need both backends at once.
const PARITY: &[(&str, Standalone)] = &[(
    "the_same_queries_find_the_same_listings_on_both_backends",
    || Box::pin(parity::the_same_queries_find_the_same_listings_on_both_backends()),
)];

/// Cases about Meilisearch itself.
const MEILISEARCH_ONLY: &[(&str, Standalone)] =
    &[("settings_are_sent_only_when_they_differ", || {
        Box::pin(parity::settings_are_sent_only_when_they_differ())
    })];

mod parity {
    use super::*;

    /// Queries shoppers type, misspell and mangle; each is also run with
    /// filters and facets.
    const QUERIES: &[&str] = &[
        "",
        "gio may",
        "giỏ mây",
        "gio m",
        "gio",
        "g",
        "bamboo",
        "bamboo ",
        "bam",
        "bam ",
        "tre",
        "tre ",
        "non la",
        "nón lá",
        "non",
        "nón ",
        "non bo",
        "mat ong",
        "mật ong",
        "tho cam",
        "thổ cẩm",
        "conical hat",
        "conical hats ",
        "conical",
        "hat",
        "hats",
        "baskte",
        "baskte ",
        "ratan",
        "rattan basket",
        "handwoven rattan basket",
        "handwovn",
        "silk scarf",
        "lua",
        "lụa ",
        "tea",
        "tra",
        "trà sen",
        "hue",
        "huế ",
        "bao la",
        "bao l",
        "phu cam",
        "a luoi",
        "thuy thanh",
        "nghiep",
        "me xung",
        "sesame candy ",
        "竹",
        "竹箸",
        "竹筷子",
        "莲花茶",
        "笠",
        "lotus",
        "sen",
        "dried lotus",
        "wood",
        "wooden",
        "go",
        "gỗ ",
        "sedge",
        "coi",
        "chieu coi",
        "xyzzy",
        "mat ongxyz ",
        "q",
        "qj",
        "qjx",
        "fattan ",
        "rattam ",
        "xandwoven ",
        "tom chua",
        "rau",
        "vietgap",
        "organic rice",
        "brocade",
        "\"gio may\"",
        "gio AND may",
        "-gio",
        "😀🧺",
        "khay tre dan",
        "den long",
        "lantern",
        "tray",
        "trays",
        "basket",
        "baskets",
        "scarf",
        "scarves",
        "iron wood",
        "ironwood",
        "hand woven",
        "ma y",
        "bao la",
        "baola",
        "nonla",
        "non la conical",
    ];

    fn filter_sets() -> Vec<Filters> {
        vec![
            Filters::default(),
            Filters {
                certifications: vec!["vietgap".into()],
                ..Filters::default()
            },
            Filters {
                category_ids: vec![cat(CRAFT)],
                in_stock: Some(true),
                ..Filters::default()
            },
            Filters {
                min_price: Some(100_000),
                max_price: Some(300_000),
                province: Some(HUE.into()),
                ..Filters::default()
            },
            Filters {
                cooperative_id: Some(coop(BAO_LA)),
                ..Filters::default()
            },
        ]
    }

    fn counted<T: Clone + Ord>(counts: &[search::FacetCount<T>]) -> Vec<(T, u64)> {
        let mut out: Vec<(T, u64)> = counts.iter().map(|c| (c.value.clone(), c.count)).collect();
        out.sort();
        out
    }

    pub async fn the_same_queries_find_the_same_listings_on_both_backends() {
        let tantivy = Harness::tantivy().await;
        let meilisearch = Harness::meilisearch().await;
        let mut compared = 0;
        for q in QUERIES {
            for filters in filter_sets() {
                let query = SearchQuery {
                    filters: filters.clone(),
                    per_page: 100,
                    facets: true,
                    ..SearchQuery::text(*q)
                };
                let (t, m) = (
                    tantivy.search(query.clone()).await,
                    meilisearch.search(query).await,
                );
                let context = format!("{q:?} with {filters:?}");
                assert_eq!(
                    set(&numbers(&t)),
                    set(&numbers(&m)),
                    "{context}: tantivy {:?}, meilisearch {:?}",
                    numbers(&t),
                    numbers(&m)
                );
                assert_eq!(t.total, m.total, "{context}");
                let (tf, mf) = (t.facets.as_ref().unwrap(), m.facets.as_ref().unwrap());
                assert_eq!(counted(&tf.category), counted(&mf.category), "{context}");
                assert_eq!(
                    counted(&tf.cooperative),
                    counted(&mf.cooperative),
                    "{context}"
                );
                assert_eq!(
                    counted(&tf.certification),
                    counted(&mf.certification),
                    "{context}"
                );
                assert_eq!(counted(&tf.province), counted(&mf.province), "{context}");
                assert_eq!(
                    counted(&tf.price_range),
                    counted(&mf.price_range),
                    "{context}"
                );
                assert_eq!(counted(&tf.in_stock), counted(&mf.in_stock), "{context}");
                // the highlights come from one matcher too
                let highlights = |r: &SearchResults| {
                    let mut h: Vec<(u128, String)> = r
                        .hits
                        .iter()
                        .map(|hit| (hit.id.uuid().as_u128(), hit.highlighted_title.clone()))
                        .collect();
                    h.sort();
                    h
                };
                assert_eq!(highlights(&t), highlights(&m), "{context}");
                compared += 1;
            }
        }
        assert_eq!(compared, QUERIES.len() * filter_sets().len());
        tantivy.finish().await;
        meilisearch.finish().await;
    }

    pub async fn settings_are_sent_only_when_they_differ() {
        use meilisearch_sdk::client::Client;
        use meilisearch_sdk::tasks::TasksSearchQuery;
        let server = testkit::meilisearch::Meilisearch::shared();
        let uid = format!("hoptac_test_{}", Uuid::new_v4().simple());
        let config = || {
            let mut config = MeilisearchConfig::new(server.url(), Some(server.key().to_owned()));
            config.index = uid.clone();
            config
        };
        let client = Client::new(server.url(), Some(server.key())).unwrap();
        let tasks = || async {
            let mut query = TasksSearchQuery::new(&client);
            query.with_index_uids([uid.as_str()]);
            client.get_tasks_with(&query).await.unwrap().total
        };
        let first = MeilisearchIndex::connect(config()).await.unwrap();
        let created = tasks().await;
        assert_eq!(created, 2, "the index created and its settings applied");
        first.upsert(fixture()).await.unwrap();
        let again = MeilisearchIndex::connect(config()).await.unwrap();
        assert_eq!(
            tasks().await,
            created + 1,
            "only the documents were sent since"
        );
        assert_eq!(again.stats().await.unwrap().documents, 33);
        again.delete_index().await.unwrap();
    }
}
