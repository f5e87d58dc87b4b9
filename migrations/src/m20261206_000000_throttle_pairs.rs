//! Sign-in throttling moves from per-account locks to keys per (account,
//! address) pair and per address (`signin:<email>|<address>`,
//! `signin-ip:<address>`), and the guest order look-up is throttled in the
//! same table (`lookup:<number>|<address>`, `lookup-ip:<address>`). The old
//! keys (`account:<email>`, `ip:<address>`) are read by nothing any more: an
//! account lock left in them would only linger, so they go. The columns stay
//! as they are.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(LoginThrottle::Table)
                    .cond_where(
                        Cond::any()
                            .add(Expr::col(LoginThrottle::Key).like("account:%"))
                            .add(Expr::col(LoginThrottle::Key).like("ip:%")),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // counts of failed sign-ins are not worth restoring: the old code
        // starts counting afresh
        Ok(())
    }
}
