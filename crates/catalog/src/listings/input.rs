//! What a cooperative types for a listing, and the checks it must pass.
//!
//! Field names of problems follow the input's shape (`title.vi`,
//! `variants[1].sku`, `variants[0].price_tiers[2].min_qty`), so the API's
//! `fields` and the shop's form inputs use the same names.

use std::collections::{BTreeMap, HashSet};

use entity::categories;
use entity::json::{ListingContent, PriceTier};
use kernel::{FieldErrors, I18nText, VariantId, problem};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Text in the shop's four languages, as typed; empty means not written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Texts {
    /// Tiếng Việt.
    pub vi: String,
    /// English.
    pub en: String,
    /// 日本語.
    pub ja: String,
    /// 中文.
    pub zh: String,
}

impl Texts {
    /// The text as stored: trimmed, empty translations dropped.
    pub fn to_i18n(&self) -> I18nText {
        let opt = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        I18nText {
            vi: self.vi.trim().to_owned(),
            en: opt(&self.en),
            ja: opt(&self.ja),
            zh: opt(&self.zh),
        }
    }

    /// Stored text as typed.
    pub fn from_i18n(text: &I18nText) -> Self {
        Self {
            vi: text.vi.clone(),
            en: text.en.clone().unwrap_or_default(),
            ja: text.ja.clone().unwrap_or_default(),
            zh: text.zh.clone().unwrap_or_default(),
        }
    }

    fn is_empty(&self) -> bool {
        [&self.vi, &self.en, &self.ja, &self.zh]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// One wholesale price as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TierInput {
    /// From this many units on.
    #[serde(deserialize_with = "kernel::whole::option")]
    pub min_qty: Option<i64>,
    /// Price of one unit in đồng.
    #[serde(deserialize_with = "kernel::whole::option")]
    pub price_vnd: Option<i64>,
}

/// A variant as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct VariantInput {
    /// The variant being changed; none for a new one (or to match by SKU).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub id: Option<VariantId>,
    /// Stock keeping unit, unique within the cooperative.
    pub sku: String,
    /// `size`, `colour`, `material`, `weight`, `package`, `people`:
    /// `{"size": "M", "colour": "natural"}`.
    pub options: BTreeMap<String, String>,
    /// Price in đồng (required, more than 0).
    #[serde(deserialize_with = "kernel::whole::option")]
    pub price_vnd: Option<i64>,
    /// Former price in đồng, shown struck through (more than the price).
    #[serde(deserialize_with = "kernel::whole::option")]
    pub compare_at_vnd: Option<i64>,
    /// Units on hand (0 or more).
    #[serde(deserialize_with = "kernel::whole::option")]
    pub stock: Option<i64>,
    /// Shipping weight in grams.
    #[serde(deserialize_with = "kernel::whole::option")]
    pub weight_grams: Option<i64>,
    /// Length in millimetres (with width and height, or none of them).
    #[serde(deserialize_with = "kernel::whole::option")]
    pub length_mm: Option<i64>,
    /// Width in millimetres.
    #[serde(deserialize_with = "kernel::whole::option")]
    pub width_mm: Option<i64>,
    /// Height in millimetres.
    #[serde(deserialize_with = "kernel::whole::option")]
    pub height_mm: Option<i64>,
    /// Harmonized System code for export, e.g. `4602.12`.
    pub hs_code: String,
    /// Made when ordered: takes no stock, needs a lead time.
    pub made_to_order: bool,
    /// Days to make it, when made to order.
    #[serde(deserialize_with = "kernel::whole::option")]
    pub lead_time_days: Option<i64>,
    /// Fewest units an order may take (1 when left out).
    #[serde(deserialize_with = "kernel::whole::option")]
    pub min_order_qty: Option<i64>,
    /// Wholesale prices by rising quantity, e.g. 10+ and 50+.
    pub price_tiers: Vec<TierInput>,
}

/// A listing as typed (creating it, or the whole of it when editing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ListingInput {
    /// Title (`vi` required).
    pub title: Texts,
    /// One or two sentences (`vi` required).
    pub summary: Texts,
    /// Long description in Markdown (`vi` required).
    pub description: Texts,
    /// Care instructions.
    pub care: Texts,
    /// Category slug or id (required before review).
    pub category: String,
    /// Material and use tags: `bamboo`, `rattan`, `brocade`, `gift`...
    pub tags: Vec<String>,
    /// Commune of origin.
    pub origin_commune: String,
    /// Province of origin (the cooperative's when left out).
    pub origin_province: String,
    /// The member household or artisan who made it.
    pub maker: String,
    /// Variants (at least one before review).
    pub variants: Vec<VariantInput>,
}

/// Some fields of a listing: those present replace the current ones;
/// `variants`, when present, is the whole new set (matched by id or SKU).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ListingPatch {
    /// Title.
    pub title: Option<Texts>,
    /// Summary.
    pub summary: Option<Texts>,
    /// Description (Markdown).
    pub description: Option<Texts>,
    /// Care instructions.
    pub care: Option<Texts>,
    /// Category slug or id.
    pub category: Option<String>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Commune of origin.
    pub origin_commune: Option<String>,
    /// Province of origin.
    pub origin_province: Option<String>,
    /// Maker.
    pub maker: Option<String>,
    /// The whole set of variants.
    pub variants: Option<Vec<VariantInput>>,
}

impl ListingPatch {
    /// `base` with this patch's fields put over it.
    pub fn apply_to(self, mut base: ListingInput) -> ListingInput {
        if let Some(v) = self.title {
            base.title = v;
        }
        if let Some(v) = self.summary {
            base.summary = v;
        }
        if let Some(v) = self.description {
            base.description = v;
        }
        if let Some(v) = self.care {
            base.care = v;
        }
        if let Some(v) = self.category {
            base.category = v;
        }
        if let Some(v) = self.tags {
            base.tags = v;
        }
        if let Some(v) = self.origin_commune {
            base.origin_commune = v;
        }
        if let Some(v) = self.origin_province {
            base.origin_province = v;
        }
        if let Some(v) = self.maker {
            base.maker = v;
        }
        if let Some(v) = self.variants {
            base.variants = v;
        }
        base
    }
}

/// A variant that passed the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidVariant {
    /// The variant being changed, if named.
    pub id: Option<Uuid>,
    /// SKU.
    pub sku: String,
    /// Options.
    pub options: BTreeMap<String, String>,
    /// Price.
    pub price_vnd: i64,
    /// Former price.
    pub compare_at_vnd: Option<i64>,
    /// Stock (0 when made to order).
    pub stock: i32,
    /// Weight.
    pub weight_grams: Option<i32>,
    /// Length, width, height.
    pub dimensions: Option<[i32; 3]>,
    /// HS code.
    pub hs_code: Option<String>,
    /// Made to order.
    pub made_to_order: bool,
    /// Lead time.
    pub lead_time_days: Option<i32>,
    /// Minimum order quantity.
    pub min_order_qty: i32,
    /// Wholesale prices.
    pub price_tiers: Vec<PriceTier>,
}

/// A listing that passed the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidListing {
    /// What staff review.
    pub content: ListingContent,
    /// What shoppers buy.
    pub variants: Vec<ValidVariant>,
}

/// Most variants a listing may have.
pub const MAX_VARIANTS: usize = 100;
/// Most wholesale tiers a variant may have.
pub const MAX_TIERS: usize = 5;
/// Most tags a listing may have.
pub const MAX_TAGS: usize = 20;
/// The highest price accepted (10 billion đồng): a guard against typos.
pub const MAX_PRICE_VND: i64 = 10_000_000_000;
/// Option names the shop offers: size, colour, material, net weight (of
/// produce), package (single, set, wholesale pack) and group size (tours).
pub const OPTION_NAMES: [&str; 6] = ["size", "colour", "material", "weight", "package", "people"];

fn text_field(
    errors: &mut FieldErrors,
    name: &str,
    texts: &Texts,
    required: bool,
    max_chars: usize,
) -> I18nText {
    let text = texts.to_i18n();
    if required && text.vi.is_empty() {
        errors.add(format!("{name}.vi"), problem::required());
    }
    for (locale, t) in [
        ("vi", Some(text.vi.as_str())),
        ("en", text.en.as_deref()),
        ("ja", text.ja.as_deref()),
        ("zh", text.zh.as_deref()),
    ] {
        if let Some(t) = t
            && t.chars().count() > max_chars
        {
            errors.add(
                format!("{name}.{locale}"),
                problem::too_long(max_chars as i64),
            );
        }
    }
    text
}

fn short(errors: &mut FieldErrors, name: &str, value: &str, max_chars: usize) -> Option<String> {
    let value = value.trim();
    if value.chars().count() > max_chars {
        errors.add(name, problem::too_long(max_chars as i64));
    }
    (!value.is_empty()).then(|| value.to_owned())
}

fn number(
    errors: &mut FieldErrors,
    name: &str,
    value: Option<i64>,
    range: std::ops::RangeInclusive<i64>,
) -> Option<i32> {
    let value = value?;
    if !range.contains(&value) {
        errors.add(name, problem::number_between(*range.start(), *range.end()));
        return None;
    }
    i32::try_from(value).ok()
}

/// The tags as stored: trimmed, lower case, single spaces, no repeats.
pub fn normalize_tags(tags: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    tags.iter()
        .flat_map(|t| t.split([',', ';']))
        .map(|t| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|t| !t.is_empty())
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

/// An HS code as stored: the heading, then the subheading after a dot, e.g.
/// `6117`, `4602.12` or `4602.12.10`; none when it is not 4, 6, 8 or 10
/// digits.
pub fn normalize_hs_code(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    let only_digits_and_dots = code
        .trim()
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ' ');
    if !only_digits_and_dots || ![4, 6, 8, 10].contains(&digits.len()) {
        return None;
    }
    let mut out = digits[..4].to_owned();
    let mut rest = &digits[4..];
    while !rest.is_empty() {
        out.push('.');
        out.push_str(&rest[..2]);
        rest = &rest[2..];
    }
    Some(out)
}

fn valid_sku(sku: &str) -> bool {
    !sku.is_empty()
        && sku.len() <= 64
        && sku
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
}

/// Finds a category by slug or id.
pub fn find_category<'a>(
    rows: &'a [categories::Model],
    key: &str,
) -> Option<&'a categories::Model> {
    let key = key.trim();
    rows.iter()
        .find(|c| c.slug == key || Uuid::parse_str(key).is_ok_and(|id| id == c.id))
}

/// Checks a listing. `categories` is the whole tree; `default_province` is
/// the cooperative's.
pub fn validate(
    input: &ListingInput,
    categories: &[categories::Model],
    default_province: &str,
) -> Result<ValidListing, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = text_field(&mut errors, "title", &input.title, true, 150);
    let summary = text_field(&mut errors, "summary", &input.summary, true, 300);
    let description = text_field(&mut errors, "description", &input.description, true, 20_000);
    let care = if input.care.is_empty() {
        None
    } else {
        Some(text_field(&mut errors, "care", &input.care, false, 2_000))
    };
    if let Some(care) = &care
        && care.vi.is_empty()
    {
        errors.add("care.vi", problem::care_vi_required());
    }
    let category_id = if input.category.trim().is_empty() {
        None
    } else {
        match find_category(categories, &input.category) {
            Some(c) => Some(c.id),
            None => {
                errors.add("category", problem::category_unknown());
                None
            }
        }
    };
    let tags = normalize_tags(&input.tags);
    if tags.len() > MAX_TAGS {
        errors.add("tags", problem::too_many_tags(MAX_TAGS as i64));
    }
    if tags.iter().any(|t| t.chars().count() > 40) {
        errors.add("tags", problem::tag_too_long(40));
    }
    let origin_commune = short(&mut errors, "origin_commune", &input.origin_commune, 100);
    let origin_province = short(&mut errors, "origin_province", &input.origin_province, 100)
        .or_else(|| (!default_province.is_empty()).then(|| default_province.to_owned()));
    let maker = short(&mut errors, "maker", &input.maker, 200);

    if input.variants.len() > MAX_VARIANTS {
        errors.add("variants", problem::too_many_variants(MAX_VARIANTS as i64));
    }
    let mut skus = HashSet::new();
    let mut ids = HashSet::new();
    let variants = input
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let valid = validate_variant(&mut errors, &format!("variants[{i}]"), v);
            if !valid.sku.is_empty() && !skus.insert(valid.sku.to_ascii_uppercase()) {
                errors.add(format!("variants[{i}].sku"), problem::sku_used_twice());
            }
            if let Some(id) = valid.id
                && !ids.insert(id)
            {
                errors.add(format!("variants[{i}].id"), problem::variant_given_twice());
            }
            valid
        })
        .collect();
    errors.into_result(ValidListing {
        content: ListingContent {
            title,
            summary,
            description,
            care,
            category_id,
            tags,
            origin_commune,
            origin_province,
            maker,
        },
        variants,
    })
}

fn validate_variant(errors: &mut FieldErrors, at: &str, v: &VariantInput) -> ValidVariant {
    let f = |name: &str| format!("{at}.{name}");
    let sku = v.sku.trim().to_owned();
    if sku.is_empty() {
        errors.add(f("sku"), problem::required());
    } else if !valid_sku(&sku) {
        errors.add(f("sku"), problem::sku_invalid(64));
    }
    let mut options = BTreeMap::new();
    for (name, value) in &v.options {
        let name = name.trim().to_lowercase();
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        if !OPTION_NAMES.contains(&name.as_str()) {
            errors.add(f("options"), problem::option_unknown());
        } else if value.chars().count() > 60 {
            errors.add(f(&format!("options.{name}")), problem::too_long(60));
        }
        options.insert(name, value.to_owned());
    }
    let price_vnd = match v.price_vnd {
        None => {
            errors.add(f("price_vnd"), problem::required());
            0
        }
        Some(p) if p <= 0 => {
            errors.add(f("price_vnd"), problem::must_be_positive());
            0
        }
        Some(p) if p > MAX_PRICE_VND => {
            errors.add(f("price_vnd"), problem::too_high());
            0
        }
        Some(p) => p,
    };
    let compare_at_vnd = match v.compare_at_vnd {
        Some(c) if c <= price_vnd || c > MAX_PRICE_VND => {
            errors.add(f("compare_at_vnd"), problem::compare_at_not_above_price());
            None
        }
        other => other,
    };
    let stock = if v.made_to_order {
        0
    } else {
        match v.stock {
            Some(s) if s < 0 => {
                errors.add(f("stock"), problem::must_not_be_negative());
                0
            }
            Some(s) if s > 1_000_000 => {
                errors.add(f("stock"), problem::at_most(1_000_000));
                0
            }
            Some(s) => i32::try_from(s).unwrap_or(0),
            None => 0,
        }
    };
    let weight_grams = number(errors, &f("weight_grams"), v.weight_grams, 1..=1_000_000);
    let sizes = [
        ("length_mm", v.length_mm),
        ("width_mm", v.width_mm),
        ("height_mm", v.height_mm),
    ];
    let given = sizes.iter().filter(|(_, s)| s.is_some()).count();
    let dimensions = if given == 0 {
        None
    } else if given < 3 {
        for (name, value) in sizes {
            if value.is_none() {
                errors.add(f(name), problem::dimensions_incomplete());
            }
        }
        None
    } else {
        let l = number(errors, &f("length_mm"), v.length_mm, 1..=10_000);
        let w = number(errors, &f("width_mm"), v.width_mm, 1..=10_000);
        let h = number(errors, &f("height_mm"), v.height_mm, 1..=10_000);
        match (l, w, h) {
            (Some(l), Some(w), Some(h)) => Some([l, w, h]),
            _ => None,
        }
    };
    let hs_code = if v.hs_code.trim().is_empty() {
        None
    } else {
        let code = normalize_hs_code(&v.hs_code);
        if code.is_none() {
            errors.add(f("hs_code"), problem::hs_code_invalid());
        }
        code
    };
    let lead_time_days = if v.made_to_order {
        match v.lead_time_days {
            None => {
                errors.add(f("lead_time_days"), problem::lead_time_required());
                None
            }
            some => number(errors, &f("lead_time_days"), some, 1..=365),
        }
    } else {
        number(errors, &f("lead_time_days"), v.lead_time_days, 1..=365)
    };
    let min_order_qty =
        number(errors, &f("min_order_qty"), v.min_order_qty, 1..=100_000).unwrap_or(1);
    if v.price_tiers.len() > MAX_TIERS {
        errors.add(f("price_tiers"), problem::too_many_tiers(MAX_TIERS as i64));
    }
    let mut price_tiers = Vec::new();
    let (mut last_qty, mut last_price) = (i64::from(min_order_qty), price_vnd);
    for (j, tier) in v.price_tiers.iter().enumerate() {
        if tier.min_qty.is_none() && tier.price_vnd.is_none() {
            continue;
        }
        let t = |name: &str| format!("{at}.price_tiers[{j}].{name}");
        let (Some(qty), Some(price)) = (tier.min_qty, tier.price_vnd) else {
            let missing = if tier.min_qty.is_none() {
                "min_qty"
            } else {
                "price_vnd"
            };
            errors.add(t(missing), problem::tier_incomplete());
            continue;
        };
        let mut ok = true;
        if qty <= last_qty || qty > 1_000_000 {
            errors.add(t("min_qty"), problem::tier_qty_not_rising(last_qty));
            ok = false;
        }
        if price <= 0 || (price_vnd > 0 && price >= last_price) {
            errors.add(t("price_vnd"), problem::price_tier_not_falling(last_qty));
            ok = false;
        }
        if ok {
            price_tiers.push(PriceTier {
                min_qty: i32::try_from(qty).unwrap_or(i32::MAX),
                price_vnd: price,
            });
            last_qty = qty;
            last_price = price;
        }
    }
    ValidVariant {
        id: v.id.map(VariantId::uuid),
        sku,
        options,
        price_vnd,
        compare_at_vnd,
        stock,
        weight_grams,
        dimensions,
        hs_code,
        made_to_order: v.made_to_order,
        lead_time_days,
        min_order_qty,
        price_tiers,
    }
}

/// The price of one unit when `qty` units are bought: the tier for that
/// quantity, else the base price.
pub fn unit_price(base_vnd: i64, tiers: &[PriceTier], qty: i32) -> i64 {
    tiers
        .iter()
        .filter(|t| qty >= t.min_qty)
        .map(|t| t.price_vnd)
        .min()
        .unwrap_or(base_vnd)
        .min(base_vnd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ListingInput {
        ListingInput {
            title: Texts {
                vi: "Giỏ mây đan tay".into(),
                ..Texts::default()
            },
            summary: Texts {
                vi: "Giỏ mây nhỏ".into(),
                ..Texts::default()
            },
            description: Texts {
                vi: "Đan tay ở Bao La.".into(),
                ..Texts::default()
            },
            variants: vec![VariantInput {
                sku: "GM-01".into(),
                price_vnd: Some(350_000),
                stock: Some(5),
                ..VariantInput::default()
            }],
            ..ListingInput::default()
        }
    }

    #[test]
    fn a_complete_listing_passes_and_takes_the_cooperatives_province() {
        let valid = validate(&good(), &[], "Thành phố Huế").unwrap();
        assert_eq!(valid.content.title.vi, "Giỏ mây đan tay");
        assert_eq!(
            valid.content.origin_province.as_deref(),
            Some("Thành phố Huế")
        );
        assert_eq!(valid.variants[0].min_order_qty, 1);
    }

    #[test]
    fn problems_are_named_after_the_fields_that_have_them() {
        let mut input = good();
        input.title.vi = "  ".into();
        input.variants[0].price_vnd = Some(-5);
        input.variants.push(VariantInput {
            sku: "gm-01".into(),
            price_vnd: Some(1000),
            stock: Some(-1),
            ..VariantInput::default()
        });
        let errors = validate(&input, &[], "").unwrap_err();
        assert_eq!(errors.codes("title.vi"), ["required"], "{errors}");
        assert_eq!(
            errors.codes("variants[0].price_vnd"),
            ["must_be_positive"],
            "{errors}"
        );
        assert_eq!(
            errors.codes("variants[1].sku"),
            ["sku_used_twice"],
            "{errors}"
        );
        assert_eq!(
            errors.codes("variants[1].stock"),
            ["must_not_be_negative"],
            "{errors}"
        );
    }

    #[test]
    fn tiers_must_rise_in_quantity_and_fall_in_price() {
        let mut input = good();
        input.variants[0].price_tiers = vec![
            TierInput {
                min_qty: Some(10),
                price_vnd: Some(300_000),
            },
            TierInput {
                min_qty: Some(5),
                price_vnd: Some(280_000),
            },
            TierInput {
                min_qty: Some(50),
                price_vnd: Some(310_000),
            },
        ];
        let errors = validate(&input, &[], "").unwrap_err();
        let qty = &errors.get("variants[0].price_tiers[1].min_qty").unwrap()[0];
        assert_eq!(qty.code, "tier_qty_not_rising");
        assert_eq!(qty.arg("min_qty"), Some(&kernel::problem::Arg::Number(10)));
        // the tier of 5 was refused, so the price before 50 is the one from 10
        let price = &errors.get("variants[0].price_tiers[2].price_vnd").unwrap()[0];
        assert_eq!(price.code, "price_tier_not_falling");
        assert_eq!(
            price.arg("min_qty"),
            Some(&kernel::problem::Arg::Number(10))
        );
        assert_eq!(
            price.message,
            "must be less than the price before it (from 10)"
        );
        assert!(errors.get("variants[0].price_tiers[0].min_qty").is_none());
    }

    #[test]
    fn made_to_order_needs_a_lead_time_and_keeps_no_stock() {
        let mut input = good();
        input.variants[0].made_to_order = true;
        let errors = validate(&input, &[], "").unwrap_err();
        assert_eq!(
            errors.codes("variants[0].lead_time_days"),
            ["lead_time_required"]
        );
        input.variants[0].lead_time_days = Some(14);
        let valid = validate(&input, &[], "").unwrap();
        assert_eq!(valid.variants[0].stock, 0);
    }

    #[test]
    fn hs_codes_and_tags_are_normalised() {
        assert_eq!(normalize_hs_code("460212").as_deref(), Some("4602.12"));
        assert_eq!(
            normalize_hs_code("4602.12.10").as_deref(),
            Some("4602.12.10")
        );
        assert_eq!(normalize_hs_code("6117").as_deref(), Some("6117"));
        assert_eq!(normalize_hs_code("46021"), None);
        assert_eq!(normalize_hs_code("ABCD12"), None);
        assert_eq!(
            normalize_tags(&["Mây, tre".into(), " mây ".into(), "Quà  tặng".into()]),
            vec!["mây", "tre", "quà tặng"]
        );
    }

    #[test]
    fn the_unit_price_follows_the_quantity_bought() {
        let tiers = [
            PriceTier {
                min_qty: 10,
                price_vnd: 95_000,
            },
            PriceTier {
                min_qty: 50,
                price_vnd: 90_000,
            },
        ];
        assert_eq!(unit_price(100_000, &tiers, 1), 100_000);
        assert_eq!(unit_price(100_000, &tiers, 10), 95_000);
        assert_eq!(unit_price(100_000, &tiers, 49), 95_000);
        assert_eq!(unit_price(100_000, &tiers, 50), 90_000);
    }
}
