//! Every fixed word the documents print, in Vietnamese, English, Japanese
//! and Chinese, in one table.

use kernel::Locale;

/// A fixed word or phrase of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[expect(missing_docs, reason = "each variant is the English label it names")]
pub enum Label {
    ProformaInvoice,
    CommercialInvoice,
    PackingList,
    Seller,
    Buyer,
    Number,
    Date,
    Page,
    TaxNumber,
    Contact,
    Country,
    Incoterm,
    PaymentTerms,
    ExchangeRate,
    LineNumber,
    Sku,
    Description,
    HsCode,
    Quantity,
    Unit,
    UnitPrice,
    Amount,
    NetWeight,
    GrossWeight,
    Cartons,
    Total,
    Deposit,
    Balance,
    CarriedForward,
    BroughtForward,
    BankDetails,
    Notes,
    ApproximateAmounts,
    Lookbook,
    Items,
    Options,
    MinimumOrder,
    PriceTiers,
    LeadTime,
    Days,
    Dimensions,
    Weight,
    PricesInDong,
    Lot,
    Harvested,
    Produced,
    Packed,
    BestBefore,
    ScanToTrace,
}

impl Label {
    /// The label in `locale`.
    pub fn text(self, locale: Locale) -> &'static str {
        let [vi, en, ja, zh] = self.table();
        match locale {
            Locale::Vi => vi,
            Locale::En => en,
            Locale::Ja => ja,
            Locale::Zh => zh,
        }
    }

    /// vi, en, ja, zh.
    fn table(self) -> [&'static str; 4] {
        use Label::*;
        match self {
            ProformaInvoice => [
                "Hóa đơn chiếu lệ",
                "Proforma invoice",
                "プロフォーマインボイス（見積送り状）",
                "形式发票",
            ],
            CommercialInvoice => [
                "Hóa đơn thương mại",
                "Commercial invoice",
                "コマーシャルインボイス（商業送り状）",
                "商业发票",
            ],
            PackingList => [
                "Phiếu đóng gói",
                "Packing list",
                "パッキングリスト（梱包明細書）",
                "装箱单",
            ],
            Seller => ["Bên bán", "Seller", "売主", "卖方"],
            Buyer => ["Bên mua", "Buyer", "買主", "买方"],
            Number => ["Số", "No.", "番号", "编号"],
            Date => ["Ngày", "Date", "発行日", "日期"],
            Page => ["Trang", "Page", "ページ", "页"],
            TaxNumber => ["Mã số thuế", "Tax ID", "納税者番号", "税号"],
            Contact => ["Liên hệ", "Contact", "連絡先", "联系方式"],
            Country => ["Quốc gia", "Country", "国", "国家"],
            Incoterm => [
                "Điều kiện giao hàng",
                "Terms of delivery",
                "貿易条件",
                "贸易术语",
            ],
            PaymentTerms => [
                "Điều kiện thanh toán",
                "Payment terms",
                "支払条件",
                "付款条件",
            ],
            ExchangeRate => [
                "Tỷ giá chốt khi báo giá",
                "Exchange rate fixed on the quote",
                "見積時の確定為替レート",
                "报价时确定的汇率",
            ],
            LineNumber => ["STT", "No.", "No.", "序号"],
            Sku => ["Mã hàng", "SKU", "品番", "货号"],
            Description => ["Mô tả hàng hóa", "Description", "品名", "品名"],
            HsCode => ["Mã HS", "HS code", "HSコード", "HS编码"],
            Quantity => ["Số lượng", "Quantity", "数量", "数量"],
            Unit => ["Đơn vị", "Unit", "単位", "单位"],
            UnitPrice => ["Đơn giá", "Unit price", "単価", "单价"],
            Amount => ["Thành tiền", "Amount", "金額", "金额"],
            NetWeight => ["Khối lượng tịnh", "Net weight", "正味重量", "净重"],
            GrossWeight => ["Khối lượng cả bì", "Gross weight", "総重量", "毛重"],
            Cartons => ["Số thùng", "Cartons", "カートン数", "箱数"],
            Total => ["Tổng cộng", "Total", "合計", "合计"],
            Deposit => ["Đặt cọc", "Deposit", "前払金", "定金"],
            Balance => ["Còn lại", "Balance", "残金", "余款"],
            CarriedForward => [
                "Cộng chuyển trang",
                "Carried forward",
                "次頁へ繰越",
                "转下页",
            ],
            BroughtForward => [
                "Trang trước chuyển sang",
                "Brought forward",
                "前頁より繰越",
                "承上页",
            ],
            BankDetails => [
                "Thông tin chuyển khoản",
                "Bank details",
                "振込先",
                "银行信息",
            ],
            Notes => ["Ghi chú", "Notes", "備考", "备注"],
            ApproximateAmounts => [
                "Số tiền ngoại tệ (≈) chỉ để tham khảo, theo tỷ giá trên.",
                "Amounts marked ≈ are for reference, at the rate above.",
                "≈ の金額は上記レートによる参考値です。",
                "标有 ≈ 的金额按上述汇率换算，仅供参考。",
            ],
            Lookbook => ["Catalogue sản phẩm", "Lookbook", "商品カタログ", "产品目录"],
            Items => ["sản phẩm", "items", "点", "款"],
            Options => ["Tùy chọn", "Options", "バリエーション", "可选款式"],
            MinimumOrder => ["Đặt tối thiểu", "MOQ", "最小発注数", "起订量"],
            PriceTiers => ["Giá theo số lượng", "Price tiers", "数量別単価", "阶梯价格"],
            LeadTime => ["Thời gian sản xuất", "Lead time", "リードタイム", "交货期"],
            Days => ["ngày", "days", "日", "天"],
            Dimensions => ["Kích thước", "Dimensions", "サイズ", "尺寸"],
            Weight => ["Khối lượng", "Weight", "重量", "重量"],
            PricesInDong => [
                "Giá xuất xưởng bằng đồng Việt Nam (₫), mỗi đơn vị.",
                "Ex-works unit prices in Vietnamese đồng (₫).",
                "価格は工場渡しの単価（ベトナムドン ₫）です。",
                "价格为出厂单价（越南盾 ₫）。",
            ],
            Lot => ["Lô", "Lot", "ロット", "批次"],
            Harvested => ["Thu hoạch", "Harvested", "収穫日", "采收日期"],
            Produced => ["Sản xuất", "Made", "製造日", "生产日期"],
            Packed => ["Đóng gói", "Packed", "包装日", "包装日期"],
            BestBefore => ["Hạn dùng", "Best before", "賞味期限", "保质期至"],
            ScanToTrace => [
                "Quét mã để xem nguồn gốc",
                "Scan to see where it comes from",
                "スキャンして生産履歴を見る",
                "扫码查看产品溯源",
            ],
        }
    }
}

/// The two languages of a document: the reader's, and English beside it
/// (Vietnamese beside English for an English reader).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Languages {
    /// The reader's language, printed first.
    pub first: Locale,
    /// The second language, printed smaller.
    pub second: Locale,
}

impl Languages {
    /// The languages of a document for a reader of `locale`.
    pub fn for_reader(locale: Locale) -> Self {
        Self {
            first: locale,
            second: if locale == Locale::En {
                Locale::Vi
            } else {
                Locale::En
            },
        }
    }

    /// The label in the first language.
    pub fn first(self, label: Label) -> &'static str {
        label.text(self.first)
    }

    /// The label in the second language.
    pub fn second(self, label: Label) -> &'static str {
        label.text(self.second)
    }

    /// "first / second", or one of them when both read the same.
    pub fn both(self, label: Label) -> String {
        let (a, b) = (self.first(label), self.second(label));
        if a == b {
            a.to_owned()
        } else {
            format!("{a} / {b}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_english_reader_gets_vietnamese_as_the_second_language() {
        assert_eq!(Languages::for_reader(Locale::En).second, Locale::Vi);
        assert_eq!(Languages::for_reader(Locale::Ja).second, Locale::En);
        assert_eq!(
            Languages::for_reader(Locale::Ja).both(Label::Buyer),
            "買主 / Buyer"
        );
        assert_eq!(
            Languages::for_reader(Locale::Zh).both(Label::Quantity),
            "数量 / Quantity"
        );
    }

    #[test]
    fn the_japanese_invoice_titles_say_what_they_are() {
        assert!(Label::ProformaInvoice.text(Locale::Ja).contains("見積"));
        assert!(
            Label::CommercialInvoice
                .text(Locale::Ja)
                .contains("インボイス")
        );
    }
}
