//! Every string of the interface goes through here, in Vietnamese or English
//! (Fluent files under `locales/`). The language comes from `?lang=`, then
//! the `lang` cookie, then `Accept-Language`, then Vietnamese; choosing one
//! with `?lang=` keeps it in the cookie.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use kernel::Locale;
use leptos::prelude::*;

const VI: &str = include_str!("../locales/vi.ftl");
const EN: &str = include_str!("../locales/en.ftl");

/// The name of the cookie that remembers the language.
pub const COOKIE: &str = "lang";

/// The compiled translations: constant data, parsed once.
struct Translations {
    vi: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(locale: &str, source: &str) -> FluentBundle<FluentResource> {
    let id = locale.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // no Unicode isolation marks: the text goes into HTML, not a terminal
    bundle.set_use_isolating(false);
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, errors)| {
            tracing::error!(locale, ?errors, "translation file has errors");
            partial
        });
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(locale, ?errors, "translation file has duplicate messages");
    }
    bundle
}

static TRANSLATIONS: LazyLock<Translations> = LazyLock::new(|| Translations {
    vi: bundle("vi", VI),
    en: bundle("en", EN),
});

/// The language of the page being rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang(pub Locale);

/// Translates `key` in `locale`, with arguments.
pub fn translate(locale: Locale, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundle = match locale.interface() {
        Locale::Vi => &TRANSLATIONS.vi,
        _ => &TRANSLATIONS.en,
    };
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        tracing::warn!(key, %locale, "missing translation");
        return key.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, ?errors, "translation arguments");
    }
    text.into_owned()
}

/// Translates `key` in the page's language when the translations know it.
pub fn try_t(key: &str) -> Option<String> {
    let bundle = match lang().interface() {
        Locale::Vi => &TRANSLATIONS.vi,
        _ => &TRANSLATIONS.en,
    };
    bundle.get_message(key).and_then(|m| m.value())?;
    Some(t(key))
}

/// The page's language (Vietnamese when none was chosen).
pub fn lang() -> Locale {
    use_context::<Lang>().map_or(Locale::Vi, |l| l.0)
}

/// Translates `key` in the page's language.
pub fn t(key: &str) -> String {
    translate(lang(), key, &[])
}

/// Translates `key` in the page's language with arguments.
pub fn t_with(key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    translate(lang(), key, args)
}

/// Picks the page's language from the request and provides it to the page.
/// A `?lang=` choice is remembered in a cookie for a year.
pub fn provide_lang() -> Locale {
    let locale = request_locale();
    provide_context(Lang(locale));
    locale
}

fn request_locale() -> Locale {
    let Some(req) = use_context::<leptos_actix::Request>() else {
        return Locale::Vi;
    };
    let chosen = req
        .query_string()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| v.parse::<Locale>().ok())
        .map(Locale::interface);
    if let Some(locale) = chosen {
        let cookie_value = req.cookie(COOKIE).map(|c| c.value().to_owned());
        if cookie_value.as_deref() != Some(locale.code())
            && let Some(res) = use_context::<leptos_actix::ResponseOptions>()
        {
            let cookie = format!(
                "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                locale.code()
            );
            if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&cookie) {
                res.append_header(actix_web::http::header::SET_COOKIE, value);
            }
        }
        return locale;
    }
    if let Some(locale) = req
        .cookie(COOKIE)
        .and_then(|c| c.value().parse::<Locale>().ok())
    {
        return locale.interface();
    }
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language)
        .map_or(Locale::Vi, Locale::interface)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids(source: &str) -> BTreeSet<String> {
        source
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" = "))
            .filter_map(|l| l.split(" = ").next())
            .map(|k| k.trim().to_owned())
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let (vi, en) = (ids(VI), ids(EN));
        assert!(vi.len() > 50);
        assert_eq!(
            vi.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in en"
        );
        assert_eq!(
            en.difference(&vi).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in vi"
        );
    }

    #[test]
    fn every_message_the_pages_ask_for_exists_in_both_languages() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.clone()];
        let mut asked = BTreeSet::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for call in ["t(\"", "t_with(\"", "try_t(\""] {
                let mut rest = text.as_str();
                while let Some(at) = rest.find(call) {
                    // a call of its own, not `get("…")` or `format!(…)`
                    let standalone = rest[..at]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'));
                    let piece = &rest[at + call.len()..];
                    let key: String = piece
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    if standalone && !key.is_empty() && piece[key.len()..].starts_with('"') {
                        asked.insert(key);
                    }
                    rest = piece;
                }
            }
        }
        assert!(asked.len() > 100, "{} keys found", asked.len());
        let (vi, en) = (ids(VI), ids(EN));
        let missing: Vec<&String> = asked
            .iter()
            .filter(|k| !vi.contains(*k) || !en.contains(*k))
            .collect();
        assert!(missing.is_empty(), "messages missing: {missing:?}");
    }

    #[test]
    fn messages_are_formatted_with_plurals_in_english() {
        assert_eq!(
            translate(Locale::En, "coop-members", &[("count", 1.into())]),
            "1 member"
        );
        assert_eq!(
            translate(Locale::En, "coop-members", &[("count", 88.into())]),
            "88 members"
        );
        assert_eq!(
            translate(Locale::Vi, "coop-members", &[("count", 88.into())]),
            "88 thành viên"
        );
        assert_eq!(translate(Locale::Ja, "nav-cart", &[]), "Cart");
    }

    #[test]
    fn a_wait_is_said_in_seconds_under_a_minute_and_a_half_else_in_minutes() {
        let wait = |locale, seconds: u64, minutes: u64| {
            translate(
                locale,
                "form-retry-after",
                &[("seconds", seconds.into()), ("minutes", minutes.into())],
            )
        };
        assert_eq!(wait(Locale::En, 30, 0), "You can try again in 30 seconds.");
        assert_eq!(wait(Locale::En, 1, 0), "You can try again in one second.");
        assert_eq!(
            wait(Locale::En, 900, 15),
            "You can try again in 15 minutes."
        );
        assert_eq!(wait(Locale::Vi, 30, 0), "Bạn có thể thử lại sau 30 giây.");
        assert_eq!(wait(Locale::Vi, 120, 2), "Bạn có thể thử lại sau 2 phút.");
    }
}
