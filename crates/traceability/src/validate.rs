//! Checking what is typed about lots and their diary.

use chrono::NaiveDate;
use kernel::{FieldErrors, problem};

use crate::model::{DiaryInput, LotInput};

/// The most makers, materials or certifications a lot lists.
pub const MAX_ENTRIES: usize = 30;

/// The units a lot may be counted in.
pub const UNITS: &[&str] = &["piece", "kg", "bag", "box", "bottle", "set"];

/// The kinds of diary entries.
pub const DIARY_KINDS: &[&str] = &[
    "input",
    "irrigation",
    "harvest",
    "processing",
    "making",
    "note",
];

/// Trimmed text, none when empty; a problem when longer than `max`.
pub(crate) fn optional(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    if value.chars().count() > max {
        errors.add(field, problem::too_long(max as i64));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        errors.add(field, problem::control_characters());
    }
    Some(value.to_owned())
}

/// Required trimmed text.
pub(crate) fn required(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    match optional(errors, field, Some(value), max) {
        Some(v) => v,
        None => {
            errors.add(field, problem::required());
            String::new()
        }
    }
}

/// Whether `digits` is a GTIN-8, -12, -13 or -14 with a right check digit.
pub fn is_gtin(digits: &str) -> bool {
    if !matches!(digits.len(), 8 | 12 | 13 | 14) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let (body, check) = values.split_at(values.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10 == check[0]
}

/// A lot's fields, checked (the listing, variant and certifications are
/// checked against the database by the caller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CheckedLot {
    pub lot_number: String,
    pub gtin: Option<String>,
    pub quantity: i32,
    pub unit: String,
    pub commune: Option<String>,
    pub place: Option<String>,
    pub makers: Vec<(String, Option<String>)>,
    pub materials: Vec<(String, Option<String>)>,
    pub notes: Option<String>,
}

/// Checks what can be checked of a lot without the database.
pub(crate) fn lot(input: &LotInput, errors: &mut FieldErrors) -> CheckedLot {
    if input.product_id.is_none() {
        errors.add("product_id", problem::required());
    }
    let lot_number = required(errors, "lot_number", &input.lot_number, 40);
    let gtin = input
        .gtin
        .as_deref()
        .map(|g| g.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|g| !g.is_empty());
    if let Some(g) = &gtin
        && !is_gtin(g)
    {
        errors.add("gtin", problem::not_a_gtin());
    }
    let quantity = match input.quantity {
        None => {
            errors.add("quantity", problem::required());
            0
        }
        Some(q) if !(1..=10_000_000).contains(&q) => {
            errors.add("quantity", problem::whole_number_between(1, 10_000_000));
            0
        }
        Some(q) => i32::try_from(q).unwrap_or(0),
    };
    let unit = input
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .unwrap_or("piece")
        .to_owned();
    if !UNITS.contains(&unit.as_str()) {
        errors.add("unit", problem::not_one_of(UNITS));
    }
    let commune = optional(errors, "commune", input.commune.as_deref(), 120);
    let place = optional(errors, "place", input.place.as_deref(), 200);
    let notes = optional(errors, "notes", input.notes.as_deref(), 2000);
    let date_order: [(&str, Option<NaiveDate>); 2] = [
        ("packed_on", input.packed_on),
        ("best_before", input.best_before),
    ];
    let made = input.harvested_on.or(input.produced_on);
    for (field, date) in date_order {
        if let (Some(made), Some(date)) = (made, date)
            && date < made
        {
            let first = if input.harvested_on.is_some() {
                "harvested_on"
            } else {
                "produced_on"
            };
            errors.add(field, problem::below_field(first));
        }
    }
    for (field, list) in [
        ("makers", input.makers.len()),
        ("materials", input.materials.len()),
        ("certification_ids", input.certification_ids.len()),
    ] {
        if list > MAX_ENTRIES {
            errors.add(field, problem::too_many_entries(MAX_ENTRIES as i64));
        }
    }
    let makers = input
        .makers
        .iter()
        .take(MAX_ENTRIES)
        .enumerate()
        .filter(|(_, m)| !m.name.trim().is_empty() || m.role.is_some())
        .map(|(i, m)| {
            (
                required(errors, &format!("makers[{i}].name"), &m.name, 120),
                optional(errors, &format!("makers[{i}].role"), m.role.as_deref(), 120),
            )
        })
        .collect();
    let materials = input
        .materials
        .iter()
        .take(MAX_ENTRIES)
        .enumerate()
        .filter(|(_, m)| !m.name.trim().is_empty() || m.origin.is_some())
        .map(|(i, m)| {
            (
                required(errors, &format!("materials[{i}].name"), &m.name, 120),
                optional(
                    errors,
                    &format!("materials[{i}].origin"),
                    m.origin.as_deref(),
                    120,
                ),
            )
        })
        .collect();
    CheckedLot {
        lot_number,
        gtin,
        quantity,
        unit,
        commune,
        place,
        makers,
        materials,
        notes,
    }
}

/// A diary entry's fields, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CheckedEntry {
    pub kind: String,
    pub happened_on: NaiveDate,
    pub title: String,
    pub detail: Option<String>,
    pub input_name: Option<String>,
    pub dose: Option<String>,
    pub pre_harvest_interval_days: Option<i32>,
    pub photo_url: Option<String>,
}

/// Checks a diary entry; `harvested_on` is the lot's harvest, which an
/// input's pre-harvest interval must end before.
pub(crate) fn entry(
    input: &DiaryInput,
    harvested_on: Option<NaiveDate>,
) -> Result<CheckedEntry, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = input.kind.trim().to_owned();
    if !DIARY_KINDS.contains(&kind.as_str()) {
        errors.add("kind", problem::not_one_of(DIARY_KINDS));
    }
    if input.happened_on.is_none() {
        errors.add("happened_on", problem::required());
    }
    let title = required(&mut errors, "title", &input.title, 200);
    let detail = optional(&mut errors, "detail", input.detail.as_deref(), 2000);
    let input_name = optional(&mut errors, "input_name", input.input_name.as_deref(), 200);
    let dose = optional(&mut errors, "dose", input.dose.as_deref(), 120);
    if kind == "input" && input_name.is_none() {
        errors.add("input_name", problem::required());
    }
    let phi = input.pre_harvest_interval_days;
    if phi.is_some_and(|d| !(0..=365).contains(&d)) {
        errors.add(
            "pre_harvest_interval_days",
            problem::whole_number_between(0, 365),
        );
    }
    if let (Some(day), Some(days), Some(harvest)) = (input.happened_on, phi, harvested_on)
        && kind == "input"
        && day + chrono::Duration::days(i64::from(days)) > harvest
    {
        errors.add(
            "pre_harvest_interval_days",
            problem::harvest_within_interval(i64::from(days)),
        );
    }
    let photo_url = optional(&mut errors, "photo_url", input.photo_url.as_deref(), 500);
    if photo_url.as_deref().is_some_and(|u| {
        !(u.starts_with("https://") || u.starts_with("/media/")) || u.contains(char::is_whitespace)
    }) {
        errors.add("photo_url", problem::not_a_web_address());
    }
    match (errors.is_empty(), input.happened_on) {
        (true, Some(happened_on)) => Ok(CheckedEntry {
            kind,
            happened_on,
            title,
            detail,
            input_name,
            dose,
            pre_harvest_interval_days: phi,
            photo_url,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gtins_are_checked_by_their_check_digit() {
        assert!(is_gtin("4006381333931"));
        assert!(is_gtin("96385074"));
        assert!(!is_gtin("4006381333932"));
        assert!(!is_gtin("40063813339"));
        assert!(!is_gtin("400638133393A"));
    }

    #[test]
    fn a_pesticide_within_its_interval_of_the_harvest_is_refused() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let input = DiaryInput {
            kind: "input".into(),
            happened_on: Some(day(1)),
            title: "Phun thuốc trừ rầy".into(),
            input_name: Some("Chế phẩm sinh học Metarhizium".into()),
            pre_harvest_interval_days: Some(14),
            ..DiaryInput::default()
        };
        let errors = entry(&input, Some(day(10))).unwrap_err();
        assert!(!errors.is_empty());
        assert!(entry(&input, Some(day(20))).is_ok());
    }
}
