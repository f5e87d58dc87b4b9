//! The search API cases of `hoptac_tests::search` against a real
//! Meilisearch (one server for this test process, an index per test), and
//! the same queries on both backends at once.
//!
//! Where there is no Meilisearch binary (`MEILI_BIN` or `PATH`), the cases
//! are listed as ignored, saying so, unless the run requires every tool
//! (`HOPTAC_REQUIRE_TOOLS=1`, as `make test` and CI do) or `MEILI_BIN`
//! names one that cannot be used: then they run and fail.
#![expect(clippy::expect_used, reason = "a test fails loudly")]

use std::future::Future;
use std::pin::Pin;

use hoptac_tests::search::{SearchBackend, cases};
use libtest_mimic::{Arguments, Trial};

type Case = fn() -> Pin<Box<dyn Future<Output = ()> + Send>>;

macro_rules! on_meilisearch {
    ($($name:ident),* $(,)?) => {
        &[
            $((stringify!($name), || Box::pin(cases::$name(SearchBackend::Meilisearch)))),*
        ]
    };
}

const CASES: &[(&str, Case)] = on_meilisearch!(
    the_demo_queries_find_what_shoppers_mean,
    the_demo_queries_leave_out_what_shoppers_did_not_mean,
    products_with_words_go_through_the_same_index,
    facet_counts_add_up_to_the_total,
    filters_and_sorts_narrow_and_order_the_results,
    suggestions_complete_what_is_typed,
    hostile_queries_give_a_normal_result_or_a_4xx_never_a_5xx,
    a_suspended_cooperative_leaves_search_with_all_its_listings,
);

const BOTH: &[(&str, Case)] = &[("both_backends_answer_the_same_listings", || {
    Box::pin(cases::both_backends_answer_the_same_listings())
})];

fn main() -> std::process::ExitCode {
    let args = Arguments::from_args();
    let skipped = testkit::meilisearch::skip_reason();
    if let Some(why) = &skipped {
        eprintln!(
            "{}: the search API tests on Meilisearch are ignored ({why})",
            testkit::meilisearch::SKIPPED
        );
    }
    let skip = skipped.is_some();
    let backend = testkit::Backend::current().name();
    let trials = CASES
        .iter()
        .map(|(name, case)| (format!("search::meilisearch::{name}"), *case))
        .chain(
            BOTH.iter()
                .map(|(name, case)| (format!("search::parity::{name}"), *case)),
        )
        .map(|(name, case)| {
            Trial::test(name.clone(), move || {
                eprintln!("[{backend}] {name}");
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("a runtime")
                    .block_on(case());
                Ok(())
            })
            .with_ignored_flag(skip)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}
