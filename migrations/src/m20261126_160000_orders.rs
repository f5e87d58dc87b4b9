//! Carts, checkouts, orders per cooperative with their lines and timeline,
//! shipping rules, payments as checkout starts them, and idempotency keys.
//!
//! Stock is taken from `product_variants.stock`, whose `CHECK (stock >= 0)`
//! (from the catalogue migration) stands behind the conditional update.

use sea_orm_migration::prelude::*;

use crate::util::{fk, index, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Carts {
    Table,
    Id,
    TokenHash,
    UserId,
}

#[derive(DeriveIden, Clone, Copy)]
enum CartItems {
    Table,
    Id,
    CartId,
    VariantId,
    Quantity,
}

#[derive(DeriveIden, Clone, Copy)]
enum Checkouts {
    Table,
    Id,
    BuyerId,
    Email,
    Name,
    Phone,
    Address,
    International,
    PaymentMethod,
    ItemsTotalVnd,
    ShippingTotalVnd,
    TotalVnd,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Orders {
    Table,
    Id,
    Number,
    CheckoutId,
    CooperativeId,
    BuyerId,
    BuyerEmail,
    BuyerName,
    BuyerPhone,
    Address,
    International,
    Status,
    PaymentMethod,
    PaymentStatus,
    ItemsTotalVnd,
    ShippingFeeVnd,
    TotalVnd,
    WeightGrams,
    Carrier,
    TrackingNumber,
    CancelReason,
    StockReturned,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderItems {
    Table,
    Id,
    OrderId,
    ProductId,
    VariantId,
    Sku,
    Title,
    Options,
    ImageUrl,
    UnitPriceVnd,
    Quantity,
    LineTotalVnd,
    WeightGrams,
    MadeToOrder,
    LeadTimeDays,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderEvents {
    Table,
    Id,
    OrderId,
    FromStatus,
    ToStatus,
    ActorKind,
    ActorId,
    Note,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ShippingRules {
    Table,
    Id,
    CooperativeId,
    Zone,
    Kind,
    FeeVnd,
    MinGrams,
    MaxGrams,
    ThresholdVnd,
}

#[derive(DeriveIden, Clone, Copy)]
enum Payments {
    Table,
    Id,
    CheckoutId,
    Method,
    Status,
    AmountVnd,
    Reference,
}

#[derive(DeriveIden, Clone, Copy)]
enum IdempotencyKeys {
    Table,
    Id,
    Scope,
    Key,
    RequestHash,
    ResponseStatus,
    Response,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(Carts::Table)
                        .col(ColumnDef::new(Carts::Id).uuid().not_null().primary_key())
                        // a guest's cart: the SHA-256 of the cookie's token
                        .col(ColumnDef::new(Carts::TokenHash).string_len(64).null())
                        // a signed-in shopper's cart
                        .col(ColumnDef::new(Carts::UserId).uuid().null())
                        .foreign_key(&mut fk(
                            "carts",
                            "user_id",
                            "users",
                            ForeignKeyAction::Cascade,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index("carts", &["token_hash"]).unique().to_owned())
            .await?;
        manager
            .create_index(index("carts", &["user_id"]).unique().to_owned())
            .await?;
        manager
            .create_index(index("carts", &["updated_at"]).to_owned())
            .await?;

        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(CartItems::Table)
                        .col(
                            ColumnDef::new(CartItems::Id)
                                .uuid()
                                .not_null()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(CartItems::CartId).uuid().not_null())
                        .col(ColumnDef::new(CartItems::VariantId).uuid().not_null())
                        .col(
                            ColumnDef::new(CartItems::Quantity)
                                .integer()
                                .not_null()
                                .check((
                                    "ck_cart_items_quantity",
                                    Expr::col(CartItems::Quantity).gte(1),
                                )),
                        )
                        .foreign_key(&mut fk(
                            "cart_items",
                            "cart_id",
                            "carts",
                            ForeignKeyAction::Cascade,
                        ))
                        .foreign_key(&mut fk(
                            "cart_items",
                            "variant_id",
                            "product_variants",
                            ForeignKeyAction::Cascade,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("cart_items", &["cart_id", "variant_id"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("cart_items", &["variant_id"]).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Checkouts::Table)
                    .col(
                        ColumnDef::new(Checkouts::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Checkouts::BuyerId).uuid().null())
                    .col(ColumnDef::new(Checkouts::Email).string_len(254).not_null())
                    .col(ColumnDef::new(Checkouts::Name).string_len(120).not_null())
                    .col(ColumnDef::new(Checkouts::Phone).string_len(32).not_null())
                    .col(ColumnDef::new(Checkouts::Address).json_binary().not_null())
                    .col(
                        ColumnDef::new(Checkouts::International)
                            .boolean()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Checkouts::PaymentMethod)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Checkouts::ItemsTotalVnd)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Checkouts::ShippingTotalVnd)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Checkouts::TotalVnd).big_integer().not_null())
                    .col(
                        ColumnDef::new(Checkouts::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "checkouts",
                        "buyer_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(Orders::Table)
                        .col(ColumnDef::new(Orders::Id).uuid().not_null().primary_key())
                        .col(ColumnDef::new(Orders::Number).string_len(32).not_null())
                        .col(ColumnDef::new(Orders::CheckoutId).uuid().not_null())
                        .col(ColumnDef::new(Orders::CooperativeId).uuid().not_null())
                        .col(ColumnDef::new(Orders::BuyerId).uuid().null())
                        .col(
                            ColumnDef::new(Orders::BuyerEmail)
                                .string_len(254)
                                .not_null(),
                        )
                        .col(ColumnDef::new(Orders::BuyerName).string_len(120).not_null())
                        .col(ColumnDef::new(Orders::BuyerPhone).string_len(32).not_null())
                        .col(ColumnDef::new(Orders::Address).json_binary().not_null())
                        .col(ColumnDef::new(Orders::International).boolean().not_null())
                        .col(ColumnDef::new(Orders::Status).string_len(24).not_null())
                        .col(
                            ColumnDef::new(Orders::PaymentMethod)
                                .string_len(16)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(Orders::PaymentStatus)
                                .string_len(16)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(Orders::ItemsTotalVnd)
                                .big_integer()
                                .not_null(),
                        )
                        // null: to be quoted by the cooperative
                        .col(ColumnDef::new(Orders::ShippingFeeVnd).big_integer().null())
                        .col(ColumnDef::new(Orders::TotalVnd).big_integer().not_null())
                        .col(ColumnDef::new(Orders::WeightGrams).integer().not_null())
                        .col(ColumnDef::new(Orders::Carrier).string_len(80).null())
                        .col(ColumnDef::new(Orders::TrackingNumber).string_len(80).null())
                        .col(ColumnDef::new(Orders::CancelReason).text().null())
                        // set in the same update that gives the stock back, so
                        // it is given back once
                        .col(
                            ColumnDef::new(Orders::StockReturned)
                                .boolean()
                                .not_null()
                                .default(false),
                        )
                        .col(
                            ColumnDef::new(Orders::ExpiresAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .foreign_key(&mut fk(
                            "orders",
                            "checkout_id",
                            "checkouts",
                            ForeignKeyAction::Restrict,
                        ))
                        .foreign_key(&mut fk(
                            "orders",
                            "cooperative_id",
                            "cooperatives",
                            ForeignKeyAction::Restrict,
                        ))
                        .foreign_key(&mut fk(
                            "orders",
                            "buyer_id",
                            "users",
                            ForeignKeyAction::SetNull,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index("orders", &["number"]).unique().to_owned())
            .await?;
        for columns in [
            &["checkout_id"][..],
            &["cooperative_id", "created_at"],
            &["buyer_id", "created_at"],
            &["buyer_email"],
            &["status", "expires_at"],
        ] {
            manager
                .create_index(index("orders", columns).to_owned())
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(OrderItems::Table)
                    .col(
                        ColumnDef::new(OrderItems::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(OrderItems::OrderId).uuid().not_null())
                    .col(ColumnDef::new(OrderItems::ProductId).uuid().null())
                    .col(ColumnDef::new(OrderItems::VariantId).uuid().null())
                    .col(ColumnDef::new(OrderItems::Sku).string_len(64).not_null())
                    .col(ColumnDef::new(OrderItems::Title).json_binary().not_null())
                    .col(ColumnDef::new(OrderItems::Options).json_binary().not_null())
                    .col(ColumnDef::new(OrderItems::ImageUrl).string_len(500).null())
                    .col(
                        ColumnDef::new(OrderItems::UnitPriceVnd)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OrderItems::Quantity)
                            .integer()
                            .not_null()
                            .check((
                                "ck_order_items_quantity",
                                Expr::col(OrderItems::Quantity).gte(1),
                            )),
                    )
                    .col(
                        ColumnDef::new(OrderItems::LineTotalVnd)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(OrderItems::WeightGrams).integer().null())
                    .col(ColumnDef::new(OrderItems::MadeToOrder).boolean().not_null())
                    .col(ColumnDef::new(OrderItems::LeadTimeDays).integer().null())
                    .col(
                        ColumnDef::new(OrderItems::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "order_items",
                        "order_id",
                        "orders",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "order_items",
                        "product_id",
                        "products",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "order_items",
                        "variant_id",
                        "product_variants",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("order_items", &["order_id"]).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderEvents::Table)
                    .col(
                        ColumnDef::new(OrderEvents::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(OrderEvents::OrderId).uuid().not_null())
                    .col(
                        ColumnDef::new(OrderEvents::FromStatus)
                            .string_len(24)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(OrderEvents::ToStatus)
                            .string_len(24)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OrderEvents::ActorKind)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(OrderEvents::ActorId).uuid().null())
                    .col(ColumnDef::new(OrderEvents::Note).text().null())
                    .col(
                        ColumnDef::new(OrderEvents::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "order_events",
                        "order_id",
                        "orders",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("order_events", &["order_id", "created_at"]).to_owned())
            .await?;

        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(ShippingRules::Table)
                        .col(
                            ColumnDef::new(ShippingRules::Id)
                                .uuid()
                                .not_null()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(ShippingRules::CooperativeId)
                                .uuid()
                                .not_null(),
                        )
                        // domestic | international
                        .col(
                            ColumnDef::new(ShippingRules::Zone)
                                .string_len(16)
                                .not_null(),
                        )
                        // flat | weight | free_over
                        .col(
                            ColumnDef::new(ShippingRules::Kind)
                                .string_len(16)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(ShippingRules::FeeVnd)
                                .big_integer()
                                .not_null()
                                .check((
                                    "ck_shipping_rules_fee",
                                    Expr::col(ShippingRules::FeeVnd).gte(0),
                                )),
                        )
                        .col(ColumnDef::new(ShippingRules::MinGrams).integer().null())
                        .col(ColumnDef::new(ShippingRules::MaxGrams).integer().null())
                        .col(
                            ColumnDef::new(ShippingRules::ThresholdVnd)
                                .big_integer()
                                .null(),
                        )
                        .foreign_key(&mut fk(
                            "shipping_rules",
                            "cooperative_id",
                            "cooperatives",
                            ForeignKeyAction::Cascade,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index("shipping_rules", &["cooperative_id"]).to_owned())
            .await?;

        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(Payments::Table)
                        .col(ColumnDef::new(Payments::Id).uuid().not_null().primary_key())
                        .col(ColumnDef::new(Payments::CheckoutId).uuid().not_null())
                        .col(ColumnDef::new(Payments::Method).string_len(16).not_null())
                        // pending | paid | failed | cancelled
                        .col(ColumnDef::new(Payments::Status).string_len(16).not_null())
                        .col(ColumnDef::new(Payments::AmountVnd).big_integer().not_null())
                        // what a bank transfer's memo carries
                        .col(
                            ColumnDef::new(Payments::Reference)
                                .string_len(32)
                                .not_null(),
                        )
                        .foreign_key(&mut fk(
                            "payments",
                            "checkout_id",
                            "checkouts",
                            ForeignKeyAction::Cascade,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index("payments", &["checkout_id"]).to_owned())
            .await?;
        manager
            .create_index(index("payments", &["reference"]).unique().to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(
                        ColumnDef::new(IdempotencyKeys::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    // whose key: "user:<id>" or "cart:<id>"
                    .col(
                        ColumnDef::new(IdempotencyKeys::Scope)
                            .string_len(80)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(IdempotencyKeys::Key)
                            .string_len(255)
                            .not_null(),
                    )
                    // SHA-256 of the request body, hex
                    .col(
                        ColumnDef::new(IdempotencyKeys::RequestHash)
                            .string_len(64)
                            .not_null(),
                    )
                    // null while the first request is being answered
                    .col(
                        ColumnDef::new(IdempotencyKeys::ResponseStatus)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(IdempotencyKeys::Response)
                            .json_binary()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(IdempotencyKeys::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idempotency_keys", &["scope", "key"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idempotency_keys", &["created_at"]).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "idempotency_keys",
            "payments",
            "shipping_rules",
            "order_events",
            "order_items",
            "orders",
            "checkouts",
            "cart_items",
            "carts",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
