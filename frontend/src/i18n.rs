//! Every string of the interface goes through here, in Vietnamese, English,
//! Japanese or Chinese (Fluent files under `locales/`). The language comes from `?lang=`, then
//! the `lang` cookie, then `Accept-Language`, then Vietnamese; choosing one
//! with `?lang=` keeps it in the cookie.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use kernel::Locale;
use leptos::prelude::*;

const VI: &str = include_str!("../locales/vi.ftl");
const EN: &str = include_str!("../locales/en.ftl");
const JA: &str = include_str!("../locales/ja.ftl");
const ZH: &str = include_str!("../locales/zh.ftl");

/// Every translation file with its language, for the tests that compare them.
pub const SOURCES: [(Locale, &str); 4] = [
    (Locale::Vi, VI),
    (Locale::En, EN),
    (Locale::Ja, JA),
    (Locale::Zh, ZH),
];

/// The name of the cookie that remembers the language.
pub const COOKIE: &str = "lang";

/// The compiled translations: constant data, parsed once.
struct Translations {
    vi: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    ja: FluentBundle<FluentResource>,
    zh: FluentBundle<FluentResource>,
}

impl Translations {
    fn of(&self, locale: Locale) -> &FluentBundle<FluentResource> {
        match locale {
            Locale::Vi => &self.vi,
            Locale::En => &self.en,
            Locale::Ja => &self.ja,
            Locale::Zh => &self.zh,
        }
    }
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
    ja: bundle("ja", JA),
    zh: bundle("zh", ZH),
});

/// The language of the page being rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang(pub Locale);

/// Translates `key` in `locale`, with arguments.
pub fn translate(locale: Locale, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    try_translate(locale, key, args).unwrap_or_else(|| {
        tracing::warn!(key, %locale, "missing translation");
        key.to_owned()
    })
}

/// Translates `key` in `locale` with arguments, when the translations know
/// it.
pub fn try_translate(
    locale: Locale,
    key: &str,
    args: &[(&str, FluentValue<'_>)],
) -> Option<String> {
    let bundle = TRANSLATIONS.of(locale);
    let pattern = bundle.get_message(key).and_then(|m| m.value())?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, ?errors, "translation arguments");
    }
    Some(text.into_owned())
}

/// Translates `key` in the page's language when the translations know it.
pub fn try_t(key: &str) -> Option<String> {
    let bundle = TRANSLATIONS.of(lang());
    bundle.get_message(key).and_then(|m| m.value())?;
    Some(t(key))
}

/// The `lang` attribute for a seller's text found in `written` (see
/// [`kernel::I18nText::found`]) on this page: none when it is the page's
/// own language, so that only a fallback is marked.
pub fn lang_of(written: Locale) -> Option<&'static str> {
    (written != lang()).then(|| written.html_lang())
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
        .and_then(|(_, v)| v.parse::<Locale>().ok());
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
        return locale;
    }
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language)
        .unwrap_or(Locale::Vi)
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
    fn every_language_has_every_message_and_parses_cleanly() {
        let english = ids(EN);
        assert!(english.len() > 50);
        let mut problems = Vec::new();
        for (locale, source) in SOURCES {
            let mine = ids(source);
            println!("{locale}.ftl: {} messages", mine.len());
            if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
                problems.push(format!("{locale}.ftl does not parse: {errors:?}"));
            }
            for key in english.difference(&mine) {
                problems.push(format!("{key} is missing in {locale}.ftl"));
            }
            for key in mine.difference(&english) {
                problems.push(format!("{key} is in {locale}.ftl but not in en.ftl"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_message_the_pages_ask_for_exists_in_every_language() {
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
        let all: Vec<BTreeSet<String>> = SOURCES.iter().map(|(_, s)| ids(s)).collect();
        let missing: Vec<&String> = asked
            .iter()
            .filter(|k| all.iter().any(|ids| !ids.contains(*k)))
            .collect();
        assert!(missing.is_empty(), "messages missing: {missing:?}");
    }

    /// The source text of message `key`: its line and the indented lines
    /// that go on with it (the variants of a select).
    fn message_source(source: &str, key: &str) -> Option<String> {
        let mut lines = source.lines().skip_while(|l| {
            l.split_once(" = ")
                .is_none_or(|(id, _)| id.trim_end() != key || l.starts_with([' ', '#']))
        });
        let first = lines.next()?;
        let rest: Vec<&str> = lines.take_while(|l| l.starts_with(' ')).collect();
        Some(
            std::iter::once(first)
                .chain(rest)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }

    #[test]
    fn every_problem_code_has_a_message_with_its_arguments_in_every_language() {
        let mut problems = Vec::new();
        for (code, args) in kernel::problem::CODES {
            let key = format!("problem-{}", code.replace('_', "-"));
            for (locale, source) in SOURCES {
                let Some(text) = message_source(source, &key) else {
                    problems.push(format!("{key} is missing in {locale}.ftl"));
                    continue;
                };
                for arg in *args {
                    if !text.contains(&format!("{{ ${arg} }}")) {
                        problems.push(format!("{key} in {locale}.ftl does not use {{ ${arg} }}"));
                    }
                }
            }
        }
        // and no message for a code that does not exist
        let known: BTreeSet<String> = kernel::problem::CODES
            .iter()
            .map(|(code, _)| format!("problem-{}", code.replace('_', "-")))
            .collect();
        for (locale, source) in SOURCES {
            for key in ids(source)
                .into_iter()
                .filter(|k| k.starts_with("problem-"))
            {
                if !known.contains(&key) {
                    problems.push(format!("{key} in {locale}.ftl is no problem code"));
                }
            }
        }
        println!(
            "{} problem codes, each translated in {} languages",
            kernel::problem::CODES.len(),
            SOURCES.len()
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn problems_are_translated_by_code_with_their_arguments() {
        use crate::forms::translate_problem_in;
        use kernel::problem;
        let tier = problem::price_tier_not_falling(50);
        assert_eq!(
            translate_problem_in(Locale::En, &tier),
            "must be lower than the price from 50 (more units, lower price)"
        );
        assert_eq!(
            translate_problem_in(Locale::Vi, &tier),
            "phải thấp hơn giá từ 50 sản phẩm (mua nhiều, giá rẻ hơn)"
        );
        // amounts of đồng are written as money in every language
        let refund = problem::refund_too_large(250_000);
        assert_eq!(
            translate_problem_in(Locale::Ja, &refund),
            "まだ返金していない 250.000\u{a0}₫ 以内にしてください"
        );
        // a select on an argument names the payment method in words
        let cod = problem::payment_method_not_abroad("cod");
        assert!(translate_problem_in(Locale::Vi, &cod).contains("trong Việt Nam"));
        assert_eq!(
            translate_problem_in(Locale::En, &cod),
            "cash on delivery works only in Vietnam"
        );
        assert_eq!(
            translate_problem_in(Locale::Zh, &problem::below_field("min_price")),
            "不能低于最低价格"
        );
        assert_eq!(
            translate_problem_in(Locale::En, &problem::too_long(120)),
            "must be at most 120 characters"
        );
        // a number no double holds exactly is passed as text
        assert_eq!(
            translate_problem_in(Locale::En, &problem::at_most(i64::MAX)),
            "must be at most 9223372036854775807"
        );
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
        assert_eq!(translate(Locale::Ja, "nav-cart", &[]), "カート");
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
