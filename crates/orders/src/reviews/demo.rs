//! Demo reviews of Bao La's past sales, written through the same calls as
//! buyers, the cooperative and staff make: stars from one to five in
//! Vietnamese, most answered by Bao La, one reported and waiting in the
//! union's queue, one hidden by staff with its reason; dated a couple of
//! days after each delivery.

use chrono::{DateTime, Duration, Utc};
use entity::{order_items, reviews};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{ReviewDecision, ReviewInput};
use crate::demo::DemoPeople;
use crate::{BuyerProof, Orders, Result};

/// A delivered order of the demo's history.
pub(crate) struct PastOrder {
    /// Its place in the history.
    pub index: usize,
    /// The order.
    pub order: Uuid,
    /// Its buyer's e-mail, which opens it.
    pub email: &'static str,
    /// When it was delivered.
    pub delivered_at: DateTime<Utc>,
}

/// (order in the history, stars, text, Bao La's reply).
const REVIEWS: [(usize, u8, &str, Option<&str>); 7] = [
    (
        0,
        5,
        "Mâm đan dày, chắc tay, màu mây tự nhiên rất đẹp. Tết vừa rồi bày trái cây lên ai đến nhà cũng hỏi mua ở đâu.",
        Some("Cảm ơn chị Hoa đã ủng hộ HTX Bao La! Chúc gia đình chị năm mới an khang."),
    ),
    (
        1,
        4,
        "Đĩa mây đẹp, giao nhanh. Một chiếc hơi lệch nan ở mép nhưng dùng không sao.",
        Some("Cảm ơn anh Nam đã góp ý, tổ đan sẽ kiểm tra kỹ mép đĩa hơn trước khi đóng gói."),
    ),
    (
        3,
        5,
        "Mua tặng đối tác Nhật Bản, họ rất thích vì làm thủ công, không có mùi hóa chất. Đóng gói cẩn thận.",
        None,
    ),
    (
        4,
        3,
        "Khay đẹp nhưng giao chậm hơn dự kiến hai ngày.",
        Some("Xin lỗi chị Lan, đợt đó mưa lớn ở Phong Điền nên bên vận chuyển lấy hàng trễ."),
    ),
    (
        6,
        5,
        "Mua lần thứ hai, chất lượng vẫn như lần trước. Sẽ giới thiệu cho bạn bè ở Đà Nẵng.",
        Some("Cảm ơn anh Nam đã quay lại với HTX!"),
    ),
    (
        8,
        2,
        "Giao chậm, gọi số 0905 777 123 của anh giao hàng mấy lần không ai nghe.",
        None,
    ),
    (
        10,
        1,
        "Hàng bình thường!!! Liên hệ Zalo 0987 000 111 để mua rẻ hơn ngoài chợ.",
        None,
    ),
];

/// The review someone reported, left for staff (order in the history,
/// reason).
const REPORTED: (usize, &str) = (8, "Đăng số điện thoại cá nhân của người giao hàng.");

/// The review staff hid (order in the history, report, reason).
const HIDDEN: (usize, &str, &str) = (
    10,
    "Quảng cáo bán hàng ngoài sàn.",
    "Quảng cáo và số liên lạc riêng, không phải nhận xét về sản phẩm.",
);

/// Writes the demo's reviews of `past` orders.
pub(crate) async fn seed(service: &Orders, people: &DemoPeople, past: &[PastOrder]) -> Result<()> {
    let mut written = Vec::new();
    for (index, stars, body, reply) in REVIEWS {
        let Some(p) = past.iter().find(|p| p.index == index) else {
            continue;
        };
        let Some(line) = order_items::Entity::find()
            .filter(order_items::Column::OrderId.eq(p.order))
            .one(&service.db)
            .await?
        else {
            continue;
        };
        let proof = BuyerProof::default().with_email(Some(p.email));
        let input = ReviewInput {
            rating: stars.to_string(),
            body: body.to_owned(),
        };
        let review = service
            .write_review(&proof, p.order, line.id, &input, Vec::new())
            .await?;
        let at = p.delivered_at + Duration::days(2);
        reviews::Entity::update_many()
            .col_expr(reviews::Column::CreatedAt, Expr::value(at))
            .col_expr(reviews::Column::UpdatedAt, Expr::value(at))
            .filter(reviews::Column::Id.eq(review.id))
            .exec(&service.db)
            .await?;
        if let Some(reply) = reply {
            service
                .reply_to_review(&people.baola, review.id, reply)
                .await?;
            reviews::Entity::update_many()
                .col_expr(
                    reviews::Column::RepliedAt,
                    Expr::value(Some(at + Duration::days(1))),
                )
                .filter(reviews::Column::Id.eq(review.id))
                .exec(&service.db)
                .await?;
        }
        written.push((index, review.id));
    }
    let review_of = |index: usize| written.iter().find(|(i, _)| *i == index).map(|(_, id)| *id);
    if let Some(id) = review_of(REPORTED.0) {
        service.report_review(None, id, REPORTED.1).await?;
    }
    if let Some(id) = review_of(HIDDEN.0) {
        service.report_review(None, id, HIDDEN.1).await?;
        service
            .decide_review(
                &people.staff,
                id,
                &ReviewDecision::Hide {
                    reason: HIDDEN.2.to_owned(),
                },
            )
            .await?;
    }
    Ok(())
}
