//! Every template renders in Vietnamese and in English, with a subject, a
//! plain-text and an HTML part, user text escaped in HTML, and no remote
//! image.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use kernel::Locale;
use notify::mail::*;

const EVIL: &str = "<script>alert('x')</script>";

fn items() -> Vec<OrderItem> {
    vec![
        OrderItem {
            title: format!("Giỏ mây {EVIL}"),
            variant: "Cỡ M".into(),
            quantity: 2,
            unit_price: "185.000 ₫".into(),
            line_total: "370.000 ₫".into(),
        },
        OrderItem {
            title: "Mật ong rừng".into(),
            variant: String::new(),
            quantity: 1,
            unit_price: "320.000 ₫".into(),
            line_total: "320.000 ₫".into(),
        },
    ]
}

fn s(text: &str) -> String {
    format!("{text} {EVIL}")
}

/// Renders one content in every language and checks the parts.
fn check<T: MailContent>(content: T) -> Vec<OutgoingEmail> {
    let mailer = Mailer::new("https://hoptac.test", "Hợp Tác <no-reply@hoptac.test>").unwrap();
    let mut out = Vec::new();
    for locale in Locale::ALL {
        let to = Recipient {
            email: "lan@example.vn".into(),
            name: format!("Lan {EVIL}"),
            locale,
        };
        let email = mailer
            .render(&to, &content)
            .unwrap_or_else(|e| panic!("{} in {locale}: {e}", T::TEMPLATE));
        let name = format!("{}/{locale}", T::TEMPLATE);
        assert!(
            !email.subject.is_empty() && !email.subject.contains('\n'),
            "{name}: subject"
        );
        assert!(email.text.len() > 40, "{name}: text part");
        assert!(email.html.contains("<html"), "{name}: html part");
        assert!(
            !email.html.contains(EVIL),
            "{name}: user text reached the HTML unescaped"
        );
        assert!(
            email.html.contains("&lt;script&gt;"),
            "{name}: the name is shown escaped"
        );
        assert!(!email.html.contains("<img"), "{name}: no remote image");
        assert!(!email.html.contains("<link"), "{name}: no remote style");
        assert!(email.text.contains("Lan"), "{name}: greets the recipient");
        assert!(
            !email.text.contains("<p"),
            "{name}: the text part is not HTML"
        );
        out.push(email);
    }
    let subjects: std::collections::BTreeSet<&String> = out.iter().map(|e| &e.subject).collect();
    assert_eq!(
        subjects.len(),
        Locale::ALL.len(),
        "{}: a subject of its own in each language: {subjects:?}",
        T::TEMPLATE
    );
    out
}

#[test]
fn every_template_renders_in_every_language() {
    let mut rendered = std::collections::BTreeSet::new();
    let mut done = |emails: Vec<OutgoingEmail>| {
        rendered.insert(emails[0].template.clone());
    };
    done(check(VerifyEmail {
        verify_url: "https://hoptac.test/verify?t=1".into(),
        expires_hours: 24,
    }));
    done(check(PasswordReset {
        reset_url: "https://hoptac.test/reset?t=1".into(),
        expires_minutes: 30,
    }));
    done(check(ApplicationReceived {
        cooperative_name: s("HTX Bao La"),
        application_url: "https://hoptac.test/a".into(),
    }));
    done(check(ApplicationApproved {
        cooperative_name: s("HTX Bao La"),
        dashboard_url: "https://hoptac.test/d".into(),
    }));
    done(check(ApplicationRejected {
        cooperative_name: s("HTX"),
        reason: s("Thiếu giấy phép"),
    }));
    done(check(ApplicationChangesRequested {
        cooperative_name: s("HTX"),
        reason: s("Bổ sung mã số thuế"),
        application_url: "https://hoptac.test/a".into(),
    }));
    done(check(CooperativeSuspended {
        cooperative_name: s("HTX"),
        reason: s("Vi phạm"),
    }));
    done(check(CooperativeReinstated {
        cooperative_name: s("HTX"),
        dashboard_url: "https://hoptac.test/d".into(),
    }));
    done(check(MemberInvitation {
        cooperative_name: s("HTX"),
        inviter_name: s("Hoa"),
        role: "quản lý".into(),
        accept_url: "https://hoptac.test/i".into(),
        expires_days: 7,
    }));
    done(check(ListingApproved {
        cooperative_name: s("HTX"),
        product_title: s("Giỏ mây"),
        product_url: "https://hoptac.test/p".into(),
    }));
    done(check(ListingRejected {
        cooperative_name: s("HTX"),
        product_title: s("Giỏ mây"),
        reason: s("Ảnh mờ"),
        edit_url: "https://hoptac.test/e".into(),
    }));
    done(check(ListingTakenDown {
        cooperative_name: s("HTX"),
        product_title: s("Giỏ mây"),
        reason: s("Sai mô tả"),
        edit_url: "https://hoptac.test/e".into(),
    }));
    done(check(CertificationVerified {
        cooperative_name: s("HTX"),
        certification: s("VietGAP · VG-1"),
        expires_on: Some("15/03/2028".into()),
    }));
    done(check(CertificationRejected {
        cooperative_name: s("HTX"),
        certification: s("OCOP"),
        reason: s("Hết hạn"),
    }));
    let placed = check(OrderPlaced {
        checkout_reference: "CK-1".into(),
        orders: vec![
            OrderSummary {
                number: "HT-1042".into(),
                cooperative_name: s("HTX Bao La"),
                items: items(),
                shipping_fee: "30.000 ₫".into(),
                total: "720.000 ₫".into(),
            },
            OrderSummary {
                number: "HT-1043".into(),
                cooperative_name: "HTX A Sò".into(),
                items: items(),
                shipping_fee: "0 ₫".into(),
                total: "690.000 ₫".into(),
            },
        ],
        grand_total: "1.410.000 ₫".into(),
        payment_method: "bank_transfer".into(),
        payment_status: "unpaid".into(),
        payment_instructions: Some(s("Ngân hàng X, STK 123")),
        shipping_address: s("12 Lê Lợi\nPhường Thuận Hóa\nThành phố Huế"),
        orders_url: "https://hoptac.test/orders".into(),
    });
    assert!(placed[0].text.contains("HT-1042") && placed[0].text.contains("HT-1043"));
    assert!(placed[0].html.contains("1.410.000 ₫"));
    assert!(
        placed[0]
            .text
            .contains("Chuyển khoản ngân hàng · chưa thanh toán"),
        "the payment is said in words: {}",
        placed[0].text
    );
    assert!(placed[1].text.contains("Bank transfer · not paid yet"));
    done(placed);
    done(check(OrderNew {
        cooperative_name: s("HTX"),
        order_number: "HT-1042".into(),
        buyer_name: s("Lan"),
        items: items(),
        shipping_fee: "30.000 ₫".into(),
        total: "720.000 ₫".into(),
        payment_method: "cod".into(),
        payment_status: "unpaid".into(),
        shipping_address: s("12 Lê Lợi"),
        order_url: "https://hoptac.test/o".into(),
    }));
    let transfer = check(OrderNew {
        cooperative_name: s("HTX"),
        order_number: "HT-1043".into(),
        buyer_name: s("Lan"),
        items: items(),
        shipping_fee: "30.000 ₫".into(),
        total: "720.000 ₫".into(),
        payment_method: "bank_transfer".into(),
        payment_status: "unpaid".into(),
        shipping_address: s("12 Lê Lợi"),
        order_url: "https://hoptac.test/o".into(),
    });
    assert!(
        transfer[0]
            .text
            .contains("xin chờ tiền về rồi mới đóng gói")
            && transfer[1]
                .text
                .contains("please wait for the money before you pack it"),
        "a cooperative is told not to pack an unpaid transfer: {}",
        transfer[1].text
    );
    let shipped = check(OrderShipped {
        order_number: "HT-1042".into(),
        cooperative_name: s("HTX"),
        carrier: "Viettel Post".into(),
        tracking_number: "VTP123456".into(),
        tracking_url: None,
        payment_method: "cod".into(),
        payment_status: "unpaid".into(),
        order_url: "https://hoptac.test/o".into(),
        lots: vec![TraceLink {
            title: s("Gạo Ra Dư"),
            url: "https://hoptac.test/t/K7M2QXAB".into(),
        }],
    });
    assert!(shipped[1].text.contains("VTP123456"));
    assert!(
        shipped
            .iter()
            .all(|e| e.text.contains("https://hoptac.test/t/K7M2QXAB")
                && e.html.contains("K7M2QXAB")),
        "the shipped e-mail links each lot's page in every language"
    );
    assert!(
        shipped[1]
            .text
            .contains("Cash on delivery · pay the courier on delivery")
    );
    done(shipped);
    for by in ["buyer", "cooperative", "system"] {
        check(OrderCancelled {
            order_number: "HT-1042".into(),
            cooperative_name: s("HTX"),
            cancelled_by: by.into(),
            reason: Some(s("Hết hàng")),
            payment_method: "bank_transfer".into(),
            payment_status: "paid".into(),
            order_url: "https://hoptac.test/o".into(),
        });
    }
    done(check(OrderCancelled {
        order_number: "HT-1042".into(),
        cooperative_name: s("HTX"),
        cancelled_by: "buyer".into(),
        reason: None,
        payment_method: "cod".into(),
        payment_status: "unpaid".into(),
        order_url: "https://hoptac.test/o".into(),
    }));
    done(check(PaymentReceived {
        order_numbers: "HT-1042, HT-1043".into(),
        amount: "1.410.000 ₫".into(),
        payment_method: "bank_transfer".into(),
        held: Some("350.000 ₫".into()),
        orders_url: "https://hoptac.test/orders".into(),
    }));
    done(check(OrderReleased {
        order_number: "HT-1042".into(),
        reason: s("Khách gửi biên lai, ngân hàng chậm"),
        order_url: "https://hoptac.test/o".into(),
    }));
    done(check(RefundIssued {
        order_number: "HT-1042".into(),
        amount: "185.000 ₫".into(),
        payment_method: "card".into(),
        reason: Some(s("Hàng lỗi")),
        order_url: "https://hoptac.test/o".into(),
    }));
    done(check(MailTest {
        sent_at: "26/11/2026 18:00".into(),
    }));
    // every event of the export desk has a subject of its own in each language
    let events = [
        "request_received",
        "message",
        "quote_sent",
        "quote_revised",
        "quote_accepted",
        "deposit_paid",
        "in_production",
        "ready",
        "balance_paid",
        "shipped",
        "delivered",
    ];
    let mut subjects = std::collections::BTreeSet::new();
    for event in events {
        let emails = check(ExportUpdate {
            event: event.into(),
            number: "RFQ-261207-ABCDEF".into(),
            cooperative_name: s("HTX Bao La"),
            company_name: s("Kansai Zakka Trading Co., Ltd."),
            detail: Some(s("ONE · ONEYDAD12345678")),
            url: "https://hoptac.test/export/requests/1".into(),
        });
        for email in &emails {
            assert!(
                email.subject.contains("RFQ-261207-ABCDEF"),
                "{event}: the subject names the request: {}",
                email.subject
            );
            subjects.insert(email.subject.clone());
        }
        if event == "delivered" {
            done(emails);
        }
    }
    assert_eq!(
        subjects.len(),
        events.len() * Locale::ALL.len(),
        "each event says what happened, in each language"
    );
    let recalled = check(LotRecalled {
        product: s("Gạo Ra Dư A Lưới"),
        lot_number: "RD-2026-11".into(),
        cooperative_name: s("HTX Nông nghiệp A Lưới"),
        order_number: "HT-1042".into(),
        reason: s("Mẫu kiểm nghiệm có dư lượng vượt ngưỡng"),
        url: "https://hoptac.test/t/K7M2QXAB".into(),
    });
    for email in &recalled {
        assert!(
            email.subject.contains("RD-2026-11") && email.subject.contains("HT-1042"),
            "a recall names the lot and the order: {}",
            email.subject
        );
        assert!(email.text.contains("https://hoptac.test/t/K7M2QXAB"));
    }
    done(recalled);
    let invited = check(ReviewInvite {
        order_number: "HT-1042".into(),
        cooperative_name: s("HTX Bao La"),
        items: vec![s("Giỏ mây"), "Mật ong rừng".into()],
        review_url: "https://hoptac.test/reviews/HT-1042?t=1".into(),
    });
    for email in &invited {
        assert!(
            email.subject.contains("HT-1042"),
            "an invitation names the order: {}",
            email.subject
        );
        assert!(
            email.text.contains("Mật ong rừng")
                && email
                    .text
                    .contains("https://hoptac.test/reviews/HT-1042?t=1"),
            "an invitation lists the items and links the review page: {}",
            email.text
        );
    }
    done(invited);
    let hidden = check(ReviewHidden {
        order_number: "HT-1042".into(),
        body: s("Giao chậm, gọi 0905 123 456"),
        reason: s("Có số điện thoại cá nhân"),
    });
    for email in &hidden {
        assert!(
            email.subject.contains("HT-1042"),
            "a hidden review names the order: {}",
            email.subject
        );
        assert!(
            email.text.contains("Giao chậm") && email.text.contains("Có số điện thoại"),
            "a hidden review quotes the text and the reason: {}",
            email.text
        );
    }
    done(hidden);
    for map_url in [Some("https://maps.example/?q=16.5,107.6".to_owned()), None] {
        let confirmed = check(BookingConfirmed {
            order_number: "HT-2001".into(),
            cooperative_name: s("HTX Du lịch cộng đồng Thủy Tú"),
            experience: s("Chèo thuyền trên phá Tam Giang"),
            starts_at_local: "08:00 thứ Bảy 20/12/2026".into(),
            people: "4 người lớn, 1 trẻ em".into(),
            meeting_point: s("Bến đò Thủy Tú"),
            map_url: map_url.clone(),
            cancellation: s("Hủy miễn phí trước 48 giờ"),
            order_url: "https://hoptac.test/orders/HT-2001".into(),
        });
        for email in &confirmed {
            assert!(
                email.subject.contains("08:00 thứ Bảy 20/12/2026")
                    && email.subject.contains("Chèo thuyền"),
                "a booking names the experience and the time: {}",
                email.subject
            );
            assert!(
                email.text.contains("4 người lớn, 1 trẻ em")
                    && email.text.contains("Bến đò Thủy Tú")
                    && email.text.contains("Hủy miễn phí trước 48 giờ")
                    && email.text.contains(".ics")
                    && email.text.contains("https://hoptac.test/orders/HT-2001"),
                "a booking says who, where, the policy, the calendar file and links the order: {}",
                email.text
            );
            assert_eq!(
                email.text.contains("https://maps.example/"),
                map_url.is_some(),
                "the map only when there is one: {}",
                email.text
            );
        }
        done(confirmed);
    }
    let moved = check(BookingMoved {
        order_number: "HT-2001".into(),
        cooperative_name: s("HTX Du lịch cộng đồng Thủy Tú"),
        experience: s("Chèo thuyền trên phá Tam Giang"),
        from_local: "08:00 thứ Bảy 20/12/2026".into(),
        to_local: "08:00 Chủ nhật 21/12/2026".into(),
        reason: s("Bão về, nước phá dâng cao"),
        order_url: "https://hoptac.test/orders/HT-2001".into(),
    });
    for email in &moved {
        assert!(
            email.subject.contains("HT-2001") && email.subject.contains("21/12/2026"),
            "a moved booking names the order and the new time: {}",
            email.subject
        );
        assert!(
            email.text.contains("20/12/2026")
                && email.text.contains("Bão về")
                && email.text.contains("https://hoptac.test/orders/HT-2001"),
            "a moved booking says the old time, why, and links the order: {}",
            email.text
        );
    }
    done(moved);
    let all: std::collections::BTreeSet<String> =
        ALL_TEMPLATES.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(rendered, all, "every template is checked");
}
