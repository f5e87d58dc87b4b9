//! The demo cooperatives' yearly figures.

use chrono::{DateTime, Utc};
use entity::cooperatives;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::Result;

/// A year's figures of a demo cooperative: slug, year, members (women,
/// ethnic minorities), workers (regular, seasonal), average monthly income,
/// year founded, where they stand, the union's note.
type DemoFigures = (
    &'static str,
    i32,
    [i32; 3],
    [i32; 2],
    i64,
    i32,
    entity::cooperative_figures::Status,
    Option<&'static str>,
);

/// The cooperatives' figures: last year's verified for most (what their
/// pages show), one report waiting for union staff and one sent back.
const DEMO_FIGURES: [DemoFigures; 9] = {
    use entity::cooperative_figures::Status::{NeedsCorrection, Pending, Verified};
    [
        (
            "bao-la",
            2024,
            [84, 55, 0],
            [110, 36],
            4_800_000,
            2008,
            Verified,
            None,
        ),
        (
            "bao-la",
            2025,
            [88, 58, 0],
            [112, 38],
            5_000_000,
            2008,
            Verified,
            None,
        ),
        (
            "thanh-binh",
            2025,
            [15, 13, 0],
            [18, 2],
            9_500_000,
            2015,
            Verified,
            None,
        ),
        (
            "dieu-khanh",
            2025,
            [23, 21, 0],
            [20, 3],
            8_000_000,
            2017,
            Verified,
            None,
        ),
        (
            "a-luoi-nong-nghiep-an-toan",
            2025,
            [35, 17, 29],
            [24, 36],
            4_200_000,
            2016,
            Verified,
            None,
        ),
        (
            "azakooh",
            2025,
            [40, 38, 40],
            [30, 15],
            3_500_000,
            2018,
            Verified,
            None,
        ),
        (
            "a-so",
            2025,
            [52, 24, 41],
            [30, 40],
            3_800_000,
            2014,
            Verified,
            None,
        ),
        (
            "cntt-hue",
            2025,
            [12, 4, 0],
            [18, 0],
            13_000_000,
            2019,
            Pending,
            None,
        ),
        (
            "kazan",
            2025,
            [20, 12, 20],
            [10, 20],
            4_000_000,
            2021,
            NeedsCorrection,
            Some(
                "Số lao động thời vụ (20) lớn hơn số lượt khách cả năm báo cáo; hợp tác xã kiểm tra lại giúp.",
            ),
        ),
    ]
};

/// Seeds the cooperatives' yearly figures (added once) and shows the
/// latest verified year on each cooperative's page.
pub(super) async fn seed_figures(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<()> {
    use entity::cooperative_figures as figures;
    for (
        slug,
        year,
        [members, women, minority],
        [regular, seasonal],
        income,
        founded,
        status,
        note,
    ) in DEMO_FIGURES
    {
        let Some(coop) = cooperatives::Entity::find()
            .filter(cooperatives::Column::Slug.eq(slug))
            .one(db)
            .await?
        else {
            continue;
        };
        let exists = figures::Entity::find()
            .filter(figures::Column::CooperativeId.eq(coop.id))
            .filter(figures::Column::Year.eq(year))
            .one(db)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let reported_on = chrono::NaiveDate::from_ymd_opt(year + 1, 1, 20).unwrap_or_default();
        let reviewed = status != figures::Status::Pending;
        figures::Entity::insert(figures::ActiveModel {
            id: Set(Uuid::now_v7()),
            cooperative_id: Set(coop.id),
            year: Set(year),
            members: Set(members),
            members_women: Set(women),
            members_ethnic_minority: Set(minority),
            workers_regular: Set(regular),
            workers_seasonal: Set(seasonal),
            average_monthly_income_vnd: Set(income),
            founded_year: Set(Some(founded)),
            reported_on: Set(reported_on.min(now.date_naive())),
            reported_by: Set(coop.owner_id),
            status: Set(status),
            review_note: Set(note.map(str::to_owned)),
            reviewed_by: Set(None),
            reviewed_at: Set(reviewed.then_some(now)),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
        if status == figures::Status::Verified {
            crate::figures::show_latest_verified(db, coop.id).await?;
        }
    }
    Ok(())
}
