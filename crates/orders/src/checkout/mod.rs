//! Checkout: the cart becomes one payment and one order per cooperative, in
//! one write transaction ([`place`]) that takes the stock, snapshots
//! prices, fees, names and pictures, starts the payment, empties the cart
//! and queues the e-mails. An `Idempotency-Key` is claimed in that same
//! transaction: a retried checkout answers the first result instead of
//! ordering twice, and one cut off by a crash left nothing behind.

mod place;

use entity::json::PostalAddress;
use kernel::{FieldErrors, Money, problem};
use payments::{Destination, PaymentMethod, StartedPayment};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::cart::CartOwner;
use crate::idempotency::Keyed;
use crate::shipping::Zone;
use crate::{Error, OrderStatus, Orders, Result};

/// Who to contact about the orders.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContactInput {
    /// Full name.
    pub name: String,
    /// E-mail address (order e-mails go here).
    pub email: String,
    /// Phone number for the courier.
    pub phone: String,
}

/// Where to deliver: Vietnam (province, district, ward, street) or abroad
/// (country, city, postal code, street).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AddressInput {
    /// ISO country code; `VN` (the default) for Vietnam.
    pub country: String,
    /// Province or city (Vietnam), state (abroad, optional).
    pub province: String,
    /// District (Vietnam).
    pub district: String,
    /// Ward or commune (Vietnam).
    pub ward: String,
    /// City (abroad).
    pub city: String,
    /// Postal code (abroad).
    pub postal_code: String,
    /// House number and street.
    pub street: String,
}

/// What checkout needs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CheckoutInput {
    /// Who.
    pub contact: ContactInput,
    /// Where.
    pub shipping_address: AddressInput,
    /// `cod`, `bank_transfer` or `card`.
    pub payment_method: String,
    /// Pay only the deposit of the bookings that take one now, and the
    /// rest on arrival (goods and shipping are paid in full).
    pub deposit: bool,
}

/// One cooperative's order in a receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReceiptOrder {
    /// Id.
    pub id: Uuid,
    /// Number shown to people.
    pub number: String,
    /// The seller's name.
    pub cooperative_name: String,
    /// Where the order is.
    pub status: OrderStatus,
    /// Sum of its lines.
    pub items_total: Money,
    /// Shipping; none while the cooperative quotes it.
    pub shipping_fee: Option<Money>,
    /// Lines plus known shipping.
    pub total: Money,
    /// What of it is paid to the cooperative on arrival (bookings paid
    /// by deposit).
    pub on_arrival: Money,
}

/// What a checkout made. Stored with the idempotency key and answered again
/// as it was for a retried request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CheckoutReceipt {
    /// The checkout.
    pub checkout_id: Uuid,
    /// One order per cooperative.
    pub orders: Vec<ReceiptOrder>,
    /// The payment started.
    pub payment: StartedPayment,
    /// What the orders cost, shipping included.
    pub total: Money,
    /// What the buyer pays now: the total, less what is paid on arrival.
    pub pay_now: Money,
    /// What is left to pay the cooperatives on arrival (bookings paid by
    /// deposit).
    pub on_arrival: Money,
    /// The buyer's e-mail address, for the guest order lookup.
    pub email: String,
    /// For a guest: the token that opens this checkout and its orders
    /// (send it as `X-Order-Access`; the shop keeps it in a cookie).
    pub access_token: Option<String>,
}

/// A checked checkout.
pub(crate) struct Checked {
    pub(crate) contact: ContactInput,
    pub(crate) address: PostalAddress,
    pub(crate) zone: Zone,
    pub(crate) method: PaymentMethod,
    pub(crate) deposit: bool,
}

/// Trimmed, with runs of whitespace made one space.
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Vietnamese mobile or landline number: 0 or +84, then 9 or 10 digits.
pub fn valid_vn_phone(phone: &str) -> Option<String> {
    let digits: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let national = if let Some(rest) = digits.strip_prefix("+84") {
        format!("0{rest}")
    } else if let Some(rest) = digits.strip_prefix("84").filter(|r| r.len() == 9) {
        format!("0{rest}")
    } else {
        digits
    };
    let ok = national.starts_with('0')
        && (10..=11).contains(&national.len())
        && national.chars().all(|c| c.is_ascii_digit())
        && !national.starts_with("00");
    ok.then_some(national)
}

fn check(input: &CheckoutInput, methods: payments::EnabledMethods) -> Result<Checked> {
    let mut errors = FieldErrors::new();
    let name = clean(&input.contact.name);
    if name.is_empty() {
        errors.add("contact.name", problem::enter_name());
    } else if name.chars().count() > 120 {
        errors.add("contact.name", problem::too_long(120));
    }
    let email = input.contact.email.trim().to_lowercase();
    let email_ok = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.contains(char::is_whitespace);
    if !email_ok {
        errors.add("contact.email", problem::enter_email());
    }
    let a = &input.shipping_address;
    let country = match a.country.trim().to_uppercase() {
        c if c.is_empty() => "VN".to_owned(),
        c => c,
    };
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        errors.add("shipping_address.country", problem::country_code_invalid());
    }
    let zone = if country == "VN" {
        Zone::Domestic
    } else {
        Zone::International
    };
    let phone = match zone {
        Zone::Domestic => valid_vn_phone(&input.contact.phone).unwrap_or_else(|| {
            errors.add("contact.phone", problem::enter_vn_phone());
            String::new()
        }),
        Zone::International => {
            let p = clean(&input.contact.phone);
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if !(6..=15).contains(&digits)
                || !p
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-().".contains(c))
            {
                errors.add("contact.phone", problem::enter_intl_phone());
            }
            p
        }
    };
    let mut required = |field: &str, value: &str, missing: fn() -> kernel::Problem| {
        let v = clean(value);
        if v.is_empty() {
            errors.add(format!("shipping_address.{field}"), missing());
        } else if v.chars().count() > 200 {
            errors.add(format!("shipping_address.{field}"), problem::too_long(200));
        }
        v
    };
    let street = required("street", &a.street, problem::enter_street);
    let address = match zone {
        Zone::Domestic => PostalAddress {
            country: country.clone(),
            province: Some(required("province", &a.province, problem::choose_province)),
            district: Some(required("district", &a.district, problem::enter_district)),
            ward: Some(required("ward", &a.ward, problem::enter_ward)),
            city: None,
            postal_code: None,
            street,
        },
        Zone::International => PostalAddress {
            country: country.clone(),
            province: Some(clean(&a.province)).filter(|s| !s.is_empty()),
            district: None,
            ward: None,
            city: Some(required("city", &a.city, problem::enter_city)),
            postal_code: Some(required(
                "postal_code",
                &a.postal_code,
                problem::enter_postal_code,
            )),
            street,
        },
    };
    let method = PaymentMethod::parse(input.payment_method.trim());
    match method {
        None => errors.add("payment_method", problem::choose_payment_method()),
        Some(m) => {
            let destination = match zone {
                Zone::Domestic => Destination::Domestic,
                Zone::International => Destination::International,
            };
            match methods.check(m, destination) {
                Ok(()) => {}
                Err(payments::Error::MethodNotForDestination(m)) => {
                    errors.add(
                        "payment_method",
                        problem::payment_method_not_abroad(m.as_str()),
                    );
                }
                Err(_) => {
                    errors.add(
                        "payment_method",
                        problem::payment_method_not_offered(m.as_str()),
                    );
                }
            }
        }
    }
    let method = errors.into_result(method).map_err(Error::Invalid)?;
    Ok(Checked {
        contact: ContactInput { name, email, phone },
        address,
        zone,
        method: method.ok_or_else(|| {
            Error::Invalid(FieldErrors::single(
                "payment_method",
                problem::choose_payment_method(),
            ))
        })?,
        deposit: input.deposit,
    })
}

/// The key's scope: whose keys these are.
fn scope(owner: &CartOwner) -> String {
    match owner {
        CartOwner::User(user) => format!("user:{}", user.uuid()),
        CartOwner::Guest(token) => format!("guest:{}", &accounts::tokens::hash(token)[..32]),
    }
}

/// A random order number: `HT-YYMMDD-` and six unambiguous characters.
pub(crate) fn order_number() -> Result<String> {
    kernel::number::dated("HT").ok_or_else(|| Error::Corrupt("no randomness".into()))
}

impl Orders {
    /// Checks out the cart of `owner`. With `key`, a retry of the same
    /// request answers the first receipt again (even while it is still
    /// being made: it waits for it), the same key with another request is
    /// refused, and a request cut off before it committed left nothing
    /// behind, so its retry simply checks out.
    #[tracing::instrument(skip_all)]
    pub async fn checkout(
        &self,
        owner: &CartOwner,
        buyer: Option<&accounts::Actor>,
        input: &CheckoutInput,
        key: Option<&str>,
    ) -> Result<CheckoutReceipt> {
        let checked = check(input, self.config.methods)?;
        let keyed = Keyed::maybe(scope(owner), key, input)?;
        self.place(owner, buyer, checked, keyed.as_ref()).await
    }
}

/// An address on several lines, as a label shows it.
pub fn address_lines(a: &PostalAddress) -> String {
    let mut lines = vec![a.street.clone()];
    let local: Vec<&str> = [a.ward.as_deref(), a.district.as_deref(), a.city.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    if !local.is_empty() {
        lines.push(local.join(", "));
    }
    let region: Vec<&str> = [a.province.as_deref(), a.postal_code.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    if !region.is_empty() {
        lines.push(region.join(" "));
    }
    lines.push(a.country.clone());
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(country: &str, phone: &str, method: &str) -> CheckoutInput {
        CheckoutInput {
            contact: ContactInput {
                name: "  Nguyễn   Văn An ".into(),
                email: "An@Example.VN".into(),
                phone: phone.into(),
            },
            shipping_address: AddressInput {
                country: country.into(),
                province: "Hà Nội".into(),
                district: "Ba Đình".into(),
                ward: "Kim Mã".into(),
                city: "Osaka".into(),
                postal_code: "530-0001".into(),
                street: "12 Kim Mã".into(),
            },
            payment_method: method.into(),
            deposit: false,
        }
    }

    const METHODS: payments::EnabledMethods = payments::EnabledMethods {
        cod: true,
        bank_transfer: true,
        card: false,
    };

    #[test]
    fn vietnamese_phone_numbers_are_normalised() {
        assert_eq!(
            valid_vn_phone("0905 123 456").as_deref(),
            Some("0905123456")
        );
        assert_eq!(
            valid_vn_phone("+84 905.123.456").as_deref(),
            Some("0905123456")
        );
        assert_eq!(
            valid_vn_phone("024 3823 4567").as_deref(),
            Some("02438234567")
        );
        assert_eq!(valid_vn_phone("12345"), None);
        assert_eq!(valid_vn_phone("0905-12a-456"), None);
    }

    #[test]
    fn a_domestic_checkout_is_cleaned_and_accepted() {
        let c = check(&input("", "0905 123 456", "cod"), METHODS).unwrap();
        assert_eq!(c.contact.name, "Nguyễn Văn An");
        assert_eq!(c.contact.email, "an@example.vn");
        assert_eq!(c.address.country, "VN");
        assert_eq!(c.zone, Zone::Domestic);
        assert_eq!(c.method, PaymentMethod::Cod);
    }

    #[test]
    fn cash_on_delivery_abroad_is_refused_with_the_field_named() {
        let Err(Error::Invalid(fields)) = check(&input("JP", "+81 6 1234 5678", "cod"), METHODS)
        else {
            panic!("cod abroad must be refused");
        };
        let refused = &fields.get("payment_method").unwrap()[0];
        assert_eq!(refused.code, "payment_method_not_abroad");
        assert_eq!(
            refused.arg("method"),
            Some(&kernel::problem::Arg::Text("cod".into()))
        );
        assert_eq!(refused.message, "cod cannot pay for a delivery abroad");
        assert!(check(&input("JP", "+81 6 1234 5678", "bank_transfer"), METHODS).is_ok());
    }

    #[test]
    fn every_missing_field_is_named() {
        let Err(Error::Invalid(fields)) = check(&CheckoutInput::default(), METHODS) else {
            panic!("an empty checkout must be refused");
        };
        for field in [
            "contact.name",
            "contact.email",
            "contact.phone",
            "shipping_address.street",
            "shipping_address.province",
            "shipping_address.district",
            "shipping_address.ward",
            "payment_method",
        ] {
            assert!(fields.get(field).is_some(), "{field}: {fields:?}");
        }
    }
}
