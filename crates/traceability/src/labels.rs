//! Printable sheets of QR labels for a lot.

use accounts::Actor;
use documents::{Fonts, LabelLayout, LabelSheet, LotDate, LotLabel};
use kernel::Locale;
use uuid::Uuid;

use crate::lots::Context;
use crate::{Error, Result, Traceability};

impl Traceability {
    /// A PDF of `count` labels (a full sheet when 0) of `lot` in `layout`
    /// and `locale`, for its cooperative's members: (file name, bytes).
    /// Typesetting runs on a blocking thread.
    pub async fn labels(
        &self,
        actor: &Actor,
        lot: Uuid,
        layout: LabelLayout,
        count: usize,
        locale: Locale,
    ) -> Result<(String, Vec<u8>)> {
        let row = self.writable(actor, lot).await?;
        let ctx = Context::read(&self.db, std::slice::from_ref(&row)).await?;
        let mut dates = Vec::new();
        for (kind, date) in [
            (LotDate::Harvested, row.harvested_on),
            (LotDate::Produced, row.produced_on),
            (LotDate::Packed, row.packed_on),
            (LotDate::BestBefore, row.best_before),
        ] {
            if let Some(date) = date {
                dates.push((kind, date));
            }
        }
        // the small labels have room for two dates: the making and the
        // best-before (or packing) date
        if layout == LabelLayout::ThreeByEight && dates.len() > 2 {
            let last = dates.pop();
            dates.truncate(1);
            dates.extend(last);
        }
        let sheet = LabelSheet {
            locale,
            layout,
            label: LotLabel {
                product: ctx.title(&row).get(locale).to_owned(),
                lot_number: row.lot_number.clone(),
                cooperative: ctx
                    .cooperative(&row)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                dates,
                url: self.page_url(&row.code),
            },
            count: count.min(documents::lot_labels::MAX_LABELS),
        };
        let fonts = Fonts::shared().map_err(Error::LabelsUnavailable)?;
        let pdf = tokio::task::spawn_blocking(move || documents::render_labels(&sheet, &fonts))
            .await
            .map_err(|e| Error::LabelsUnavailable(e.to_string()))?
            .map_err(|e| Error::LabelsUnavailable(e.to_string()))?;
        let filename = format!(
            "nhan-lo-{}-{}.pdf",
            crate::lots::percent_encode(&row.lot_number),
            layout.as_str()
        );
        Ok((filename, pdf))
    }
}
