//! A lookbook of 500 listings with 1200 × 1200 pictures (textured JPEGs,
//! every tenth a PNG), to measure time and size:
//! `cargo run -p documents --release --example lookbook_500 [OUT.pdf]`.
//! `LOOKBOOK_SIDE=640` draws them at the size the shop stores for the
//! lookbook (the endpoint's case: a JPEG that small is embedded as it is).

#![expect(clippy::print_stdout, reason = "the example reports its figures")]
#![allow(
    clippy::expect_used,
    reason = "an example stops on the first failure, in its pictures too"
)]

#[path = "../tests/support/pictures.rs"]
mod pictures;

use std::time::Instant;

use documents::{Fonts, Locale, Lookbook, LookbookItem, render_lookbook};

const ITEMS: usize = 500;
const SIDE: u32 = 1200;

/// The pictures' side: `LOOKBOOK_SIDE`, or 1200 px.
fn side() -> u32 {
    std::env::var("LOOKBOOK_SIDE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SIDE)
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "lookbook_500.pdf".into());

    let started = Instant::now();
    let side = side();
    let items = generate(side);
    let input: usize = items
        .iter()
        .filter_map(|i| i.picture.as_ref())
        .map(Vec::len)
        .sum();
    println!(
        "generated {ITEMS} pictures of {side}×{side} px ({:.1} MB as stored) in {:.1} s",
        mb(input),
        started.elapsed().as_secs_f64()
    );
    let lookbook = Lookbook {
        cooperative: "Hợp tác xã Mây tre đan Bao La".into(),
        title: "Bộ sưu tập xuân 2026 · 2026年春コレクション".into(),
        language: Locale::Ja,
        items,
    };

    let started = Instant::now();
    let fonts = Fonts::system().expect("the fonts are installed");
    println!(
        "loaded the fonts in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let cpu_before = cpu_seconds();
    let pdf = render_lookbook(&lookbook, &fonts).expect("the lookbook renders");
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    std::fs::write(&out, &pdf).expect("the PDF is written");
    println!(
        "rendered {ITEMS} items on {} pages in {elapsed:.2} s ({} s of CPU on {} cores): {:.1} MB ({:.0} KB per item) → {out}",
        1 + ITEMS.div_ceil(6),
        cpu.map_or("?".into(), |c| format!("{c:.2}")),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        mb(pdf.len()),
        pdf.len() as f64 / 1024.0 / ITEMS as f64
    );
}

/// The CPU time this process has used, all threads (Linux; `None`
/// elsewhere): the wall time alone says little on a busy machine.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // fields after the command name, which is in parentheses
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0 / 1024.0
}

/// The items, their pictures drawn on every core.
fn generate(side: u32) -> Vec<LookbookItem> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let seeds: Vec<usize> = (0..ITEMS).collect();
    let pictures: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let workers: Vec<_> = seeds
            .chunks(ITEMS.div_ceil(threads))
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|&i| {
                            if i % 10 == 9 {
                                pictures::png(i as u64, side)
                            } else {
                                pictures::jpeg(i as u64, side)
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a worker draws"))
            .collect()
    });
    let kinds = [
        ("Giỏ mây đan tay có nắp", "籐の手編みふた付きかご"),
        ("Khay tre tròn", "竹の丸トレー"),
        ("Chụp đèn tre", "竹のランプシェード"),
        ("Túi cói", "い草のバッグ"),
        ("Hộp đựng trang sức sơn mài", "漆塗りのアクセサリーボックス"),
    ];
    pictures
        .into_iter()
        .enumerate()
        .map(|(i, picture)| {
            let (vi, ja) = kinds[i % kinds.len()];
            LookbookItem {
                picture: Some(picture),
                title: format!("{ja}（{vi}）No.{}", i + 1),
                skus: vec![format!("BL-{:04}-S", i + 1), format!("BL-{:04}-L", i + 1)],
                options: vec![
                    "ナチュラル".into(),
                    "ダークブラウン".into(),
                    "S 25 cm".into(),
                    "L 35 cm".into(),
                ],
                min_order: Some(50),
                tiers: vec![(50, 185_000), (200, 170_000), (1000, 150_000)],
                lead_time_days: Some(30 + (i as u32 % 4) * 5),
                hs_code: Some("4602.12".into()),
                dimensions: Some("Ø 30 × 18 cm".into()),
                weight_g: Some(450 + (i as u32 % 7) * 60),
            }
        })
        .collect()
}
