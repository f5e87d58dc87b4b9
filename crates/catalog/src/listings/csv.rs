//! A cooperative's catalogue as a spreadsheet: UTF-8 CSV, one row per
//! variant, the listing's own columns repeated (or left empty) on the rows
//! of its other variants. The columns are documented in the README.
//!
//! Import is all-or-nothing: the whole file is checked first (every bad row
//! is reported with its line number and what is wrong), and only a file
//! without problems is written, in one transaction. Listings are matched by
//! `handle` (their slug) within the cooperative: a known handle updates the
//! listing (its variants become the file's rows, matched by SKU), an unknown
//! one creates a draft. Listings missing from the file are left alone.
//! Exporting and importing again changes nothing.

use std::collections::{BTreeMap, HashMap};

use accounts::{Action, Actor, authorize};
use entity::{cooperatives, product_variants, products};
use kernel::{CooperativeId, Problem, problem};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use super::input::{self, ListingInput, Texts, TierInput, VariantInput};
use super::view::input_of;
use crate::{Catalog, Error, Result};

/// The columns, in order.
pub const COLUMNS: [&str; 41] = [
    "handle",
    "title_vi",
    "title_en",
    "title_ja",
    "title_zh",
    "summary_vi",
    "summary_en",
    "summary_ja",
    "summary_zh",
    "description_vi",
    "description_en",
    "description_ja",
    "description_zh",
    "care_vi",
    "care_en",
    "care_ja",
    "care_zh",
    "category",
    "tags",
    "origin_commune",
    "origin_province",
    "maker",
    "sku",
    "size",
    "colour",
    "material",
    "weight",
    "package",
    "people",
    "price_vnd",
    "compare_at_vnd",
    "stock",
    "weight_grams",
    "length_mm",
    "width_mm",
    "height_mm",
    "hs_code",
    "made_to_order",
    "lead_time_days",
    "min_order_qty",
    "price_tiers",
];

/// Columns that describe the listing rather than one variant.
const LISTING_COLUMNS: usize = 22;

/// The largest file accepted.
pub const MAX_CSV_BYTES: usize = 5 * 1024 * 1024;
/// Most rows a file may have.
pub const MAX_ROWS: usize = 10_000;

/// One problem of the file. Serialised with the problem's code, arguments
/// and English message beside the line and column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// Line of the file (the header is line 1).
    pub line: u64,
    /// The column, when one is at fault.
    pub column: Option<String>,
    /// What is wrong.
    #[serde(flatten)]
    pub problem: Problem,
}

/// What an import found or did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Only checked; nothing was written.
    pub dry_run: bool,
    /// Written (false when there were problems or on a dry run).
    pub applied: bool,
    /// Data rows read.
    pub rows: u64,
    /// Listings in the file.
    pub listings: u64,
    /// Listings that are new (created as drafts).
    pub created: u64,
    /// Known listings that change.
    pub updated: u64,
    /// Known listings the file leaves as they are.
    pub unchanged: u64,
    /// Every problem, by line.
    pub errors: Vec<RowError>,
    /// The listings that are new or change, by their first line.
    pub changes: Vec<Change>,
}

/// A listing the import creates or changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Its first line in the file.
    pub line: u64,
    /// Its handle.
    pub handle: String,
    /// `create` or `update`.
    pub action: &'static str,
}

/// Progress of an import, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Listings done.
    pub done: u64,
    /// Listings in all.
    pub total: u64,
}

/// One listing of the file, with the lines it came from.
struct Group {
    handle: String,
    first_line: u64,
    lines: Vec<u64>,
    input: ListingInput,
    /// The listing-level columns as first given, to check later rows.
    listing_cells: Vec<String>,
}

fn row_error(line: u64, column: Option<&str>, problem: Problem) -> RowError {
    RowError {
        line,
        column: column.map(str::to_owned),
        problem,
    }
}

fn int(errors: &mut Vec<RowError>, line: u64, column: &str, cell: &str) -> Option<i64> {
    let cell = cell.trim();
    if cell.is_empty() {
        return None;
    }
    // people type 350.000 or 350,000 for đồng
    let digits: String = cell
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    match digits.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(row_error(
                line,
                Some(column),
                problem::csv_not_a_whole_number(cell),
            ));
            None
        }
    }
}

fn boolean(errors: &mut Vec<RowError>, line: u64, column: &str, cell: &str) -> bool {
    match cell.trim().to_lowercase().as_str() {
        "" | "no" | "false" | "0" | "không" | "khong" => false,
        "yes" | "true" | "1" | "có" | "co" | "x" => true,
        other => {
            errors.push(row_error(
                line,
                Some(column),
                problem::csv_not_yes_or_no(other),
            ));
            false
        }
    }
}

fn tiers(errors: &mut Vec<RowError>, line: u64, cell: &str) -> Vec<TierInput> {
    let mut out = Vec::new();
    for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((qty, price)) = part.split_once(':') else {
            errors.push(row_error(
                line,
                Some("price_tiers"),
                problem::csv_not_a_tier(part),
            ));
            continue;
        };
        out.push(TierInput {
            min_qty: int(errors, line, "price_tiers", qty),
            price_vnd: int(errors, line, "price_tiers", price),
        });
    }
    out
}

/// The column a field problem of the checks belongs to.
fn column_of(field: &str) -> &str {
    let field = field
        .split_once("].")
        .map_or(field, |(_, rest)| rest)
        .trim_start_matches("options.");
    if field.starts_with("price_tiers") {
        return "price_tiers";
    }
    match field {
        "title.vi" => "title_vi",
        "title.en" => "title_en",
        "title.ja" => "title_ja",
        "title.zh" => "title_zh",
        "summary.vi" => "summary_vi",
        "summary.en" => "summary_en",
        "summary.ja" => "summary_ja",
        "summary.zh" => "summary_zh",
        "description.vi" => "description_vi",
        "description.en" => "description_en",
        "description.ja" => "description_ja",
        "description.zh" => "description_zh",
        "care.vi" => "care_vi",
        "care.en" => "care_en",
        "care.ja" => "care_ja",
        "care.zh" => "care_zh",
        other => other,
    }
}

/// The line a field problem belongs to: a variant's row, or the listing's
/// first row.
fn line_of(group: &Group, field: &str) -> u64 {
    field
        .strip_prefix("variants[")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(i, _)| i.parse::<usize>().ok())
        .and_then(|i| group.lines.get(i).copied())
        .unwrap_or(group.first_line)
}

/// Reads the file into listings, reporting what cannot be read.
fn parse(bytes: &[u8], errors: &mut Vec<RowError>) -> (Vec<Group>, u64) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .trim(::csv::Trim::None)
        .from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => {
            errors.push(row_error(
                1,
                None,
                problem::csv_header_unreadable(e.to_string()),
            ));
            return (Vec::new(), 0);
        }
    };
    let mut index = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if !COLUMNS.contains(&h.as_str()) {
            errors.push(row_error(1, Some(h), problem::csv_column_unknown()));
        } else if index.insert(h.clone(), i).is_some() {
            errors.push(row_error(1, Some(h), problem::csv_column_twice()));
        }
    }
    for required in ["handle", "sku", "price_vnd"] {
        if !index.contains_key(required) {
            errors.push(row_error(1, Some(required), problem::csv_column_missing()));
        }
    }
    if !errors.is_empty() {
        return (Vec::new(), 0);
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut by_handle: HashMap<String, usize> = HashMap::new();
    let mut rows = 0;
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(row_error(
                    line,
                    None,
                    problem::csv_row_unreadable(e.to_string()),
                ));
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows += 1;
        if rows > MAX_ROWS as u64 {
            errors.push(row_error(
                line,
                None,
                problem::csv_too_many_rows(MAX_ROWS as i64),
            ));
            break;
        }
        let cell = |name: &str| -> String {
            index
                .get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or_default()
                .to_owned()
        };
        let handle = cell("handle").trim().to_owned();
        if handle.is_empty() {
            errors.push(row_error(
                line,
                Some("handle"),
                problem::csv_handle_missing(),
            ));
            continue;
        }
        let listing_cells: Vec<String> = COLUMNS[1..LISTING_COLUMNS]
            .iter()
            .map(|c| cell(c))
            .collect();
        let group = match by_handle.get(&handle) {
            Some(&i) => {
                let g = &mut groups[i];
                // later rows may leave the listing's columns empty or repeat them
                for (n, value) in listing_cells.iter().enumerate() {
                    if !value.trim().is_empty() && value.trim() != g.listing_cells[n].trim() {
                        errors.push(row_error(
                            line,
                            Some(COLUMNS[n + 1]),
                            problem::csv_differs_from_line(g.first_line as i64),
                        ));
                    }
                }
                g
            }
            None => {
                let texts = |base: &str| Texts {
                    vi: cell(&format!("{base}_vi")),
                    en: cell(&format!("{base}_en")),
                    ja: cell(&format!("{base}_ja")),
                    zh: cell(&format!("{base}_zh")),
                };
                let input = ListingInput {
                    title: texts("title"),
                    summary: texts("summary"),
                    description: texts("description"),
                    care: texts("care"),
                    category: cell("category").trim().to_owned(),
                    tags: cell("tags")
                        .split(';')
                        .map(|t| t.trim().to_owned())
                        .filter(|t| !t.is_empty())
                        .collect(),
                    origin_commune: cell("origin_commune"),
                    origin_province: cell("origin_province"),
                    maker: cell("maker"),
                    variants: Vec::new(),
                };
                by_handle.insert(handle.clone(), groups.len());
                groups.push(Group {
                    handle: handle.clone(),
                    first_line: line,
                    lines: Vec::new(),
                    input,
                    listing_cells,
                });
                let last = groups.len() - 1;
                &mut groups[last]
            }
        };
        let mut options = BTreeMap::new();
        for name in input::OPTION_NAMES {
            let value = cell(name);
            if !value.trim().is_empty() {
                options.insert(name.to_owned(), value.trim().to_owned());
            }
        }
        let variant = VariantInput {
            id: None,
            sku: cell("sku").trim().to_owned(),
            options,
            price_vnd: int(errors, line, "price_vnd", &cell("price_vnd")),
            compare_at_vnd: int(errors, line, "compare_at_vnd", &cell("compare_at_vnd")),
            stock: int(errors, line, "stock", &cell("stock")),
            weight_grams: int(errors, line, "weight_grams", &cell("weight_grams")),
            length_mm: int(errors, line, "length_mm", &cell("length_mm")),
            width_mm: int(errors, line, "width_mm", &cell("width_mm")),
            height_mm: int(errors, line, "height_mm", &cell("height_mm")),
            hs_code: cell("hs_code").trim().to_owned(),
            made_to_order: boolean(errors, line, "made_to_order", &cell("made_to_order")),
            lead_time_days: int(errors, line, "lead_time_days", &cell("lead_time_days")),
            min_order_qty: int(errors, line, "min_order_qty", &cell("min_order_qty")),
            price_tiers: tiers(errors, line, &cell("price_tiers")),
        };
        group.lines.push(line);
        group.input.variants.push(variant);
    }
    (groups, rows)
}

/// A cell for a number that may be absent.
fn num<T: ToString>(n: Option<T>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

impl Catalog {
    /// The cooperative's catalogue as CSV (UTF-8 with a byte-order mark,
    /// so spreadsheet programs read the Vietnamese right).
    #[tracing::instrument(skip_all, fields(cooperative = %cooperative))]
    pub async fn export_csv(&self, actor: &Actor, cooperative: CooperativeId) -> Result<Vec<u8>> {
        authorize(Some(actor), Action::ViewCooperative(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        let listings = products::Entity::find()
            .filter(products::Column::CooperativeId.eq(cooperative.uuid()))
            .order_by_asc(products::Column::CreatedAt)
            .order_by_asc(products::Column::Id)
            .all(&self.db)
            .await?;
        let ids: Vec<_> = listings.iter().map(|p| p.id).collect();
        let mut variants: HashMap<_, Vec<product_variants::Model>> = HashMap::new();
        for v in product_variants::Entity::find()
            .filter(product_variants::Column::ProductId.is_in(ids))
            .order_by_asc(product_variants::Column::Position)
            .order_by_asc(product_variants::Column::Id)
            .all(&self.db)
            .await?
        {
            variants.entry(v.product_id).or_default().push(v);
        }
        let categories = self.categories_list(&self.db).await?;
        let mut out = b"\xEF\xBB\xBF".to_vec();
        {
            let mut writer = ::csv::Writer::from_writer(&mut out);
            let csv_err = |e: ::csv::Error| Error::Media(format!("csv: {e}"));
            writer.write_record(COLUMNS).map_err(csv_err)?;
            for p in &listings {
                let content = p
                    .pending_content
                    .clone()
                    .unwrap_or_else(|| super::content_of(p));
                let vs = variants.remove(&p.id).unwrap_or_default();
                let input = input_of(&content, &categories, &vs);
                let listing: Vec<String> = [
                    p.slug.clone(),
                    input.title.vi,
                    input.title.en,
                    input.title.ja,
                    input.title.zh,
                    input.summary.vi,
                    input.summary.en,
                    input.summary.ja,
                    input.summary.zh,
                    input.description.vi,
                    input.description.en,
                    input.description.ja,
                    input.description.zh,
                    input.care.vi,
                    input.care.en,
                    input.care.ja,
                    input.care.zh,
                    input.category,
                    input.tags.join("; "),
                    input.origin_commune,
                    input.origin_province,
                    input.maker,
                ]
                .into();
                let mut rows: Vec<Vec<String>> = input
                    .variants
                    .iter()
                    .map(|v| {
                        let mut row = vec![v.sku.clone()];
                        row.extend(
                            input::OPTION_NAMES
                                .iter()
                                .map(|name| v.options.get(*name).cloned().unwrap_or_default()),
                        );
                        row.extend([
                            num(v.price_vnd),
                            num(v.compare_at_vnd),
                            num(v.stock),
                            num(v.weight_grams),
                            num(v.length_mm),
                            num(v.width_mm),
                            num(v.height_mm),
                            v.hs_code.clone(),
                            if v.made_to_order { "yes" } else { "no" }.to_owned(),
                            num(v.lead_time_days),
                            num(v.min_order_qty),
                            v.price_tiers
                                .iter()
                                .map(|t| format!("{}:{}", num(t.min_qty), num(t.price_vnd)))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ]);
                        row
                    })
                    .collect();
                if rows.is_empty() {
                    rows.push(vec![String::new(); COLUMNS.len() - LISTING_COLUMNS]);
                }
                for row in rows {
                    writer
                        .write_record(listing.iter().chain(row.iter()))
                        .map_err(csv_err)?;
                }
            }
            writer
                .flush()
                .map_err(|e| Error::Media(format!("csv: {e}")))?;
        }
        Ok(out)
    }

    /// Checks a CSV file and, unless `dry_run` or a problem is found,
    /// imports it in one transaction. `progress` hears after each listing.
    #[tracing::instrument(skip_all, fields(cooperative = %cooperative, bytes = bytes.len(), dry_run))]
    pub async fn import_csv(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        bytes: &[u8],
        dry_run: bool,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<ImportReport> {
        authorize(Some(actor), Action::ManageListings(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        if bytes.len() > MAX_CSV_BYTES {
            return Err(Error::TooLarge(format!(
                "a catalogue file may be at most {} MB",
                MAX_CSV_BYTES / 1024 / 1024
            )));
        }
        if std::str::from_utf8(bytes).is_err() {
            return Err(Error::Invalid(kernel::FieldErrors::single(
                "file",
                problem::csv_not_utf8(),
            )));
        }
        let mut report = ImportReport {
            dry_run,
            ..ImportReport::default()
        };
        let (groups, rows) = parse(bytes, &mut report.errors);
        report.rows = rows;
        report.listings = groups.len() as u64;
        let txn = entity::db::begin_write(&self.db).await?;
        let coop = cooperatives::Entity::find_by_id(cooperative.uuid())
            .one(&txn)
            .await?
            .ok_or_else(|| Error::CooperativeNotFound(cooperative.to_string()))?;
        let categories = self.categories_list(&txn).await?;
        let handles: Vec<String> = groups.iter().map(|g| g.handle.clone()).collect();
        let known: HashMap<String, products::Model> = products::Entity::find()
            .filter(products::Column::Slug.is_in(handles))
            .all(&txn)
            .await?
            .into_iter()
            .map(|p| (p.slug.clone(), p))
            .collect();
        // every SKU of the cooperative, and the listing that holds it
        let sku_owner: HashMap<String, uuid::Uuid> = product_variants::Entity::find()
            .filter(product_variants::Column::CooperativeId.eq(coop.id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|v| (v.sku, v.product_id))
            .collect();
        let mut file_skus: HashMap<String, u64> = HashMap::new();
        let mut plan = Vec::new();
        for group in &groups {
            let existing = known.get(&group.handle);
            if let Some(p) = existing
                && p.cooperative_id != coop.id
            {
                report.errors.push(row_error(
                    group.first_line,
                    Some("handle"),
                    problem::csv_handle_of_another_cooperative(),
                ));
                continue;
            }
            let valid = match input::validate(&group.input, &categories, &coop.province) {
                Ok(valid) => valid,
                Err(fields) => {
                    for (field, problems) in fields.iter() {
                        for p in problems {
                            report.errors.push(row_error(
                                line_of(group, field),
                                Some(column_of(field)),
                                p.clone(),
                            ));
                        }
                    }
                    continue;
                }
            };
            for (i, v) in valid.variants.iter().enumerate() {
                let line = group.lines.get(i).copied().unwrap_or(group.first_line);
                if let Some(first) = file_skus.insert(v.sku.clone(), line)
                    && group.lines.iter().all(|l| *l != first)
                {
                    report.errors.push(row_error(
                        line,
                        Some("sku"),
                        problem::csv_sku_on_line(first as i64),
                    ));
                }
                let holder = sku_owner.get(&v.sku);
                let own = existing.map(|p| p.id);
                if holder.is_some_and(|h| Some(*h) != own) {
                    report
                        .errors
                        .push(row_error(line, Some("sku"), problem::sku_taken()));
                }
            }
            plan.push((group, existing, valid));
        }
        report.errors.sort_by_key(|e| e.line);
        // what would change
        for (group, existing, valid) in &plan {
            let action = match existing {
                None => {
                    report.created += 1;
                    "create"
                }
                Some(row) => {
                    let current = self.current_input(&txn, row).await?;
                    let same = input::validate(&current, &categories, &coop.province)
                        .map(|now| same_listing(&now, valid))
                        .unwrap_or(false);
                    if same {
                        report.unchanged += 1;
                        continue;
                    }
                    report.updated += 1;
                    "update"
                }
            };
            report.changes.push(Change {
                line: group.first_line,
                handle: group.handle.clone(),
                action,
            });
        }
        if dry_run || !report.errors.is_empty() {
            txn.rollback().await?;
            return Ok(report);
        }
        let total = plan.len() as u64;
        for (done, (group, existing, valid)) in plan.into_iter().enumerate() {
            match existing {
                None => {
                    self.insert_valid(&txn, actor, &coop, &valid, Some(&group.handle))
                        .await
                        .map_err(|e| at_line(e, group))?;
                }
                Some(row) => {
                    let current = self.current_input(&txn, row).await?;
                    let same = input::validate(&current, &categories, &coop.province)
                        .map(|now| same_listing(&now, &valid))
                        .unwrap_or(false);
                    if !same {
                        self.apply_valid(&txn, actor, row, &valid)
                            .await
                            .map_err(|e| at_line(e, group))?;
                    }
                }
            }
            progress(Progress {
                done: done as u64 + 1,
                total,
            });
        }
        entity::audit::record(
            &txn,
            entity::audit::Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "product.import".into(),
                target_type: "cooperative".into(),
                target_id: coop.id.to_string(),
                reason: None,
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({
                    "rows": report.rows,
                    "created": report.created,
                    "updated": report.updated,
                })),
            },
        )
        .await?;
        txn.commit().await?;
        report.applied = true;
        Ok(report)
    }
}

/// Whether two checked listings say and sell the same (variant ids aside).
fn same_listing(a: &input::ValidListing, b: &input::ValidListing) -> bool {
    let strip = |v: &input::ValidVariant| input::ValidVariant {
        id: None,
        ..v.clone()
    };
    a.content == b.content
        && a.variants.len() == b.variants.len()
        && a.variants
            .iter()
            .zip(&b.variants)
            .all(|(x, y)| strip(x) == strip(y))
}

/// A problem met while writing, placed on the listing's lines.
fn at_line(err: Error, group: &Group) -> Error {
    match err {
        Error::Invalid(fields) => {
            let mut out = kernel::FieldErrors::new();
            for (field, problems) in fields.iter() {
                for p in problems {
                    out.add(
                        format!("line {}: {}", line_of(group, field), column_of(field)),
                        p.clone(),
                    );
                }
            }
            Error::Invalid(out)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_one_handle_make_one_listing_and_bad_cells_name_their_line() {
        let file = "handle,title_vi,summary_vi,description_vi,sku,price_vnd,stock,price_tiers\n\
                    gio-may,Giỏ mây,Nhỏ,Đan tay,GM-1,350.000,5,10:300000; 50:280000\n\
                    gio-may,,,,GM-2,360000,abc,\n\
                    non-la,Nón lá,Nón,Bài thơ,NL-1,120000,3,\n";
        let mut errors = Vec::new();
        let (groups, rows) = parse(file.as_bytes(), &mut errors);
        assert_eq!(rows, 3);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].input.variants.len(), 2);
        assert_eq!(groups[0].input.variants[0].price_vnd, Some(350_000));
        assert_eq!(groups[0].input.variants[0].price_tiers.len(), 2);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 3);
        assert_eq!(errors[0].column.as_deref(), Some("stock"));
    }

    #[test]
    fn an_unknown_column_or_a_missing_one_is_reported_on_line_1() {
        let mut errors = Vec::new();
        parse(b"handle,title_vi,colour_name\n", &mut errors);
        let columns: Vec<_> = errors
            .iter()
            .map(|e| e.column.clone().unwrap_or_default())
            .collect();
        assert!(columns.contains(&"colour_name".to_owned()), "{errors:?}");
        assert!(columns.contains(&"sku".to_owned()), "{errors:?}");
        assert!(errors.iter().all(|e| e.line == 1));
    }

    #[test]
    fn field_problems_map_to_columns() {
        assert_eq!(column_of("title.vi"), "title_vi");
        assert_eq!(column_of("variants[3].price_vnd"), "price_vnd");
        assert_eq!(column_of("variants[0].options.size"), "size");
        assert_eq!(
            column_of("variants[1].price_tiers[0].min_qty"),
            "price_tiers"
        );
    }
}
