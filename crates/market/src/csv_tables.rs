//! Every table of the dashboard as a CSV file (UTF-8, comma-separated, a
//! header row), for staff who work on in a spreadsheet.

use crate::{Dashboard, Row};

/// The tables that download as CSV, by the name in their URL.
pub const TABLES: [&str; 9] = [
    "cooperatives",
    "categories",
    "months",
    "provinces",
    "countries",
    "export_desk",
    "payment_methods",
    "certifications",
    "summary",
];

fn sales(writer: &mut csv::Writer<Vec<u8>>, first: &str, rows: &[Row]) -> csv::Result<()> {
    writer.write_record([first, "label", "orders", "value_vnd"])?;
    for r in rows {
        writer.write_record([
            r.key.as_str(),
            r.label.as_str(),
            &r.orders.to_string(),
            &r.value.amount.to_string(),
        ])?;
    }
    Ok(())
}

/// The table `name` of `dashboard` as CSV; none for a name not in
/// [`TABLES`].
pub fn csv(dashboard: &Dashboard, name: &str) -> Option<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let written = match name {
        "cooperatives" => sales(&mut w, "cooperative_id", &dashboard.by_cooperative),
        "categories" => sales(&mut w, "category_id", &dashboard.by_category),
        "months" => sales(&mut w, "month", &dashboard.by_month),
        "provinces" => sales(&mut w, "province", &dashboard.by_province),
        "countries" => sales(&mut w, "country", &dashboard.by_country),
        "export_desk" => sales(&mut w, "country", &dashboard.export_desk),
        "payment_methods" => sales(&mut w, "payment_method", &dashboard.by_payment_method),
        "certifications" => (|| {
            w.write_record(["cooperative", "kind", "name", "expires_on"])?;
            for c in &dashboard.expiring_certifications.items {
                w.write_record([
                    c.cooperative.as_str(),
                    c.kind.as_str(),
                    c.name.as_str(),
                    &c.expires_on.to_string(),
                ])?;
            }
            Ok(())
        })(),
        "summary" => (|| {
            w.write_record(["figure", "value"])?;
            let d = dashboard;
            let p = &d.people;
            let hours = d
                .delivery
                .average_hours
                .map(|h| h.to_string())
                .unwrap_or_default();
            let income = p
                .average_monthly_income_vnd
                .map(|v| v.to_string())
                .unwrap_or_default();
            for (k, v) in [
                ("from", d.from.to_string()),
                ("to", d.to.to_string()),
                ("orders", d.orders.to_string()),
                ("gmv_vnd", d.gmv.amount.to_string()),
                ("new_cooperatives", d.new_cooperatives.to_string()),
                ("new_listings", d.new_listings.to_string()),
                ("delivered", d.delivery.delivered.to_string()),
                ("average_delivery_hours", hours),
                (
                    "certifications_expiring_60_days",
                    d.expiring_certifications.total.to_string(),
                ),
                ("scans", d.scans.scans.to_string()),
                ("lots_scanned", d.scans.lots.to_string()),
                (
                    "cooperatives_with_verified_figures",
                    p.cooperatives.to_string(),
                ),
                ("members", p.members.to_string()),
                ("members_women", p.members_women.to_string()),
                (
                    "members_ethnic_minority",
                    p.members_ethnic_minority.to_string(),
                ),
                ("workers_regular", p.workers_regular.to_string()),
                ("workers_seasonal", p.workers_seasonal.to_string()),
                ("average_monthly_income_vnd", income),
            ] {
                w.write_record([k, v.as_str()])?;
            }
            Ok(())
        })(),
        _ => return None,
    };
    written.ok()?;
    String::from_utf8(w.into_inner().ok()?).ok()
}
