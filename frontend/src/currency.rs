//! The currency a buyer sees beside the đồng ("350.000 ₫ ≈ ¥2,074"): chosen
//! with `?currency=` (kept in a cookie for a year), else the one of the
//! page's language (yen for Japanese, yuan for Chinese, dollars for
//! English, none for Vietnamese). The rates are those union staff set;
//! prices are charged in đồng.

use kernel::{Currency, Money};
use leptos::prelude::*;

/// The name of the cookie that remembers the choice.
pub const COOKIE: &str = "currency";

/// What `?currency=` and the cookie say for "đồng only".
const DONG_ONLY: &str = "vnd";

/// The currency shown beside the đồng on this page, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown(pub Option<Currency>);

/// Picks the currency from the request (after the language) and provides
/// it to the page.
pub fn provide_currency(locale: kernel::Locale) {
    provide_context(Shown(request_currency(locale)));
}

/// The currency shown beside the đồng on this page.
pub fn shown() -> Option<Currency> {
    use_context::<Shown>().and_then(|s| s.0)
}

/// `?currency=` or the cookie's word: `Some(None)` for đồng only.
fn parse(word: &str) -> Option<Option<Currency>> {
    if word.eq_ignore_ascii_case(DONG_ONLY) {
        return Some(None);
    }
    word.parse::<Currency>()
        .ok()
        .filter(|c| Currency::FOREIGN.contains(c))
        .map(Some)
}

fn request_currency(locale: kernel::Locale) -> Option<Currency> {
    let Some(req) = use_context::<leptos_actix::Request>() else {
        return Currency::for_locale(locale);
    };
    let asked = req
        .query_string()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "currency")
        .and_then(|(_, v)| parse(v));
    if let Some(choice) = asked {
        let word = choice
            .map_or(DONG_ONLY, Currency::code)
            .to_ascii_lowercase();
        let kept = req.cookie(COOKIE).map(|c| c.value().to_owned());
        if kept.as_deref() != Some(word.as_str())
            && let Some(res) = use_context::<leptos_actix::ResponseOptions>()
        {
            let cookie = format!("{COOKIE}={word}; Path=/; Max-Age=31536000; SameSite=Lax");
            if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&cookie) {
                res.append_header(actix_web::http::header::SET_COOKIE, value);
            }
        }
        return choice;
    }
    req.cookie(COOKIE)
        .and_then(|c| parse(c.value()))
        .unwrap_or_else(|| Currency::for_locale(locale))
}

/// `≈ ¥2,074` for a price in đồng, in the page's currency at the rate set;
/// none when the page shows đồng only or the currency has no rate.
pub fn approx(vnd: Money) -> Option<String> {
    let currency = shown()?;
    let rates = use_context::<crate::Services>()?.catalog.rates_now();
    rates
        .convert(vnd, currency)
        .map(|foreign| format!("≈\u{a0}{foreign}"))
}

/// The same for a price range (`≈ ¥1,100 – ¥2,074`).
pub fn approx_range(low: Money, high: Money) -> Option<String> {
    if low == high {
        return approx(low);
    }
    let currency = shown()?;
    let rates = use_context::<crate::Services>()?.catalog.rates_now();
    let (low, high) = (
        rates.convert(low, currency)?,
        rates.convert(high, currency)?,
    );
    Some(format!("≈\u{a0}{low} – {high}"))
}

/// The price in the buyer's currency after a price in đồng, as a quiet
/// `<span class="fx">` (nothing when none is shown).
#[component]
pub fn Approx(
    /// The lowest price.
    low: Money,
    /// The highest (the same for one price).
    high: Money,
) -> impl IntoView {
    approx_range(low, high).map(|text| view! { " " <span class="fx">{text}</span> })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_is_a_foreign_currency_or_dong_only() {
        assert_eq!(parse("jpy"), Some(Some(Currency::Jpy)));
        assert_eq!(parse("USD"), Some(Some(Currency::Usd)));
        assert_eq!(parse("vnd"), Some(None));
        assert_eq!(parse("eur"), None);
    }
}
