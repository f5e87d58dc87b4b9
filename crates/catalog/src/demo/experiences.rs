//! Kazan's experiences in the demo: the terms of its four listings (the
//! weaving day, the family meal, the forest trek, the stilt-house night)
//! and their sessions for the next four weeks, so that `make run` has
//! dates to book. Added once: a listing that is an experience already is
//! left as it is.

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc};
use entity::{experiences, product_variants};
use kernel::time::{VIETNAM, today_in_vietnam};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::Result;

/// One experience of the demo, found by its first variant's SKU.
struct DemoExperience {
    sku: &'static str,
    minutes: i32,
    meeting_point: &'static str,
    languages: &'static str,
    included: &'static str,
    people: (i32, i32),
    child_price: Option<i64>,
    /// Free cancellation until this many days before; then this share back.
    policy: (i32, i32),
    /// The share a buyer may pay now, the rest on arrival.
    deposit: Option<i32>,
    /// ISO weekdays it runs on, its start (Huế time) and its places.
    weekdays: &'static [u32],
    start: (u32, u32),
    capacity: i32,
}

const MAP: &str =
    "https://www.openstreetmap.org/?mlat=16.2185&mlon=107.2745#map=15/16.2185/107.2745";

const EXPERIENCES: [DemoExperience; 4] = [
    DemoExperience {
        sku: "KZ-DET-1",
        minutes: 420,
        meeting_point: "Nhà sinh hoạt cộng đồng Kazan, thôn Pa Ring, xã A Lưới 4, Thành phố Huế (đường Hồ Chí Minh, cách chợ A Lưới 3 km)",
        languages: "vi,en",
        included: "Bữa trưa cùng gia đình chủ nhà, nước uống, sợi và khung dệt, một dải zèng nhỏ tự dệt mang về",
        people: (1, 6),
        child_price: Some(300_000),
        policy: (3, 50),
        deposit: None,
        weekdays: &[2, 3, 4, 5, 6, 7],
        start: (8, 0),
        capacity: 5,
    },
    DemoExperience {
        sku: "KZ-NAU-1",
        minutes: 240,
        meeting_point: "Nhà bà Lý, thôn Pa Ring, xã A Lưới 4 (người dẫn đường đón ở nhà sinh hoạt cộng đồng Kazan)",
        languages: "vi,en",
        included: "Rau rừng, cá suối, gạo nếp và ống lồ ô để nướng cơm lam; bữa tối cùng gia đình",
        people: (2, 8),
        child_price: Some(200_000),
        policy: (1, 30),
        deposit: None,
        weekdays: &[1, 2, 3, 4, 5, 6, 7],
        start: (15, 0),
        capacity: 8,
    },
    DemoExperience {
        sku: "KZ-RUNG-1",
        minutes: 480,
        meeting_point: "Nhà sinh hoạt cộng đồng Kazan, thôn Pa Ring, xã A Lưới 4; xe máy gửi miễn phí tại sân",
        languages: "vi,en,fr",
        included: "Người dẫn đường trong thôn, bữa trưa gói lá, nước uống, gậy đi rừng, bảo hiểm du lịch trong ngày",
        people: (2, 10),
        child_price: None,
        policy: (2, 50),
        deposit: Some(30),
        weekdays: &[2, 4, 6],
        start: (7, 0),
        capacity: 10,
    },
    DemoExperience {
        sku: "KZ-HOME-1",
        minutes: 1320,
        meeting_point: "Nhà sàn của gia đình chủ nhà, thôn Pa Ring, xã A Lưới 4 (HTX gọi điện chỉ đường trước một ngày)",
        languages: "vi,en",
        included: "Chỗ ngủ, chăn màn, bữa tối, bữa sáng và bữa trưa hôm sau, buổi xem dệt zèng, buổi tối bên bếp lửa",
        people: (1, 6),
        child_price: Some(550_000),
        policy: (7, 30),
        deposit: Some(30),
        weekdays: &[1, 2, 3, 4, 5, 6, 7],
        start: (14, 0),
        capacity: 6,
    },
];

/// How many days of sessions the demo opens.
const DAYS_AHEAD: i64 = 28;

/// Makes Kazan's listings experiences with four weeks of sessions.
pub(super) async fn seed_experiences<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut added = 0;
    for demo in &EXPERIENCES {
        let Some(variant) = product_variants::Entity::find()
            .filter(product_variants::Column::Sku.eq(demo.sku))
            .one(db)
            .await?
        else {
            continue;
        };
        if experiences::Entity::find_by_id(variant.product_id)
            .one(db)
            .await?
            .is_some()
        {
            continue;
        }
        experiences::Entity::insert(experiences::ActiveModel {
            product_id: Set(variant.product_id),
            cooperative_id: Set(variant.cooperative_id),
            minutes: Set(demo.minutes),
            meeting_point: Set(demo.meeting_point.to_owned()),
            map_url: Set(Some(MAP.to_owned())),
            languages: Set(demo.languages.to_owned()),
            included: Set(demo.included.to_owned()),
            min_people: Set(demo.people.0),
            max_people: Set(demo.people.1),
            per_group: Set(false),
            child_price_vnd: Set(demo.child_price),
            free_cancel_days: Set(demo.policy.0),
            late_refund_percent: Set(demo.policy.1),
            deposit_percent: Set(demo.deposit),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
        let start = NaiveTime::from_hms_opt(demo.start.0, demo.start.1, 0).unwrap_or_default();
        let today = today_in_vietnam(now);
        for ahead in 1..=DAYS_AHEAD {
            let day = today + Duration::days(ahead);
            if !demo.weekdays.contains(&day.weekday().number_from_monday()) {
                continue;
            }
            let Some(at) = VIETNAM.from_local_datetime(&day.and_time(start)).single() else {
                continue;
            };
            crate::experiences::insert_session(
                db,
                (variant.product_id, variant.cooperative_id),
                at.with_timezone(&Utc),
                demo.capacity,
                now,
            )
            .await?;
        }
        added += 1;
    }
    Ok(added)
}
