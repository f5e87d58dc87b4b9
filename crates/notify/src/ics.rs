//! Calendar files (RFC 5545 iCalendar, `.ics`) for bookings, written by
//! hand: one event in Vietnam's time zone, which calendar apps import from
//! an e-mail attachment.
//!
//! Text values are escaped (`\\`, `\;`, `\,`, `\n`), lines end in CRLF, and
//! lines longer than 75 octets are folded (a CRLF and one space), never
//! inside a UTF-8 character.

use chrono::{DateTime, FixedOffset, Offset, TimeDelta, Utc};

use crate::mail::Attachment;

/// The time zone of every event: Vietnam, UTC+7 all year (no daylight
/// saving).
pub const TZID: &str = "Asia/Ho_Chi_Minh";

/// Vietnam's offset from UTC, in seconds.
const OFFSET_SECONDS: i32 = 7 * 3600;

/// The longest physical line, in octets, without its CRLF.
const MAX_LINE: usize = 75;

/// One event of a calendar file: a booked experience.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarEvent {
    /// A unique and stable id (e.g. `booking-<uuid>@hoptac.vn`): the same id
    /// lets a calendar app replace or cancel the event it imported before.
    pub uid: String,
    /// The title, e.g. the experience's name.
    pub summary: String,
    /// A longer text (may have several lines).
    pub description: String,
    /// Where to meet.
    pub location: String,
    /// A page about it (the order), if any.
    pub url: Option<String>,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// How long it lasts, in minutes (no end is written when not positive).
    pub minutes: i64,
    /// When this version of the event was made (`DTSTAMP`).
    pub stamp: DateTime<Utc>,
    /// Who runs it (the cooperative). Written as `CONTACT`: `ORGANIZER`
    /// needs an e-mail address, which the event does not have.
    pub organizer_name: String,
    /// The booking was cancelled: `METHOD:CANCEL` and `STATUS:CANCELLED`.
    pub status_cancelled: bool,
}

/// The iTIP method of the file: `PUBLISH`, or `CANCEL` for a cancelled
/// event. The MIME type of the attachment names the same method.
pub fn method(event: &CalendarEvent) -> &'static str {
    if event.status_cancelled {
        "CANCEL"
    } else {
        "PUBLISH"
    }
}

/// The calendar file of one event.
pub fn calendar(event: &CalendarEvent) -> String {
    let ict = FixedOffset::east_opt(OFFSET_SECONDS).unwrap_or_else(|| Utc.fix());
    let local = |at: DateTime<Utc>| at.with_timezone(&ict).format("%Y%m%dT%H%M%S").to_string();
    let ends_at = TimeDelta::try_minutes(event.minutes)
        .filter(|_| event.minutes > 0)
        .and_then(|length| event.starts_at.checked_add_signed(length));

    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Hop Tac//Bookings//VI".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("METHOD:{}", method(event)),
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{TZID}"),
        "BEGIN:STANDARD".to_owned(),
        "DTSTART:19700101T000000".to_owned(),
        "TZOFFSETFROM:+0700".to_owned(),
        "TZOFFSETTO:+0700".to_owned(),
        "TZNAME:+07".to_owned(),
        "END:STANDARD".to_owned(),
        "END:VTIMEZONE".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape_text(&event.uid)),
        format!("DTSTAMP:{}", event.stamp.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;TZID={TZID}:{}", local(event.starts_at)),
    ];
    if let Some(ends_at) = ends_at {
        lines.push(format!("DTEND;TZID={TZID}:{}", local(ends_at)));
    }
    lines.push(format!("SUMMARY:{}", escape_text(&event.summary)));
    if !event.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(&event.description)));
    }
    if !event.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape_text(&event.location)));
    }
    let url = event.url.as_deref().map(strip_controls).unwrap_or_default();
    if !url.is_empty() {
        lines.push(format!("URL:{url}"));
    }
    if !event.organizer_name.is_empty() {
        lines.push(format!("CONTACT:{}", escape_text(&event.organizer_name)));
    }
    let status = if event.status_cancelled {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    lines.push(format!("STATUS:{status}"));
    lines.push("SEQUENCE:0".to_owned());
    lines.push("END:VEVENT".to_owned());
    lines.push("END:VCALENDAR".to_owned());

    let mut out = String::new();
    for line in &lines {
        push_folded(&mut out, line);
    }
    out
}

/// The event as an e-mail attachment named `filename` (e.g.
/// `dat-cho-HT-1042.ics`), with the MIME type
/// `text/calendar; charset=utf-8; method=...`.
pub fn attachment(event: &CalendarEvent, filename: &str) -> Attachment {
    Attachment {
        filename: filename.to_owned(),
        content_type: format!("text/calendar; charset=utf-8; method={}", method(event)),
        body: calendar(event),
    }
}

/// A TEXT value escaped (RFC 5545 §3.3.11): backslash, semicolon and comma
/// take a backslash, a line break becomes `\n`; other control characters
/// (but tab) are not allowed and are dropped.
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: not escaped, but no control character may break the line.
fn strip_controls(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// Appends one content line, folded so that no physical line is longer than
/// 75 octets (continuations start with a space, which counts), cut only
/// between UTF-8 characters, each line ended by CRLF.
fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = MAX_LINE;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // the leading space of a continuation line counts
        limit = MAX_LINE - 1;
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn event() -> CalendarEvent {
        CalendarEvent {
            uid: "booking-0190f3a2@hoptac.test".into(),
            summary: "Chèo thuyền trên phá Tam Giang".into(),
            description: "Mang theo áo mưa.".into(),
            location: "Bến đò Thủy Tú".into(),
            url: Some("https://hoptac.test/orders/HT-1042".into()),
            starts_at: Utc.with_ymd_and_hms(2026, 12, 20, 1, 0, 0).unwrap(),
            minutes: 180,
            stamp: Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 5).unwrap(),
            organizer_name: "HTX Du lịch cộng đồng Thủy Tú".into(),
            status_cancelled: false,
        }
    }

    /// Joins folded lines back (RFC 5545 §3.1).
    fn unfold(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    fn physical_lines(ics: &str) -> Vec<&[u8]> {
        let bytes = ics.as_bytes();
        let mut lines = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i + 1 < bytes.len() {
            if bytes[i] == b'\r' && bytes[i + 1] == b'\n' {
                lines.push(&bytes[start..i]);
                start = i + 2;
                i += 2;
            } else {
                i += 1;
            }
        }
        assert_eq!(start, bytes.len(), "the file ends with CRLF");
        lines
    }

    #[test]
    fn times_are_written_in_vietnam_local_time() {
        let ics = calendar(&event());
        assert!(
            ics.contains("\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20261220T080000\r\n"),
            "{ics}"
        );
        assert!(
            ics.contains("\r\nDTEND;TZID=Asia/Ho_Chi_Minh:20261220T110000\r\n"),
            "{ics}"
        );
        assert!(ics.contains("\r\nDTSTAMP:20261201T093005Z\r\n"), "{ics}");
        assert!(ics.contains("\r\nTZID:Asia/Ho_Chi_Minh\r\n"), "{ics}");
        assert!(ics.contains("\r\nTZOFFSETTO:+0700\r\n"), "{ics}");
        assert!(
            ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{ics}"
        );
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"), "{ics}");
        assert!(ics.contains("\r\nMETHOD:PUBLISH\r\n"), "{ics}");
        assert!(ics.contains("\r\nSTATUS:CONFIRMED\r\n"), "{ics}");
        assert!(ics.contains("\r\nSEQUENCE:0\r\n"), "{ics}");
        assert!(
            ics.contains("\r\nURL:https://hoptac.test/orders/HT-1042\r\n"),
            "{ics}"
        );
        assert!(
            !ics.contains("ORGANIZER"),
            "no ORGANIZER without an address"
        );
    }

    #[test]
    fn a_cancelled_event_says_so() {
        let ics = calendar(&CalendarEvent {
            status_cancelled: true,
            url: None,
            ..event()
        });
        assert!(ics.contains("\r\nMETHOD:CANCEL\r\n"), "{ics}");
        assert!(ics.contains("\r\nSTATUS:CANCELLED\r\n"), "{ics}");
        assert!(!ics.contains("\r\nURL:"), "{ics}");
        let file = attachment(
            &CalendarEvent {
                status_cancelled: true,
                ..event()
            },
            "dat-cho.ics",
        );
        assert_eq!(
            file.content_type,
            "text/calendar; charset=utf-8; method=CANCEL"
        );
    }

    #[test]
    fn text_values_are_escaped() {
        let ics = calendar(&CalendarEvent {
            summary: "Cá, tôm; cua \\ ghẹ".into(),
            description: "Dòng một\nDòng hai\r\nDòng ba".into(),
            location: "Bến A, xã B".into(),
            ..event()
        });
        let unfolded = unfold(&ics);
        assert!(
            unfolded.contains("\r\nSUMMARY:Cá\\, tôm\\; cua \\\\ ghẹ\r\n"),
            "{unfolded}"
        );
        assert!(
            unfolded.contains("\r\nDESCRIPTION:Dòng một\\nDòng hai\\nDòng ba\r\n"),
            "{unfolded}"
        );
        assert!(
            unfolded.contains("\r\nLOCATION:Bến A\\, xã B\r\n"),
            "{unfolded}"
        );
    }

    #[test]
    fn long_vietnamese_lines_are_folded_between_characters() {
        let description = "Hợp tác xã đón khách tại bến đò lúc bảy giờ bốn mươi lăm; \
             xin đến sớm mười lăm phút, mặc áo phao, mang theo nón lá, kem chống nắng, \
             nước uống và một ít tiền lẻ để mua đặc sản: tôm chua, mè xửng, nem lụi.\n\
             Trẻ em dưới sáu tuổi phải ngồi cùng người lớn trên thuyền.";
        let ics = calendar(&CalendarEvent {
            description: description.into(),
            ..event()
        });
        let lines = physical_lines(&ics);
        assert!(
            lines.iter().any(|line| line.starts_with(b" ")),
            "the description is folded: {ics}"
        );
        for line in &lines {
            assert!(
                line.len() <= 75,
                "{} octets: {:?}",
                line.len(),
                String::from_utf8_lossy(line)
            );
            assert!(
                std::str::from_utf8(line).is_ok(),
                "a line was cut inside a character: {line:?}"
            );
        }
        assert!(
            unfold(&ics).contains(&format!("\r\nDESCRIPTION:{}\r\n", escape_text(description))),
            "{ics}"
        );
        assert!(
            unfold(&ics).contains(
                "\\; xin đến sớm mười lăm phút\\, mặc áo phao\\, mang theo nón lá\\, \
                 kem chống nắng\\, nước uống"
            ),
            "{ics}"
        );
    }

    #[test]
    fn every_line_ends_with_crlf() {
        let ics = calendar(&CalendarEvent {
            description: "một\ndòng\r\nhai\rba ".repeat(20),
            ..event()
        });
        assert!(ics.ends_with("\r\n"));
        let bytes = ics.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' {
                assert!(i > 0 && bytes[i - 1] == b'\r', "a bare LF at {i}");
            }
            if *b == b'\r' {
                assert!(bytes.get(i + 1) == Some(&b'\n'), "a bare CR at {i}");
            }
        }
        // physical_lines checks the file ends with CRLF
        assert!(physical_lines(&ics).len() > 20);
    }

    #[test]
    fn no_end_for_a_length_that_is_not_positive() {
        let ics = calendar(&CalendarEvent {
            minutes: 0,
            ..event()
        });
        assert!(!ics.contains("DTEND"), "{ics}");
    }
}
