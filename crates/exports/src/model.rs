//! The export desk's vocabulary: Incoterms, the steps of an export order,
//! its two payments and the documents a shipment needs.

use serde::{Deserialize, Serialize};

/// The Incoterms 2020 rules an importer may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Incoterm {
    /// Ex works: collected at the cooperative (Huế).
    Exw,
    /// Free carrier: handed to the buyer's carrier at a named place.
    Fca,
    /// Free on board: loaded on the ship at the port (Đà Nẵng).
    Fob,
    /// Cost and freight to the destination port.
    Cfr,
    /// Cost, insurance and freight to the destination port.
    Cif,
}

impl Incoterm {
    /// Every rule, in the order forms offer them.
    pub const ALL: [Incoterm; 5] = [Self::Exw, Self::Fca, Self::Fob, Self::Cfr, Self::Cif];

    /// Its three letters.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exw => "EXW",
            Self::Fca => "FCA",
            Self::Fob => "FOB",
            Self::Cfr => "CFR",
            Self::Cif => "CIF",
        }
    }

    /// Reads three letters, in any case.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|i| i.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether the named place is the destination port (C rules) rather
    /// than a place in Vietnam.
    pub fn names_destination(self) -> bool {
        matches!(self, Self::Cfr | Self::Cif)
    }

    /// The usual named place in Vietnam for the rule.
    pub fn default_place(self) -> &'static str {
        match self {
            Self::Exw => "Huế",
            Self::Fca => "Huế",
            Self::Fob | Self::Cfr | Self::Cif => "Đà Nẵng",
        }
    }

    /// The machine values, for a `not_one_of` problem.
    pub const CHOICES: &'static [&'static str; 5] = &["EXW", "FCA", "FOB", "CFR", "CIF"];
}

/// Where a request for quote stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for the cooperative's quote.
    Open,
    /// Quoted (perhaps more than once).
    Quoted,
    /// A quote was accepted: an export order exists.
    Accepted,
}

impl RequestStatus {
    /// Its name in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Quoted => "quoted",
            Self::Accepted => "accepted",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Quoted, Self::Accepted]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// The steps of an export order, in order.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ExportStatus {
    /// Accepted: the deposit is to pay.
    AwaitingDeposit,
    /// The deposit arrived: production may start.
    DepositPaid,
    /// Being made.
    InProduction,
    /// Made and packed (with photos): the balance is to pay.
    Ready,
    /// The balance arrived.
    BalancePaid,
    /// Handed to the carrier (with the container / B/L or AWB number).
    Shipped,
    /// Arrived.
    Delivered,
}

impl ExportStatus {
    /// Every step, in order.
    pub const ALL: [ExportStatus; 7] = [
        Self::AwaitingDeposit,
        Self::DepositPaid,
        Self::InProduction,
        Self::Ready,
        Self::BalancePaid,
        Self::Shipped,
        Self::Delivered,
    ];

    /// Its name in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingDeposit => "awaiting_deposit",
            Self::DepositPaid => "deposit_paid",
            Self::InProduction => "in_production",
            Self::Ready => "ready",
            Self::BalancePaid => "balance_paid",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The step after this one.
    pub fn next(self) -> Option<Self> {
        let at = Self::ALL.iter().position(|s| *s == self)?;
        Self::ALL.get(at + 1).copied()
    }

    /// Whether the cooperative moves the order to this step (the two
    /// payment steps are reached when the money is recorded).
    pub fn set_by_cooperative(self) -> bool {
        matches!(
            self,
            Self::InProduction | Self::Ready | Self::Shipped | Self::Delivered
        )
    }
}

/// The two payments of an export order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Paid on acceptance, before production.
    Deposit,
    /// Paid when the goods are ready, before shipping.
    Balance,
}

impl Part {
    /// Its name in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deposit => "deposit",
            Self::Balance => "balance",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Deposit, Self::Balance]
            .into_iter()
            .find(|x| x.as_str() == s)
    }

    /// The step its payment moves the order to, and the step it must be at.
    pub fn steps(self) -> (ExportStatus, ExportStatus) {
        match self {
            Self::Deposit => (ExportStatus::AwaitingDeposit, ExportStatus::DepositPaid),
            Self::Balance => (ExportStatus::Ready, ExportStatus::BalancePaid),
        }
    }
}

/// A document a shipment needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The proforma invoice (made by the market on acceptance).
    ProformaInvoice,
    /// The commercial invoice (made by the market).
    CommercialInvoice,
    /// The packing list (made by the market).
    PackingList,
    /// The certificate of origin (the form depends on the destination).
    CertificateOfOrigin,
    /// The phytosanitary certificate, for plant-based goods.
    Phytosanitary,
    /// The fumigation certificate, for plant-based goods.
    Fumigation,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 6] = [
        Self::ProformaInvoice,
        Self::CommercialInvoice,
        Self::PackingList,
        Self::CertificateOfOrigin,
        Self::Phytosanitary,
        Self::Fumigation,
    ];

    /// Its name in the database, the API and the path.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProformaInvoice => "proforma_invoice",
            Self::CommercialInvoice => "commercial_invoice",
            Self::PackingList => "packing_list",
            Self::CertificateOfOrigin => "certificate_of_origin",
            Self::Phytosanitary => "phytosanitary",
            Self::Fumigation => "fumigation",
        }
    }

    /// Reads a name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the market makes it (the others are uploaded by the
    /// cooperative).
    pub fn generated(self) -> bool {
        matches!(
            self,
            Self::ProformaInvoice | Self::CommercialInvoice | Self::PackingList
        )
    }

    /// The kinds a cooperative uploads, for a `not_one_of` problem.
    pub const UPLOADED: &'static [&'static str; 3] =
        &["certificate_of_origin", "phytosanitary", "fumigation"];
}

/// The form of certificate of origin that gives the lower duty in
/// `country` (ISO 3166) for goods of Vietnam: Form E under ACFTA (China),
/// Form VJ under the Vietnam–Japan EPA (or AJ under AJCEP), Form AK
/// (Korea), Form D within ASEAN, EUR.1 / REX for the European Union under
/// EVFTA, CPTPP self-certification for its members, else the
/// non-preferential certificate.
pub fn origin_form(country: &str) -> &'static str {
    match country {
        "CN" => "Form E",
        "JP" => "Form VJ / AJ",
        "KR" => "Form AK / VK",
        "IN" => "Form AI",
        "AU" | "NZ" => "Form AANZ",
        "BN" | "KH" | "ID" | "LA" | "MY" | "MM" | "PH" | "SG" | "TH" => "Form D",
        "AT" | "BE" | "BG" | "HR" | "CY" | "CZ" | "DK" | "EE" | "FI" | "FR" | "DE" | "GR"
        | "HU" | "IE" | "IT" | "LV" | "LT" | "LU" | "MT" | "NL" | "PL" | "PT" | "RO" | "SK"
        | "SI" | "ES" | "SE" => "EUR.1 / REX",
        "GB" => "EUR.1 / REX (UKVFTA)",
        "CA" | "MX" | "PE" | "CL" => "CPTPP",
        _ => "C/O (non-preferential)",
    }
}

/// What the goods of a shipment are, for the certificates they need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Goods {
    /// Handicrafts of plant material (bamboo, rattan, sedge, seagrass):
    /// fumigated against pests before they leave, with a certificate.
    pub plant_material: bool,
    /// Fresh or dried produce (rice, tea, herbs, vegetables): a
    /// phytosanitary certificate of the plant protection authority.
    pub produce: bool,
}

/// The categories of handicrafts of plant material (a category counts when
/// it or a parent is one of these).
pub const PLANT_MATERIAL_CATEGORIES: &[&str] = &["may-tre-dan"];

/// The categories of produce.
pub const PRODUCE_CATEGORIES: &[&str] = &["nong-san"];

/// The documents a shipment of `goods` must have before it ships: always
/// the commercial invoice, the packing list and the certificate of origin
/// (its form by destination, [`origin_form`]); a fumigation certificate for
/// plant material; a phytosanitary certificate for produce.
pub fn required_documents(goods: Goods) -> Vec<DocumentKind> {
    let mut kinds = vec![
        DocumentKind::CommercialInvoice,
        DocumentKind::PackingList,
        DocumentKind::CertificateOfOrigin,
    ];
    if goods.produce {
        kinds.push(DocumentKind::Phytosanitary);
    }
    if goods.plant_material {
        kinds.push(DocumentKind::Fumigation);
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_moves_through_its_steps_in_order() {
        let mut at = ExportStatus::AwaitingDeposit;
        let mut seen = vec![at];
        while let Some(next) = at.next() {
            seen.push(next);
            at = next;
        }
        assert_eq!(seen, ExportStatus::ALL);
        assert!(!ExportStatus::DepositPaid.set_by_cooperative());
        assert!(ExportStatus::Ready.set_by_cooperative());
    }

    #[test]
    fn japan_and_china_get_their_preferential_forms() {
        assert_eq!(origin_form("JP"), "Form VJ / AJ");
        assert_eq!(origin_form("CN"), "Form E");
        assert_eq!(origin_form("US"), "C/O (non-preferential)");
    }

    #[test]
    fn rattan_is_fumigated_and_produce_needs_a_phytosanitary_certificate() {
        let rattan = required_documents(Goods {
            plant_material: true,
            produce: false,
        });
        assert!(rattan.contains(&DocumentKind::Fumigation));
        assert!(!rattan.contains(&DocumentKind::Phytosanitary));
        let rice = required_documents(Goods {
            plant_material: false,
            produce: true,
        });
        assert!(rice.contains(&DocumentKind::Phytosanitary));
        assert!(!rice.contains(&DocumentKind::Fumigation));
        assert!(required_documents(Goods::default()).contains(&DocumentKind::CertificateOfOrigin));
        assert_eq!(Incoterm::parse("fob"), Some(Incoterm::Fob));
    }
}
