//! The monthly report for the city's authorities, in Vietnamese, as PDF:
//! the month's sales, where they went, how they were paid and delivered,
//! the catalogue's growth, traceability, certifications to renew, and the
//! members, jobs and incomes of the cooperatives.

use accounts::Actor;
use kernel::time::Period;
use kernel::{Locale, Money};

use crate::{Dashboard, Result, Row, Sources, dashboard};

/// `1.234.567`, the Vietnamese way.
pub fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn name(row: &Row) -> String {
    match row.key.as_str() {
        crate::OTHERS => "Các mục còn lại".to_owned(),
        "none" => "Chưa phân loại".to_owned(),
        "" => "Không rõ".to_owned(),
        "cod" => "Thanh toán khi nhận hàng (COD)".to_owned(),
        "bank_transfer" => "Chuyển khoản ngân hàng".to_owned(),
        "card" => "Thẻ".to_owned(),
        _ if row.label.is_empty() => row.key.clone(),
        _ => row.label.clone(),
    }
}

fn table(first: &str, rows: &[Row]) -> Vec<Vec<String>> {
    let mut out = vec![vec![
        first.to_owned(),
        "Số đơn".to_owned(),
        "Giá trị".to_owned(),
    ]];
    out.extend(
        rows.iter()
            .map(|r| vec![name(r), number(r.orders), r.value.to_string()]),
    );
    out
}

fn section(
    heading: &str,
    first: &str,
    rows: &[Row],
    note: Option<&str>,
) -> documents::ReportSection {
    documents::ReportSection {
        heading: heading.to_owned(),
        figures: Vec::new(),
        table: if rows.is_empty() {
            Vec::new()
        } else {
            table(first, rows)
        },
        note: if rows.is_empty() {
            Some("Không có đơn hàng trong tháng.".to_owned())
        } else {
            note.map(str::to_owned)
        },
    }
}

/// The report's content for the figures of a month.
pub fn monthly_report(d: &Dashboard) -> documents::Report {
    let month = d.from.format("%m/%Y").to_string();
    let figures = |pairs: Vec<(&str, String)>| -> Vec<(String, String)> {
        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    };
    let (home, away) = d.domestic_and_abroad();
    let hours = d.delivery.average_hours.map_or_else(
        || "—".to_owned(),
        |h| format!("{:.1} ngày", h / 24.0).replace('.', ","),
    );
    let p = &d.people;
    let income = p
        .average_monthly_income_vnd
        .map_or_else(|| "—".to_owned(), |v| Money::vnd(v).to_string());
    let mut sections = vec![
        documents::ReportSection {
            heading: "1. Tổng quan".to_owned(),
            figures: figures(vec![
                (
                    "Số đơn hàng (đã thanh toán hoặc nhận COD, không tính đơn huỷ)",
                    number(d.orders),
                ),
                ("Doanh số (GMV)", d.gmv.to_string()),
                (
                    "Đơn trong nước",
                    format!("{} đơn · {}", number(home.orders), home.value),
                ),
                (
                    "Đơn giao ra nước ngoài",
                    format!("{} đơn · {}", number(away.orders), away.value),
                ),
                ("Hợp tác xã mới tham gia", number(d.new_cooperatives)),
                ("Sản phẩm mới đăng bán", number(d.new_listings)),
                ("Đơn đã giao", number(d.delivery.delivered)),
                ("Thời gian giao hàng trung bình", hours),
                ("Lượt quét tem truy xuất nguồn gốc", number(d.scans.scans)),
                ("Số lô hàng được quét", number(d.scans.lots)),
            ]),
            table: Vec::new(),
            note: Some(
                "Doanh số là tổng giá trị đơn hàng (hàng và phí vận chuyển) đặt trong tháng, \
                 theo giờ Việt Nam; chưa trừ hoàn tiền."
                    .to_owned(),
            ),
        },
        section(
            "2. Doanh số theo hợp tác xã",
            "Hợp tác xã",
            &d.by_cooperative,
            None,
        ),
        section(
            "3. Doanh số theo danh mục sản phẩm",
            "Danh mục",
            &d.by_category,
            Some("Giá trị hàng theo danh mục, chưa gồm phí vận chuyển."),
        ),
        section(
            "4. Người mua theo tỉnh, thành",
            "Tỉnh, thành",
            &d.by_province,
            None,
        ),
        section(
            "5. Người mua theo quốc gia",
            "Quốc gia",
            &d.by_country,
            None,
        ),
        section(
            "6. Đơn xuất khẩu theo quốc gia",
            "Quốc gia",
            &d.export_desk,
            Some("Đơn của bàn xuất khẩu đã nhận tiền đặt cọc."),
        ),
        section(
            "7. Phương thức thanh toán",
            "Phương thức",
            &d.by_payment_method,
            None,
        ),
    ];
    let mut certificates = vec![vec![
        "Hợp tác xã".to_owned(),
        "Chứng nhận".to_owned(),
        "Hết hạn".to_owned(),
    ]];
    certificates.extend(d.expiring_certifications.items.iter().map(|c| {
        vec![
            c.cooperative.clone(),
            format!("{} {}", c.kind.to_uppercase(), c.name)
                .trim()
                .to_owned(),
            c.expires_on.format("%d/%m/%Y").to_string(),
        ]
    }));
    sections.push(documents::ReportSection {
        heading: "8. Chứng nhận hết hạn trong 60 ngày tới".to_owned(),
        figures: figures(vec![(
            "Số chứng nhận",
            number(d.expiring_certifications.total),
        )]),
        table: if certificates.len() > 1 {
            certificates
        } else {
            Vec::new()
        },
        note: None,
    });
    sections.push(documents::ReportSection {
        heading: "9. Thành viên, việc làm và thu nhập".to_owned(),
        figures: figures(vec![
            ("Hợp tác xã có số liệu đã xác minh", number(p.cooperatives)),
            ("Thành viên", number(p.members)),
            ("Trong đó nữ", number(p.members_women)),
            (
                "Trong đó người dân tộc thiểu số",
                number(p.members_ethnic_minority),
            ),
            ("Lao động thường xuyên", number(p.workers_regular)),
            ("Lao động thời vụ", number(p.workers_seasonal)),
            ("Thu nhập bình quân tháng mỗi thành viên", income),
        ]),
        table: Vec::new(),
        note: Some(
            "Theo số liệu năm gần nhất của mỗi hợp tác xã đã được Liên minh xác minh.".to_owned(),
        ),
    });
    documents::Report {
        locale: Locale::Vi,
        title: format!("Báo cáo tháng {month} — Sàn Hợp Tác"),
        subtitle: format!(
            "Liên minh Hợp tác xã thành phố Huế · từ {} đến {}",
            d.from.format("%d/%m/%Y"),
            d.to.format("%d/%m/%Y")
        ),
        sections,
        footer: format!("Sàn Hợp Tác · Báo cáo tháng {month}"),
    }
}

/// The monthly report for `month` as PDF (union staff).
pub async fn monthly_report_pdf(
    sources: Sources<'_>,
    actor: &Actor,
    month: Period,
) -> Result<Vec<u8>> {
    let figures = dashboard(sources, actor, month, Locale::Vi).await?;
    let fonts = documents::Fonts::shared().map_err(documents::Error::Pdf)?;
    Ok(documents::render_report(&monthly_report(&figures), &fonts)?)
}
