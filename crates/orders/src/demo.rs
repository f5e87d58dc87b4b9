//! Demo orders, so that `make run` shows how money and parcels move: made
//! through the same service calls a shopper, a cooperative and union staff
//! make, on the demo catalogue, once (nothing is added when the market has
//! orders already).
//!
//! - a guest's one transfer for orders of Bao La and A Sò, waiting for
//!   the union to see the money (Bao La may not pack it yet);
//! - the demo shopper's cash-on-delivery basket from Bao La, shipped, cash
//!   to collect;
//! - a transfer confirmed by union staff, packed by Bao La;
//! - an order union staff let A Lưới prepare before its money came;
//! - a paid order Bao La had to cancel, waiting for its refund;
//! - a bank statement read by staff: a transfer for an order the buyer
//!   cancelled first, one with more than was asked, and a credit naming
//!   no order — all held for the buyers, on the "to refund" list;
//! - a year of Bao La's past sales to buyers in Huế, Đà Nẵng, Hà Nội,
//!   Hồ Chí Minh City and Quảng Trị, on cash on delivery and transfers,
//!   each packed, shipped and delivered, dated back month by month so
//!   that the union's dashboard has months to draw; some reviewed by their
//!   buyers, most answered by Bao La, one reported and waiting for staff,
//!   one hidden by staff (see [`crate::reviews::demo`]);
//! - community tourism at Kazan: a family's weaving day booked with a Bao
//!   La basket in the same cart and paid by transfer, a homestay night
//!   paid, and the demo shopper's forest trek waiting for its transfer.

use accounts::Actor;
use chrono::{Duration, Months, Utc};
use entity::{order_events, orders, product_variants};
use kernel::{ProductId, VariantId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::lifecycle::TransitionInput;
use crate::reviews::demo::PastOrder;
use crate::{
    AddressInput, BookingInput, BuyerProof, CartOwner, CheckoutInput, CheckoutReceipt,
    ContactInput, Error, Orders, ReleaseInput, Result,
};

/// The demo accounts the orders are made by.
pub struct DemoPeople {
    /// Union staff (`nhanvien@hoptac.demo`).
    pub staff: Actor,
    /// The owner of the Bao La cooperative (`baola@hoptac.demo`).
    pub baola: Actor,
    /// The demo shopper (`khach@hoptac.demo`).
    pub shopper: Actor,
    /// The host of the Kazan community-tourism cooperative
    /// (`kazan@hoptac.demo`).
    pub kazan: Actor,
}

/// A buyer of the demo.
struct Buyer {
    name: &'static str,
    email: &'static str,
    phone: &'static str,
    street: &'static str,
    ward: &'static str,
    district: &'static str,
    province: &'static str,
}

const HOA: Buyer = Buyer {
    name: "Trần Thị Hoa",
    email: "hoa.tran@example.vn",
    phone: "0905 214 377",
    street: "18 Nguyễn Huệ",
    ward: "Phường Vĩnh Ninh",
    district: "Quận Thuận Hóa",
    province: "Thành phố Huế",
};
const KHACH: Buyer = Buyer {
    name: "Khách Hợp Tác",
    email: "khach@hoptac.demo",
    phone: "0912 345 678",
    street: "5 Hàng Bạc",
    ward: "Phường Hàng Bạc",
    district: "Quận Hoàn Kiếm",
    province: "Hà Nội",
};
const NAM: Buyer = Buyer {
    name: "Lê Văn Nam",
    email: "nam.le@example.vn",
    phone: "0935 880 112",
    street: "42 Lê Lợi",
    ward: "Phường Thạch Thang",
    district: "Quận Hải Châu",
    province: "Thành phố Đà Nẵng",
};
const THU: Buyer = Buyer {
    name: "Phạm Minh Thu",
    email: "thu.pham@example.vn",
    phone: "0989 602 441",
    street: "7 Điện Biên Phủ",
    ward: "Phường Đa Kao",
    district: "Quận 1",
    province: "Thành phố Hồ Chí Minh",
};
const KHOA: Buyer = Buyer {
    name: "Võ Minh Khoa",
    email: "khoa.vo@example.vn",
    phone: "0914 006 559",
    street: "3 Trần Hưng Đạo",
    ward: "Phường Phú Hội",
    district: "Quận Thuận Hóa",
    province: "Thành phố Huế",
};

const LAN: Buyer = Buyer {
    name: "Hoàng Thị Lan",
    email: "lan.hoang@example.vn",
    phone: "0233 385 2210",
    street: "21 Hùng Vương",
    ward: "Phường 1",
    district: "Thành phố Đông Hà",
    province: "Quảng Trị",
};

/// A past sale: months back, buyer, lines (SKU, quantity), payment, days
/// from placed to delivered.
type PastSale = (
    u32,
    &'static Buyer,
    &'static [(&'static str, i32)],
    &'static str,
    i64,
);

/// Bao La's past sales.
const HISTORY: [PastSale; 14] = [
    (11, &HOA, &[("BL-MAM-45", 1)], "cod", 3),
    (10, &NAM, &[("BL-DIA-30", 2)], "cod", 4),
    (9, &THU, &[("BL-GIONAP-M", 1)], "bank_transfer", 6),
    (8, &KHOA, &[("BL-DIA-30", 1), ("BL-MAM-35", 1)], "cod", 2),
    (7, &LAN, &[("BL-KHAY-40", 1)], "cod", 3),
    (6, &HOA, &[("BL-CHAO-30", 1)], "bank_transfer", 3),
    (6, &NAM, &[("BL-DIA-30", 3)], "cod", 4),
    (5, &KHACH, &[("BL-GIONAP-S", 1)], "bank_transfer", 5),
    (4, &THU, &[("BL-MAM-45", 2)], "cod", 7),
    (3, &KHOA, &[("BL-HOP-NHO", 2)], "cod", 2),
    (3, &LAN, &[("BL-DIA-30", 1)], "cod", 3),
    (
        2,
        &HOA,
        &[("BL-KHAY-30", 1), ("BL-DIA-30", 1)],
        "bank_transfer",
        3,
    ),
    (2, &NAM, &[("BL-LBTRE-70", 1)], "cod", 4),
    (1, &THU, &[("BL-GIOQA-M", 1)], "cod", 6),
];

/// A box of VietGAP vegetables from A Lưới.
const RELEASED_SKU: &str = "AL-RAU-3KG";

/// A checkout paying only the bookings' deposits now.
fn deposit_input(buyer: &Buyer, method: &str) -> CheckoutInput {
    CheckoutInput {
        deposit: true,
        ..input(buyer, method)
    }
}

fn input(buyer: &Buyer, method: &str) -> CheckoutInput {
    CheckoutInput {
        contact: ContactInput {
            name: buyer.name.into(),
            email: buyer.email.into(),
            phone: buyer.phone.into(),
        },
        shipping_address: AddressInput {
            province: buyer.province.into(),
            district: buyer.district.into(),
            ward: buyer.ward.into(),
            street: buyer.street.into(),
            ..AddressInput::default()
        },
        payment_method: method.into(),
        deposit: false,
    }
}

/// Adds the demo orders; returns how many orders it made (none when the
/// market has orders already, or the demo catalogue is missing).
pub async fn seed(service: &Orders, people: &DemoPeople) -> Result<usize> {
    if orders::Entity::find().count(&service.db).await? > 0 {
        return Ok(0);
    }
    let demo = Demo {
        service,
        people,
        carts: std::sync::atomic::AtomicUsize::new(0),
    };
    demo.run().await?;
    Ok(usize::try_from(orders::Entity::find().count(&service.db).await?).unwrap_or(0))
}

struct Demo<'a> {
    service: &'a Orders,
    people: &'a DemoPeople,
    carts: std::sync::atomic::AtomicUsize,
}

impl Demo<'_> {
    async fn run(&self) -> Result<()> {
        let staff = &self.people.staff;
        let baola = &self.people.baola;
        self.history().await?;

        // one transfer for two cooperatives, not yet seen by the union
        self.guest(
            &HOA,
            &[("BL-LBTRE-60", 1), ("AS-MAT-500", 1)],
            "bank_transfer",
        )
        .await?;

        // cash on delivery: shipped, the courier brings the cash
        let cod = self
            .shopper(&[("BL-GIONAP-S", 1), ("BL-QUA-LE", 2)], "cod")
            .await?;
        let order = cod.orders[0].id;
        self.step(baola, order, "packed", None).await?;
        self.step(
            baola,
            order,
            "shipped",
            Some(("Viettel Post", "VTP6201184537")),
        )
        .await?;

        // a transfer union staff saw in the account; Bao La packs it
        let paid = self.shopper(&[("BL-MAM-35", 2)], "bank_transfer").await?;
        self.service
            .confirm_payment(staff, paid.payment.id, None)
            .await?;
        self.step(baola, paid.orders[0].id, "packed", None).await?;

        // released by staff before its money came: A Lưới may prepare it
        let released = self
            .guest(&NAM, &[(RELEASED_SKU, 2)], "bank_transfer")
            .await?;
        self.service
            .release_for_fulfilment(
                staff,
                released.orders[0].id,
                &ReleaseInput {
                    reason: "Khách gửi biên lai chuyển khoản của Vietcombank; ngân hàng báo tiền về chậm một ngày vì nghỉ lễ.".into(),
                },
            )
            .await?;

        // paid, then the cooperative could not make it: to refund
        let cancelled = self.shopper(&[("BL-PICNIC", 1)], "bank_transfer").await?;
        self.service
            .confirm_payment(staff, cancelled.payment.id, Some("demo-confirm-picnic"))
            .await?;
        self.service
            .transition(
                baola,
                cancelled.orders[0].id,
                &TransitionInput {
                    to: "cancelled".into(),
                    reason: Some(
                        "Mẫu giỏ picnic này đang hết nan mây loại một, phải hai tháng nữa mới đan được; đã gọi điện báo khách."
                            .into(),
                    ),
                    ..TransitionInput::default()
                },
            )
            .await?;

        // a bank statement: a transfer after the buyer cancelled, one with
        // more than was asked, and a credit that names no order
        let late = self
            .guest(&THU, &[("BL-HOP-NHO", 1)], "bank_transfer")
            .await?;
        let tokens = vec![late.access_token.clone().unwrap_or_default()];
        self.service
            .cancel_by_buyer(
                &BuyerProof::new(None, &tokens),
                late.orders[0].id,
                Some("Tôi đặt nhầm cỡ, sẽ đặt lại sau."),
            )
            .await?;
        let over = self
            .guest(&KHOA, &[("BL-KHAY-30", 1)], "bank_transfer")
            .await?;
        let statement = format!(
            "Ngày giao dịch;Số tiền ghi có;Nội dung\n\
             05/12/2026;{};{} PHAM MINH THU chuyen tien\n\
             05/12/2026;{};VO MINH KHOA CK {} don hang\n\
             06/12/2026;200.000;CK tien hang HTX\n",
            late.total.amount,
            late.payment.reference,
            over.total.amount + 50_000,
            over.payment.reference,
        );
        self.service
            .import_statement(staff, statement.as_bytes(), true)
            .await?;
        self.bookings().await
    }

    /// Kazan's bookings: sessions of its experiences, one with goods from
    /// Bao La in the same cart.
    async fn bookings(&self) -> Result<()> {
        let staff = &self.people.staff;
        let family = CartOwner::Guest("cart_demo_booking_family".into());
        self.book(&family, "KZ-DET-1", 2, 2, 1).await?;
        let weaving = self
            .buy(&family, &HOA, &[("BL-GIONAP-S", 1)], "bank_transfer")
            .await?;
        self.service
            .confirm_payment(staff, weaving.payment.id, Some("demo-confirm-weaving"))
            .await?;
        // a homestay night with a 30% deposit: the rest is paid at the
        // stilt house
        let couple = CartOwner::Guest("cart_demo_booking_couple".into());
        self.book(&couple, "KZ-HOME-1", 1, 2, 0).await?;
        let homestay = self
            .pay(&couple, &deposit_input(&KHOA, "bank_transfer"))
            .await?;
        self.service
            .confirm_payment(staff, homestay.payment.id, Some("demo-confirm-homestay"))
            .await?;
        // a forest trek's deposit, paid; Kazan collected the rest when the
        // group came
        let trek = CartOwner::Guest("cart_demo_booking_trek".into());
        self.book(&trek, "KZ-RUNG-1", 1, 3, 0).await?;
        let trekked = self
            .pay(&trek, &deposit_input(&HOA, "bank_transfer"))
            .await?;
        self.service
            .confirm_payment(staff, trekked.payment.id, Some("demo-confirm-trek"))
            .await?;
        for order in &trekked.orders {
            self.service
                .collect_balance(&self.people.kazan, order.id)
                .await?;
        }
        // the demo shopper's trek for 4, its deposit still to transfer
        let shopper = CartOwner::User(self.people.shopper.user_id);
        self.book(&shopper, "KZ-RUNG-1", 0, 4, 0).await?;
        self.pay(&shopper, &deposit_input(&KHACH, "bank_transfer"))
            .await?;
        Ok(())
    }

    /// Puts in `owner`'s cart the `nth` open session of the experience
    /// whose first variant is `sku`, for `adults` and `children`.
    async fn book(
        &self,
        owner: &CartOwner,
        sku: &str,
        nth: usize,
        adults: i32,
        children: i32,
    ) -> Result<()> {
        let variant = product_variants::Entity::find()
            .filter(product_variants::Column::Sku.eq(sku))
            .one(&self.service.db)
            .await?
            .ok_or(Error::ProductUnavailable)?;
        let experience =
            catalog::Catalog::experience_in(&self.service.db, ProductId(variant.product_id))
                .await?
                .ok_or(Error::ProductUnavailable)?;
        let session = experience
            .sessions
            .get(nth)
            .ok_or(Error::ProductUnavailable)?;
        self.service
            .add_booking_to_cart(
                owner,
                &BookingInput {
                    session_id: Some(session.id),
                    adults,
                    children,
                },
            )
            .await?;
        Ok(())
    }

    /// Bao La's past sales, delivered, dated back (see [`HISTORY`]).
    async fn history(&self) -> Result<()> {
        let staff = &self.people.staff;
        let baola = &self.people.baola;
        let now = Utc::now();
        let mut past = Vec::with_capacity(HISTORY.len());
        for (i, (months, buyer, lines, method, days)) in HISTORY.into_iter().enumerate() {
            let receipt = self.guest(buyer, lines, method).await?;
            if method == "bank_transfer" {
                let key = format!("demo-history-{i}");
                self.service
                    .confirm_payment(staff, receipt.payment.id, Some(&key))
                    .await?;
            }
            let Some(order) = receipt.orders.first().map(|o| o.id) else {
                continue;
            };
            let tracking = format!("VTP62{:08}", 1_104_000 + i * 7_919);
            self.step(baola, order, "packed", None).await?;
            self.step(baola, order, "shipped", Some(("Viettel Post", &tracking)))
                .await?;
            self.step(baola, order, "delivered", None).await?;
            // the order and its steps as they happened: placed that many
            // months ago (in the afternoon), packed the next day, shipped
            // the day after, delivered `days` after it was placed
            let placed = now.checked_sub_months(Months::new(months)).unwrap_or(now)
                - Duration::days(i64::try_from(i % 9).unwrap_or(0));
            orders::Entity::update_many()
                .col_expr(orders::Column::CreatedAt, Expr::value(placed))
                .col_expr(
                    orders::Column::UpdatedAt,
                    Expr::value(placed + Duration::days(days)),
                )
                .filter(orders::Column::Id.eq(order))
                .exec(&self.service.db)
                .await?;
            for (to, after) in [
                ("pending_payment", Duration::zero()),
                ("confirmed", Duration::hours(2)),
                ("packed", Duration::days(1)),
                ("shipped", Duration::days(2).min(Duration::days(days))),
                ("delivered", Duration::days(days)),
            ] {
                order_events::Entity::update_many()
                    .col_expr(order_events::Column::CreatedAt, Expr::value(placed + after))
                    .filter(order_events::Column::OrderId.eq(order))
                    .filter(order_events::Column::ToStatus.eq(to))
                    .exec(&self.service.db)
                    .await?;
            }
            past.push(PastOrder {
                index: i,
                order,
                email: buyer.email,
                delivered_at: placed + Duration::days(days),
            });
        }
        crate::reviews::demo::seed(self.service, self.people, &past).await?;
        // the history was written back in time, behind the day sums
        self.service.forget_market_days().await
    }

    /// A guest's checkout of `lines` (SKU, quantity).
    async fn guest(
        &self,
        buyer: &Buyer,
        lines: &[(&str, i32)],
        method: &str,
    ) -> Result<CheckoutReceipt> {
        let n = self
            .carts
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let owner = CartOwner::Guest(format!("cart_demo_{n}_{}", buyer.email));
        self.buy(&owner, buyer, lines, method).await
    }

    /// The demo shopper's checkout.
    async fn shopper(&self, lines: &[(&str, i32)], method: &str) -> Result<CheckoutReceipt> {
        let owner = CartOwner::User(self.people.shopper.user_id);
        self.buy(&owner, &KHACH, lines, method).await
    }

    async fn buy(
        &self,
        owner: &CartOwner,
        buyer: &Buyer,
        lines: &[(&str, i32)],
        method: &str,
    ) -> Result<CheckoutReceipt> {
        for (sku, quantity) in lines {
            let variant = product_variants::Entity::find()
                .filter(product_variants::Column::Sku.eq(*sku))
                .one(&self.service.db)
                .await?
                .ok_or(Error::ProductUnavailable)?;
            self.service
                .add_to_cart(owner, VariantId(variant.id), *quantity)
                .await?;
        }
        self.pay(owner, &input(buyer, method)).await
    }

    /// Checks out `owner`'s cart as it is.
    async fn pay(&self, owner: &CartOwner, input: &CheckoutInput) -> Result<CheckoutReceipt> {
        let buyer_actor = match owner {
            CartOwner::User(_) => Some(&self.people.shopper),
            CartOwner::Guest(_) => None,
        };
        self.service.checkout(owner, buyer_actor, input, None).await
    }

    async fn step(
        &self,
        actor: &Actor,
        order: uuid::Uuid,
        to: &str,
        shipping: Option<(&str, &str)>,
    ) -> Result<()> {
        self.service
            .transition(
                actor,
                order,
                &TransitionInput {
                    to: to.into(),
                    carrier: shipping.map(|s| s.0.into()),
                    tracking: shipping.map(|s| s.1.into()),
                    reason: None,
                },
            )
            .await?;
        Ok(())
    }
}
