//! Lots in the demo, made through the same calls a cooperative makes, once
//! (nothing is added when the market has lots already):
//!
//! - Bao La's lidded rattan baskets (medium): 120 pieces made by three
//!   households of the village from rattan of A Lưới, with the making
//!   steps in the diary, the OCOP rating and the Mai An Tiêm award;
//! - A Lưới's VietGAP vegetable boxes: a harvest from one plot with its
//!   field diary (fertiliser, a biological spray and its pre-harvest
//!   interval, irrigation, harvest, packing) and the VietGAP certificate;
//! - an earlier lot of A Lưới ginger, recalled by union staff.
//!
//! A Lưới has no demo account: its lots are recorded by union staff acting
//! for it (the recorder is staff, which is what happened).

use accounts::{Actor, MemberRole, Membership};
use chrono::{Days, NaiveDate, Utc};
use entity::{certifications, lot_scans, lots, product_variants};
use kernel::{CooperativeId, Locale};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::model::{DiaryInput, LotInput, MakerInput, MaterialInput, RecallInput};
use crate::{Result, Traceability};

/// The demo accounts lots are recorded by.
pub struct DemoPeople {
    /// Union staff.
    pub staff: Actor,
    /// The owner of Bao La.
    pub baola: Actor,
}

fn maker(name: &str, role: &str) -> MakerInput {
    MakerInput {
        name: name.into(),
        role: Some(role.into()),
    }
}

fn material(name: &str, origin: &str) -> MaterialInput {
    MaterialInput {
        name: name.into(),
        origin: Some(origin.into()),
    }
}

fn step(kind: &str, day: NaiveDate, title: &str, detail: Option<&str>) -> DiaryInput {
    DiaryInput {
        kind: kind.into(),
        happened_on: Some(day),
        title: title.into(),
        detail: detail.map(str::to_owned),
        ..DiaryInput::default()
    }
}

fn input(day: NaiveDate, title: &str, name: &str, dose: &str, interval: Option<i32>) -> DiaryInput {
    DiaryInput {
        kind: "input".into(),
        happened_on: Some(day),
        title: title.into(),
        input_name: Some(name.into()),
        dose: Some(dose.into()),
        pre_harvest_interval_days: interval,
        ..DiaryInput::default()
    }
}

/// The variant with `sku`: (cooperative, listing, variant).
async fn variant(trace: &Traceability, sku: &str) -> Result<Option<(Uuid, Uuid, Uuid)>> {
    Ok(product_variants::Entity::find()
        .filter(product_variants::Column::Sku.eq(sku))
        .one(&trace.db)
        .await?
        .map(|v| (v.cooperative_id, v.product_id, v.id)))
}

/// The ids of a cooperative's certifications of `kinds`.
async fn certifications_of(
    trace: &Traceability,
    cooperative: Uuid,
    kinds: &[certifications::Kind],
) -> Result<Vec<Uuid>> {
    Ok(certifications::Entity::find()
        .filter(certifications::Column::CooperativeId.eq(cooperative))
        .all(&trace.db)
        .await?
        .into_iter()
        .filter(|c| kinds.contains(&c.kind))
        .map(|c| c.id)
        .collect())
}

/// Staff acting for `cooperative` as its owner.
fn acting_for(staff: &Actor, cooperative: Uuid) -> Actor {
    let mut actor = staff.clone();
    actor.memberships = vec![Membership {
        cooperative_id: CooperativeId(cooperative),
        role: MemberRole::Owner,
    }];
    actor
}

/// Adds the demo lots; returns how many were made.
pub async fn seed(trace: &Traceability, people: &DemoPeople) -> Result<usize> {
    if lots::Entity::find().count(&trace.db).await? > 0 {
        return Ok(0);
    }
    let today = kernel::time::today_in_vietnam(Utc::now());
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let ahead = |days: u64| today.checked_add_days(Days::new(days)).unwrap_or(today);
    let mut made = 0;
    let mut codes = Vec::new();

    if let Some((coop, product, variant)) = variant(trace, "BL-GIONAP-M").await? {
        let certs = certifications_of(
            trace,
            coop,
            &[certifications::Kind::Ocop, certifications::Kind::Award],
        )
        .await?;
        let lot = trace
            .create_lot(
                &people.baola,
                CooperativeId(coop),
                &LotInput {
                    product_id: Some(product),
                    variant_id: Some(variant),
                    lot_number: format!("BL-GN-{}-01", ago(9).format("%y%m")),
                    quantity: Some(120),
                    unit: Some("piece".into()),
                    produced_on: Some(ago(17)),
                    packed_on: Some(ago(9)),
                    commune: Some("Xã Đan Điền".into()),
                    place: Some("Xưởng đan của hợp tác xã, làng Bao La".into()),
                    makers: vec![
                        maker("Hộ bà Nguyễn Thị Hoa", "đan thân giỏ"),
                        maker("Hộ chị Trần Thị Mai", "đan nắp và quai"),
                        maker("Hộ ông Lê Văn Sáu", "vót nan, hun khói chống mốc"),
                    ],
                    materials: vec![
                        material("Mây nước", "xã A Lưới 2, khai thác có kiểm soát"),
                        material("Tre gai", "làng Bao La, xã Đan Điền"),
                        material("Dầu điều phủ bóng", "Bình Phước"),
                    ],
                    certification_ids: certs,
                    notes: Some(
                        "Mỗi giỏ đan trong khoảng hai ngày; mây được hun khói để không mốc khi gửi đi xa."
                            .into(),
                    ),
                    ..LotInput::default()
                },
                Locale::Vi,
            )
            .await?;
        for entry in [
            step(
                "processing",
                ago(30),
                "Nhận mây nước từ tổ khai thác A Lưới",
                Some(
                    "Mây được chọn sợi đều, dài trên 3 m, khai thác theo mùa để cây kịp tái sinh.",
                ),
            ),
            step(
                "processing",
                ago(26),
                "Phơi nắng và hun khói mây",
                Some("Phơi ba nắng rồi hun khói rơm hai ngày để mây bền màu, không mốc."),
            ),
            step("making", ago(22), "Vót nan tre, chẻ và chuốt sợi mây", None),
            step(
                "making",
                ago(17),
                "Đan thân giỏ và nắp",
                Some("Ba hộ đan song song; mỗi giỏ khoảng hai ngày công."),
            ),
            step(
                "processing",
                ago(11),
                "Kiểm tra từng giỏ, phủ dầu điều",
                None,
            ),
            step("processing", ago(9), "Đóng gói, dán nhãn truy xuất", None),
        ] {
            trace
                .add_diary_entry(&people.baola, lot.id, &entry, Locale::Vi)
                .await?;
        }
        codes.push(lot.code);
        made += 1;
    }

    if let Some((coop, product, variant)) = variant(trace, "AL-RAU-5KG").await? {
        let actor = acting_for(&people.staff, coop);
        let certs = certifications_of(trace, coop, &[certifications::Kind::Vietgap]).await?;
        let lot = trace
            .create_lot(
                &actor,
                CooperativeId(coop),
                &LotInput {
                    product_id: Some(product),
                    variant_id: Some(variant),
                    lot_number: format!("AL-RAU-{}-B2", ago(3).format("%y%m%d")),
                    quantity: Some(80),
                    unit: Some("box".into()),
                    harvested_on: Some(ago(3)),
                    packed_on: Some(ago(3)),
                    best_before: Some(ahead(4)),
                    commune: Some("Xã A Lưới 2".into()),
                    place: Some("Lô ruộng B2, thôn Kăn Tôm".into()),
                    makers: vec![
                        maker("Hộ ông Hồ Văn Thuận", "trồng và chăm sóc"),
                        maker("Hộ bà Kray Thị Lan", "thu hoạch và sơ chế"),
                    ],
                    materials: vec![
                        material(
                            "Hạt giống cải ngọt, cải bẹ xanh",
                            "cơ sở giống được cấp phép",
                        ),
                        material("Phân hữu cơ vi sinh", "nhà ủ phân của hợp tác xã, A Lưới"),
                    ],
                    certification_ids: certs,
                    ..LotInput::default()
                },
                Locale::Vi,
            )
            .await?;
        for entry in [
            input(
                ago(35),
                "Bón lót trước khi gieo",
                "Phân chuồng ủ hoai với chế phẩm Trichoderma",
                "1,5 tấn / 1.000 m²",
                None,
            ),
            step("note", ago(34), "Gieo hạt cải ngọt, cải bẹ xanh", None),
            step(
                "irrigation",
                ago(28),
                "Tưới phun mưa từ bể lắng nước suối",
                Some("Tưới sáng sớm, hai ngày một lần; nước đã xét nghiệm đạt yêu cầu VietGAP."),
            ),
            input(
                ago(19),
                "Phun chế phẩm sinh học trừ sâu tơ",
                "Bacillus thuringiensis (Bt)",
                "25 g / bình 16 lít",
                Some(5),
            ),
            input(
                ago(12),
                "Bón thúc",
                "Phân hữu cơ vi sinh",
                "40 kg / 1.000 m²",
                Some(7),
            ),
            step("harvest", ago(3), "Thu hoạch lúc sáng sớm", None),
            step(
                "processing",
                ago(3),
                "Sơ chế và đóng thùng 5 kg",
                Some("Rửa bằng nước sạch, để ráo, đóng thùng ngay tại nhà sơ chế của hợp tác xã."),
            ),
        ] {
            trace
                .add_diary_entry(&actor, lot.id, &entry, Locale::Vi)
                .await?;
        }
        codes.push(lot.code);
        made += 1;
    }

    if let Some((coop, product, variant)) = variant(trace, "AL-CAM-2KG").await? {
        let actor = acting_for(&people.staff, coop);
        let certs = certifications_of(trace, coop, &[certifications::Kind::Vietgap]).await?;
        let lot = trace
            .create_lot(
                &actor,
                CooperativeId(coop),
                &LotInput {
                    product_id: Some(product),
                    variant_id: Some(variant),
                    lot_number: format!("AL-CAM-{}-R3", ago(40).format("%y%m")),
                    quantity: Some(400),
                    unit: Some("bag".into()),
                    harvested_on: Some(ago(40)),
                    packed_on: Some(ago(20)),
                    best_before: Some(ahead(300)),
                    commune: Some("Xã A Lưới 3".into()),
                    place: Some("Ruộng bậc thang R3, thôn Pa Ring".into()),
                    makers: vec![
                        maker("Hộ ông Hồ Văn Lực", "cấy, chăm sóc và gặt"),
                        maker("Hộ bà Căn Thị Nhung", "phơi, xay và đóng túi"),
                    ],
                    materials: vec![
                        material("Giống lúa cẩm địa phương", "hạt giống tự để của các hộ, A Lưới"),
                        material("Phân hữu cơ vi sinh", "nhà ủ phân của hợp tác xã, A Lưới"),
                    ],
                    certification_ids: certs,
                    notes: Some(
                        "Lúa cẩm một vụ trên ruộng bậc thang, nước suối đầu nguồn; xay bằng máy xát nhẹ để giữ lớp cám tím."
                            .into(),
                    ),
                    ..LotInput::default()
                },
                Locale::Vi,
            )
            .await?;
        for entry in [
            input(
                ago(150),
                "Bón lót khi làm đất",
                "Phân chuồng ủ hoai",
                "1 tấn / 1.000 m²",
                None,
            ),
            step("note", ago(140), "Cấy mạ lúa cẩm", None),
            step(
                "irrigation",
                ago(120),
                "Dẫn nước suối vào ruộng bậc thang",
                Some(
                    "Giữ nước 3–5 cm trong giai đoạn đẻ nhánh; nước suối đầu nguồn đã xét nghiệm đạt VietGAP.",
                ),
            ),
            input(
                ago(95),
                "Bón thúc đẻ nhánh",
                "Phân hữu cơ vi sinh",
                "30 kg / 1.000 m²",
                Some(30),
            ),
            step("harvest", ago(40), "Gặt tay khi 85% hạt chín", None),
            step(
                "processing",
                ago(36),
                "Phơi thóc trên sân xi măng",
                Some("Phơi bốn nắng đến độ ẩm 14%."),
            ),
            step(
                "processing",
                ago(20),
                "Xay xát nhẹ, đóng túi 2 kg hút chân không",
                None,
            ),
        ] {
            trace
                .add_diary_entry(&actor, lot.id, &entry, Locale::Vi)
                .await?;
        }
        codes.push(lot.code);
        made += 1;
    }

    if let Some((coop, product, variant)) = variant(trace, "AL-GUNG-1KG").await? {
        let actor = acting_for(&people.staff, coop);
        let lot = trace
            .create_lot(
                &actor,
                CooperativeId(coop),
                &LotInput {
                    product_id: Some(product),
                    variant_id: Some(variant),
                    lot_number: format!("AL-GUNG-{}-A1", ago(45).format("%y%m%d")),
                    quantity: Some(150),
                    unit: Some("bag".into()),
                    harvested_on: Some(ago(45)),
                    packed_on: Some(ago(43)),
                    best_before: Some(ahead(45)),
                    commune: Some("Xã A Lưới 2".into()),
                    place: Some("Nương gừng thôn Hợp Thành".into()),
                    makers: vec![maker("Hộ chị Nguyễn Thị Hằng", "trồng và thu hoạch")],
                    ..LotInput::default()
                },
                Locale::Vi,
            )
            .await?;
        trace
            .add_diary_entry(
                &actor,
                lot.id,
                &step("harvest", ago(45), "Đào gừng, phơi se vỏ", None),
                Locale::Vi,
            )
            .await?;
        trace
            .recall(
                &people.staff,
                lot.id,
                &RecallInput {
                    reason: "Mẫu lưu kiểm tra định kỳ phát hiện gừng bị mốc do kho ẩm; hợp tác xã thu hồi cả lô và đổi hàng mới cho người mua."
                        .into(),
                },
                Locale::Vi,
            )
            .await?;
        codes.push(lot.code);
        made += 1;
    }

    // a week of visits, as labels on the market's stalls would bring
    for (i, code) in codes.iter().enumerate() {
        if let Some(lot) = lots::Entity::find()
            .filter(lots::Column::Code.eq(code.as_str()))
            .one(&trace.db)
            .await?
        {
            for day in 1..=6u64 {
                let count = ((day as i32 * 7 + i as i32 * 5) % 11) + 2;
                lot_scans::Entity::insert(lot_scans::ActiveModel {
                    lot_id: Set(lot.id),
                    day: Set(ago(day)),
                    count: Set(count),
                })
                .exec_without_returning(&trace.db)
                .await?;
            }
        }
    }
    Ok(made)
}
