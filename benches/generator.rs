//! A catalogue at the market's scale, written straight into the real schema:
//! the demo category tree, 319 approved cooperatives with their
//! certifications, and any number of published listings with 1–3 variants,
//! a picture row and now and then a certification of their own.
//!
//! Rows are exactly what the app writes: status `published`, unique slugs
//! in the app's `<title>-<n>` form, `search_text` from the catalogue's own
//! function, and the price range and `in_stock` summary computed from the
//! variants as `entity::products::refresh_summary` computes them. Listing
//! `i` is the same whatever batch it is written in, so 10,000 listings and
//! then 90,000 more make the same catalogue as 100,000 at once.
//!
//! Words and the random generator follow `crates/search/benches/search.rs`.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use entity::json::{Options, PriceTier, PriceTiers, StringList};
use entity::{
    categories, certifications, cooperatives, product_images, product_variants, products,
};
use futures::StreamExt;
use kernel::{I18nText, slugify};
use sea_orm::{ActiveValue::Set, DatabaseConnection, DbErr, EntityTrait};
use serde::Deserialize;
use uuid::Uuid;

/// Cooperatives in the generated market.
pub const COOPERATIVES: usize = 319;

/// Listings written in one transaction.
const CHUNK: usize = 1_000;

/// Transactions in flight at once.
const WRITERS: usize = 3;

/// Parameters of one multi-row INSERT: PostgreSQL takes at most 65,535 a
/// statement, SQLite 32,766.
const PARAMETERS_PER_INSERT: usize = 30_000;

/// Rows of `E` in one multi-row INSERT.
fn rows_per_insert<E: EntityTrait>() -> usize {
    use sea_orm::Iterable as _;
    (PARAMETERS_PER_INSERT / E::Column::iter().count().max(1)).max(1)
}

const CATEGORIES: &str = include_str!("../crates/catalog/src/demo/categories.toml");

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Craft objects: Vietnamese, English.
pub const OBJECTS: &[(&str, &str)] = &[
    ("Giỏ", "basket"),
    ("Khay", "tray"),
    ("Nón lá", "conical hat"),
    ("Túi", "bag"),
    ("Khăn", "scarf"),
    ("Bát", "bowl"),
    ("Đĩa", "plate"),
    ("Cốc", "cup"),
    ("Hộp", "box"),
    ("Đèn", "lamp"),
    ("Chiếu", "mat"),
    ("Rổ", "sieve"),
    ("Thớt", "cutting board"),
    ("Đũa", "chopsticks"),
    ("Quạt", "fan"),
    ("Lọ hoa", "vase"),
    ("Ví", "wallet"),
    ("Mũ", "cap"),
    ("Vỏ gối", "cushion cover"),
    ("Tranh", "painting"),
];
/// Materials: Vietnamese, English.
pub const MATERIALS: &[(&str, &str)] = &[
    ("mây", "rattan"),
    ("tre", "bamboo"),
    ("cói", "sedge"),
    ("gỗ", "wood"),
    ("lụa", "silk"),
    ("thổ cẩm", "brocade"),
    ("gốm", "ceramic"),
    ("lục bình", "water hyacinth"),
    ("giấy dó", "dó paper"),
    ("sừng", "horn"),
    ("đồng", "bronze"),
    ("len", "wool"),
    ("vải lanh", "linen"),
    ("dừa", "coconut"),
];
/// Finishes: Vietnamese, English.
pub const FINISHES: &[(&str, &str)] = &[
    ("đan tay", "handwoven"),
    ("thủ công", "handmade"),
    ("truyền thống", "traditional"),
    ("cao cấp", "premium"),
    ("nhỏ", "small"),
    ("lớn", "large"),
    ("tròn", "round"),
    ("vuông", "square"),
    ("sơn mài", "lacquered"),
    ("mộc", "natural"),
    ("xinh xắn", "pretty"),
    ("cổ điển", "classic"),
    ("khắc hoa", "carved"),
    ("nhuộm chàm", "indigo-dyed"),
];
/// Foods: Vietnamese, English, category slug.
pub const FOODS: &[(&str, &str, &str)] = &[
    ("Trà sen", "lotus tea", "tra-thao-duoc"),
    ("Trà gừng", "ginger tea", "tra-thao-duoc"),
    ("Trà cung đình", "royal herbal tea", "tra-thao-duoc"),
    ("Mè xửng", "sesame candy", "rau-cu-dac-san"),
    ("Tôm chua", "sour shrimp", "rau-cu-dac-san"),
    ("Mắm ruốc", "shrimp paste", "rau-cu-dac-san"),
    ("Gạo lứt", "brown rice", "gao-ngu-coc"),
    ("Mật ong rừng", "wild honey", "mat-ong"),
    ("Hạt sen sấy", "dried lotus seeds", "rau-cu-dac-san"),
    ("Rau cải", "mustard greens", "rau-cu-dac-san"),
    ("Cà chua", "tomatoes", "rau-cu-dac-san"),
    ("Nấm linh chi", "reishi mushrooms", "tra-thao-duoc"),
    ("Tiêu đen", "black pepper", "rau-cu-dac-san"),
    ("Bánh ép", "pressed rice cake", "gao-ngu-coc"),
    ("Ruốc sả", "lemongrass shrimp floss", "rau-cu-dac-san"),
];
/// Notes on foods: Vietnamese, English.
pub const FOOD_NOTES: &[(&str, &str)] = &[
    ("sạch", "clean"),
    ("hữu cơ", "organic"),
    ("đặc sản", "speciality"),
    ("gia truyền", "family recipe"),
    ("sấy khô", "dried"),
    ("đóng hộp", "boxed"),
];
/// Villages and towns: Vietnamese, English.
pub const PLACES: &[(&str, &str)] = &[
    ("Huế", "Hue"),
    ("Bao La", "Bao La"),
    ("A Lưới", "A Luoi"),
    ("Phú Vang", "Phu Vang"),
    ("Hội An", "Hoi An"),
    ("Quảng Điền", "Quang Dien"),
    ("Phong Điền", "Phong Dien"),
    ("Thủy Thanh", "Thuy Thanh"),
    ("Kim Long", "Kim Long"),
    ("Phước Tích", "Phuoc Tich"),
    ("Thanh Tiên", "Thanh Tien"),
    ("Phú Lộc", "Phu Loc"),
    ("Hương Trà", "Huong Tra"),
    ("Sịa", "Sia"),
];
/// Provinces and centrally governed cities (after the 2025 merger).
pub const PROVINCES: &[&str] = &[
    "Thành phố Huế",
    "Quảng Trị",
    "Thành phố Đà Nẵng",
    "Quảng Ngãi",
    "Hà Tĩnh",
    "Nghệ An",
    "Thanh Hóa",
    "Ninh Bình",
    "Gia Lai",
    "Đắk Lắk",
    "Lâm Đồng",
    "Khánh Hòa",
    "Lào Cai",
    "Sơn La",
    "Điện Biên",
    "Lai Châu",
    "Tuyên Quang",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Thành phố Hải Phòng",
    "Quảng Ninh",
    "Cao Bằng",
    "Lạng Sơn",
    "Thành phố Hà Nội",
    "Thành phố Hồ Chí Minh",
    "Đồng Nai",
    "Tây Ninh",
    "Vĩnh Long",
    "Đồng Tháp",
    "An Giang",
    "Cà Mau",
    "Thành phố Cần Thơ",
];
const COMMUNES: &[&str] = &[
    "Xã Đan Điền",
    "Phường Kim Long",
    "Xã A Lưới 2",
    "Xã Phú Vang",
    "Phường Thủy Xuân",
    "Xã Quảng Điền",
    "Xã Phong Điền",
    "Phường Thuận Hóa",
    "Xã Phú Lộc",
    "Phường Hương Trà",
    "Xã Phong Dinh",
    "Xã Lộc An",
    "Phường Thanh Thủy",
    "Xã Vinh Lộc",
];
const TRADES: &[(&str, &str)] = &[
    ("Nông nghiệp", "farming"),
    ("Mây tre đan", "bamboo and rattan weaving"),
    ("Dệt thổ cẩm", "brocade weaving"),
    ("Nón lá", "conical hat making"),
    ("Gốm", "pottery"),
    ("Trà thảo mộc", "herbal tea"),
    ("Nuôi ong", "bee keeping"),
    ("Sản xuất – Dịch vụ", "production and services"),
    ("Nông sản sạch", "clean farm produce"),
    ("Chế biến thực phẩm", "food processing"),
    ("Thủ công mỹ nghệ", "handicrafts"),
    ("Du lịch cộng đồng", "community tourism"),
    ("Sơn mài", "lacquerware"),
    ("Hương trầm", "incense making"),
];
const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Hồ", "Ngô", "Dương",
];
const MIDDLE: &[&str] = &["Văn", "Thị", "Hữu", "Đình", "Ngọc", "Minh", "Thanh"];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cúc", "Dũng", "Hoa", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Sương", "Tâm",
    "Thảo", "Vân",
];
const EXPERIENCES: &[(&str, &str)] = &[
    ("Một ngày làm thợ đan", "A day as a weaver"),
    ("Lớp học làm nón lá", "Conical hat workshop"),
    ("Tour làng nghề", "Craft village tour"),
    ("Trải nghiệm hái chè", "Tea picking experience"),
];
const SERVICES: &[(&str, &str)] = &[
    ("Gói quà doanh nghiệp", "Corporate gift boxes"),
    ("Khắc tên theo yêu cầu", "Name engraving to order"),
];

/// The generated market's sellers.
#[derive(Clone, Debug)]
pub struct Cooperative {
    /// Its id.
    pub id: Uuid,
    /// Its URL name.
    pub slug: String,
    /// Its legal name.
    pub name: String,
    /// Its province.
    pub province: String,
}

/// What is written once before any listing: categories and cooperatives.
#[derive(Clone, Debug)]
pub struct Market {
    /// The cooperatives, all approved.
    pub cooperatives: Vec<Cooperative>,
    /// Category ids by slug (the demo tree).
    pub categories: BTreeMap<String, Uuid>,
}

impl Market {
    /// The category slugs, sorted.
    pub fn category_slugs(&self) -> Vec<String> {
        self.categories.keys().cloned().collect()
    }
}

/// Rows written by [`add_listings`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Listings.
    pub products: usize,
    /// Variants.
    pub variants: usize,
    /// Picture rows.
    pub images: usize,
    /// Certifications of single listings.
    pub certifications: usize,
}

impl std::ops::AddAssign for Written {
    fn add_assign(&mut self, other: Self) {
        self.products += other.products;
        self.variants += other.variants;
        self.images += other.images;
        self.certifications += other.certifications;
    }
}

#[derive(Deserialize)]
struct CategoryFile {
    category: Vec<CategorySeed>,
}

#[derive(Deserialize)]
struct CategorySeed {
    slug: String,
    parent: Option<String>,
    vi: String,
    en: String,
    position: i32,
}

fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

fn person(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(FAMILY),
        rng.pick(MIDDLE),
        rng.pick(GIVEN)
    )
}

/// Writes the demo category tree and [`COOPERATIVES`] approved cooperatives
/// with their certifications (OCOP, VietGAP, organic, awards; most
/// verified, some pending, some expired).
pub async fn seed_market(db: &DatabaseConnection) -> Result<Market, DbErr> {
    let file: CategoryFile =
        toml::from_str(CATEGORIES).map_err(|e| DbErr::Custom(format!("categories.toml: {e}")))?;
    let now = Utc::now();
    let mut categories_by_slug = BTreeMap::new();
    let mut category_rows = Vec::new();
    for seed in &file.category {
        let parent_id = match &seed.parent {
            Some(parent) => Some(
                *categories_by_slug
                    .get(parent)
                    .ok_or_else(|| DbErr::Custom(format!("unknown parent category {parent}")))?,
            ),
            None => None,
        };
        let id = Uuid::now_v7();
        categories_by_slug.insert(seed.slug.clone(), id);
        category_rows.push(categories::ActiveModel {
            id: Set(id),
            parent_id: Set(parent_id),
            slug: Set(seed.slug.clone()),
            name: Set(I18nText::vi_en(&seed.vi, &seed.en)),
            position: Set(seed.position),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }

    let mut rng = Rng::new(0xC00B_0B0B);
    let mut names = HashSet::new();
    let mut coops = Vec::with_capacity(COOPERATIVES);
    let mut coop_rows = Vec::with_capacity(COOPERATIVES);
    let mut cert_rows = Vec::new();
    for n in 0..COOPERATIVES {
        let (prefix, kind) = match rng.below(10) {
            0..=6 => ("HTX", cooperatives::Kind::Cooperative),
            7 | 8 => ("Tổ hợp tác", cooperatives::Kind::CooperativeGroup),
            _ => ("Hộ kinh doanh", cooperatives::Kind::HouseholdBusiness),
        };
        let (trade_vi, trade_en) = *rng.pick(TRADES);
        let (place_vi, place_en) = *rng.pick(PLACES);
        let mut name = format!("{prefix} {trade_vi} {place_vi}");
        let mut k = 2;
        while !names.insert(name.clone()) {
            name = format!("{prefix} {trade_vi} {place_vi} số {k}");
            k += 1;
        }
        let slug = slugify(&name);
        let province = if rng.chance(50) {
            PROVINCES[0].to_owned()
        } else {
            (*rng.pick(PROVINCES)).to_owned()
        };
        let id = Uuid::now_v7();
        let founded = 1995 + rng.below(30) as i32;
        let members = 7 + rng.below(200) as i32;
        let approved = base_time() - Duration::days(30 + rng.below(700) as i64);
        coop_rows.push(cooperatives::ActiveModel {
            id: Set(id),
            slug: Set(slug.clone()),
            name: Set(name.clone()),
            kind: Set(kind),
            status: Set(cooperatives::Status::Approved),
            registration_number: Set(Some(format!("3301{:06}", 100_000 + n))),
            tax_code: Set(Some(format!("33{:08}", 10_000_000 + n * 7_919))),
            province: Set(province.clone()),
            district: Set(None),
            ward: Set(Some((*rng.pick(COMMUNES)).to_owned())),
            street: Set(Some(format!("Thôn {}", 1 + rng.below(12)))),
            representative: Set(Some(person(&mut rng))),
            phone: Set(Some(format!("0234 {:03} {:03}", rng.below(1000), rng.below(1000)))),
            email: Set(Some(format!("lienhe@{slug}.hoptac.vn"))),
            members_count: Set(Some(members)),
            local_jobs: Set(Some(members + rng.below(150) as i32)),
            founded_year: Set(Some(founded)),
            summary: Set(I18nText::vi_en(
                format!("{members} thành viên ở {place_vi} cùng làm nghề {} từ năm {founded}.", trade_vi.to_lowercase()),
                format!("{members} members in {place_en} working together in {trade_en} since {founded}."),
            )),
            story: Set(I18nText::vi_en(
                format!(
                    "{name} được thành lập năm {founded} để các hộ ở {place_vi} có việc làm đều đặn và tiền công sòng phẳng.\n\n\
                     Nay hợp tác xã có {members} thành viên. Nhiều người làm ngay tại nhà, xen giữa những buổi ra đồng."
                ),
                format!(
                    "{name} was founded in {founded} so that households in {place_en} would have steady work and fair pay.\n\n\
                     Today it has {members} members. Many of them work at home, in the hours between jobs in the fields."
                ),
            )),
            owner_id: Set(None),
            approved_at: Set(Some(approved)),
            status_reason: Set(None),
            status_changed_at: Set(Some(approved)),
            submitted_at: Set(Some(approved - Duration::days(7))),
            payout_bank_bin: Set(Some("970405".to_owned())),
            payout_account: Set(Some(format!("4000{:09}", n * 104_729))),
            payout_account_name: Set(Some(slugify(&name).replace('-', " ").to_uppercase())),
            created_at: Set(approved - Duration::days(10)),
            updated_at: Set(approved),
        });
        let today = now.date_naive();
        for (kind, percent) in [
            (certifications::Kind::Ocop, 25),
            (certifications::Kind::Vietgap, 15),
            (certifications::Kind::Organic, 5),
            (certifications::Kind::Award, 3),
        ] {
            if rng.chance(percent) {
                let status = match rng.below(20) {
                    0 => certifications::Status::Pending,
                    1 => certifications::Status::Rejected,
                    _ => certifications::Status::Verified,
                };
                // one in ten verified ones has expired: the shop hides it
                let expired = rng.chance(10);
                cert_rows.push(certification(
                    &mut rng, id, None, kind, status, expired, today, now,
                ));
            }
        }
        coops.push(Cooperative {
            id,
            slug,
            name,
            province,
        });
    }

    let txn = entity::db::begin_write(db).await?;
    categories::Entity::insert_many(category_rows)
        .exec_without_returning(&txn)
        .await?;
    for chunk in coop_rows.chunks(rows_per_insert::<cooperatives::Entity>()) {
        cooperatives::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for chunk in cert_rows.chunks(rows_per_insert::<certifications::Entity>()) {
        certifications::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(Market {
        cooperatives: coops,
        categories: categories_by_slug,
    })
}

#[expect(clippy::too_many_arguments, reason = "one row, its facts")]
fn certification(
    rng: &mut Rng,
    cooperative: Uuid,
    product: Option<Uuid>,
    kind: certifications::Kind,
    status: certifications::Status,
    expired: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> certifications::ActiveModel {
    let issued = today - Duration::days(400 + rng.below(600) as i64);
    let expires = match kind {
        certifications::Kind::Award => None,
        _ if expired => Some(today - Duration::days(1 + rng.below(90) as i64)),
        _ => Some(today + Duration::days(90 + rng.below(900) as i64)),
    };
    let (name, issuer, level, stars) = match kind {
        certifications::Kind::Ocop => (
            None,
            "UBND Thành phố Huế",
            Some(["district", "province", "national"][rng.below(3)].to_owned()),
            Some(3 + rng.below(3) as i16),
        ),
        certifications::Kind::Vietgap => (None, "Trung tâm Chứng nhận VietGAP", None, None),
        certifications::Kind::Organic => (None, "Control Union", None, None),
        certifications::Kind::Award => (
            Some("Giải thưởng Mai An Tiêm".to_owned()),
            "Hội đồng Giải thưởng Mai An Tiêm",
            None,
            None,
        ),
    };
    let verified = status == certifications::Status::Verified;
    certifications::ActiveModel {
        id: Set(Uuid::now_v7()),
        cooperative_id: Set(cooperative),
        product_id: Set(product),
        kind: Set(kind),
        name: Set(name),
        number: Set(Some(format!("CN-{:08}", rng.below(100_000_000)))),
        issuer: Set(Some(issuer.to_owned())),
        level: Set(level),
        stars: Set(stars),
        issued_on: Set(Some(issued)),
        expires_on: Set(expires),
        status: Set(status),
        evidence_key: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set((status != certifications::Status::Pending).then_some(now)),
        review_note: Set((status == certifications::Status::Rejected)
            .then(|| "Giấy chứng nhận không đọc được".to_owned())),
        evidence_filename: Set(None),
        evidence_content_type: Set(None),
        submitted_by: Set(None),
        created_at: Set(now),
        updated_at: Set(if verified {
            now
        } else {
            now - Duration::days(1)
        }),
    }
}

/// One generated listing and what belongs to it.
struct Listing {
    product: products::ActiveModel,
    variants: Vec<product_variants::ActiveModel>,
    image: product_images::ActiveModel,
    certification: Option<certifications::ActiveModel>,
}

/// Which cooperative sells listing `i`: a few sell a lot, most a little.
fn seller(rng: &mut Rng, market: &Market) -> usize {
    let n = market.cooperatives.len();
    ((rng.unit().powf(1.5) * n as f64) as usize).min(n - 1)
}

fn listing(i: usize, market: &Market) -> Result<Listing, DbErr> {
    let mut rng = Rng::new(0x5EED_0F4E ^ (i as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let coop = &market.cooperatives[seller(&mut rng, market)];
    let category = |slug: &str| {
        market
            .categories
            .get(slug)
            .copied()
            .ok_or_else(|| DbErr::Custom(format!("no category {slug}")))
    };
    let (place_vi, place_en) = *rng.pick(PLACES);
    let roll = rng.below(100);
    let food = roll < 30;
    let (vi, en, category_id, mut tags, weight_options) = if food {
        let (f_vi, f_en, cat) = *rng.pick(FOODS);
        let (n_vi, n_en) = *rng.pick(FOOD_NOTES);
        (
            format!("{f_vi} {n_vi} {place_vi}"),
            format!("{place_en} {n_en} {f_en}"),
            category(cat)?,
            vec![f_en.to_owned(), n_en.to_owned(), "food".to_owned()],
            true,
        )
    } else if roll < 97 {
        let (o_vi, o_en) = *rng.pick(OBJECTS);
        let (m_vi, m_en) = *rng.pick(MATERIALS);
        let (a_vi, a_en) = *rng.pick(FINISHES);
        let cat = match m_en {
            "rattan" | "bamboo" | "sedge" | "water hyacinth" | "coconut" => "may-tre-dan",
            "brocade" | "silk" | "wool" | "linen" => {
                if matches!(o_en, "scarf" | "cap" | "bag" | "wallet") && rng.chance(50) {
                    "may-mac"
                } else {
                    "det-tho-cam"
                }
            }
            _ => "thu-cong-my-nghe",
        };
        (
            format!("{o_vi} {m_vi} {a_vi} {place_vi}"),
            format!("{a_en} {m_en} {o_en} from {place_en}"),
            category(cat)?,
            vec![m_en.to_owned(), o_en.to_owned(), a_en.to_owned()],
            false,
        )
    } else if roll < 99 {
        let (e_vi, e_en) = *rng.pick(EXPERIENCES);
        (
            format!("{e_vi} {place_vi}"),
            format!("{e_en} in {place_en}"),
            category("du-lich-trai-nghiem")?,
            vec!["experience".to_owned(), "tour".to_owned()],
            false,
        )
    } else {
        let (s_vi, s_en) = *rng.pick(SERVICES);
        (
            format!("{s_vi} {place_vi}"),
            format!("{s_en} from {place_en}"),
            category("dich-vu")?,
            vec!["service".to_owned(), "gift".to_owned()],
            false,
        )
    };
    if rng.chance(30) {
        tags.push("gift".to_owned());
    }
    tags.dedup();
    let mut title = I18nText::vi_en(vi.clone(), en.clone());
    if !food && rng.chance(10) {
        title.ja = Some(format!(
            "{}の{}",
            rng.pick(JA_MATERIALS),
            rng.pick(JA_OBJECTS)
        ));
        title.zh = Some(format!(
            "{}{}",
            rng.pick(ZH_MATERIALS),
            rng.pick(ZH_OBJECTS)
        ));
    }
    let maker = rng.chance(60).then(|| {
        if rng.chance(50) {
            format!("Nghệ nhân {}", person(&mut rng))
        } else {
            format!("Hộ {}", person(&mut rng))
        }
    });
    let summary = I18nText::vi_en(
        format!(
            "{vi}, làm bởi {} ở {place_vi}. Giao hàng toàn quốc.",
            coop.name
        ),
        format!(
            "{en}, made by {} in {place_en}. Ships nationwide.",
            coop.name
        ),
    );
    let description = I18nText::vi_en(
        format!(
            "**{vi}** do các thành viên của {} làm ra, theo cách làm đã truyền qua nhiều thế hệ ở {place_vi}.\n\n\
             Mỗi sản phẩm được làm thủ công nên hơi khác nhau một chút về màu sắc và kích thước: đó là dấu tay của người thợ.\n\n\
             - Nguyên liệu chọn lọc tại địa phương\n- Đóng gói cẩn thận, giao hàng toàn quốc\n- Đổi trả trong 7 ngày nếu có lỗi",
            coop.name
        ),
        format!(
            "**{en}**, made by the members of {} the way it has been made for generations in {place_en}.\n\n\
             Every piece is made by hand, so colour and size vary a little from one to the next: the maker's touch.\n\n\
             - Local materials, chosen with care\n- Packed carefully, shipped nationwide\n- Returns within 7 days if faulty",
            coop.name
        ),
    );
    let care = (!food && rng.chance(50)).then(|| {
        I18nText::vi_en(
            "Để nơi khô ráo, tránh nắng gắt. Lau bằng khăn ẩm.",
            "Keep dry and out of strong sun. Wipe with a damp cloth.",
        )
    });
    let published_at =
        base_time() + Duration::seconds((rng.next_u64() % (2 * 365 * 24 * 3_600)) as i64);
    let id = Uuid::now_v7();

    // variants: 1 (half), 2 or 3
    let count = match rng.below(10) {
        0..=4 => 1,
        5..=7 => 2,
        _ => 3,
    };
    // log-uniform between 10.000 đ and 5.000.000 đ, rounded to 1.000 đ
    let exponent = 4.0 + rng.unit() * 2.7;
    let base_price = ((10f64.powf(exponent) / 1_000.0).round() as i64).max(10) * 1_000;
    let made_to_order = !food && rng.chance(10);
    let sizes: &[(&str, f64)] = if weight_options {
        &[("250 g", 1.0), ("500 g", 1.9), ("1 kg", 3.6)]
    } else {
        &[
            ("Nhỏ / Small", 1.0),
            ("Vừa / Medium", 1.4),
            ("Lớn / Large", 1.9),
        ]
    };
    let key = if weight_options { "weight" } else { "size" };
    let mut variants = Vec::with_capacity(count);
    let (mut low, mut high, mut in_stock) = (i64::MAX, i64::MIN, false);
    for (position, (label, factor)) in sizes.iter().take(count).enumerate() {
        let price = ((base_price as f64 * factor / 1_000.0).round() as i64) * 1_000;
        // made to order: no stock (and no draw); else 12 % are sold out
        let stock = if made_to_order || rng.chance(12) {
            0
        } else {
            1 + rng.below(200) as i32
        };
        low = low.min(price);
        high = high.max(price);
        in_stock |= made_to_order || stock > 0;
        let mut options = BTreeMap::new();
        if count > 1 {
            options.insert(key.to_owned(), (*label).to_owned());
        }
        let tiers = (rng.chance(5)).then(|| {
            PriceTiers(vec![
                PriceTier {
                    min_qty: 10,
                    price_vnd: price / 100 * 95,
                },
                PriceTier {
                    min_qty: 50,
                    price_vnd: price / 100 * 90,
                },
            ])
        });
        let dimensions = (!weight_options && rng.chance(60)).then(|| {
            (
                100 + rng.below(500) as i32,
                100 + rng.below(500) as i32,
                20 + rng.below(300) as i32,
            )
        });
        variants.push(product_variants::ActiveModel {
            id: Set(Uuid::now_v7()),
            product_id: Set(id),
            cooperative_id: Set(coop.id),
            sku: Set(format!("BENCH-{i:06}-{position}")),
            options: Set(Options(options)),
            price_vnd: Set(price),
            compare_at_vnd: Set(rng.chance(10).then_some(price / 100 * 120)),
            stock: Set(stock),
            weight_grams: Set(Some(100 + rng.below(3_000) as i32)),
            length_mm: Set(dimensions.map(|d| d.0)),
            width_mm: Set(dimensions.map(|d| d.1)),
            height_mm: Set(dimensions.map(|d| d.2)),
            hs_code: Set(rng.chance(30).then(|| "4602.19".to_owned())),
            made_to_order: Set(made_to_order),
            lead_time_days: Set(made_to_order.then(|| 7 + rng.below(24) as i32)),
            min_order_qty: Set(1),
            position: Set(position as i32),
            price_tiers: Set(tiers),
            created_at: Set(published_at - Duration::days(3)),
            updated_at: Set(published_at),
        });
    }

    let image_id = Uuid::now_v7();
    let image = product_images::ActiveModel {
        id: Set(image_id),
        product_id: Set(id),
        position: Set(0),
        storage_key: Set(format!("products/{id}/{image_id}")),
        content_type: Set("image/jpeg".to_owned()),
        width: Set(1_200),
        height: Set(1_200),
        alt: Set(I18nText::vi_en(vi.clone(), en.clone())),
        created_at: Set(published_at - Duration::days(3)),
        pending: Set(false),
    };

    let certification = rng.chance(3).then(|| {
        let kind = if food && rng.chance(50) {
            certifications::Kind::Vietgap
        } else {
            certifications::Kind::Ocop
        };
        let now = Utc::now();
        self::certification(
            &mut rng,
            coop.id,
            Some(id),
            kind,
            certifications::Status::Verified,
            false,
            now.date_naive(),
            now,
        )
    });

    let search_text = catalog::demo::search_text(&title, &tags);
    let product = products::ActiveModel {
        id: Set(id),
        cooperative_id: Set(coop.id),
        category_id: Set(Some(category_id)),
        slug: Set(format!("{}-{}", slugify(&vi), i + 1)),
        title: Set(title),
        summary: Set(summary),
        description: Set(description),
        tags: Set(StringList(tags)),
        origin_commune: Set(rng.chance(70).then(|| (*rng.pick(COMMUNES)).to_owned())),
        origin_province: Set(rng.chance(90).then(|| coop.province.clone())),
        maker: Set(maker),
        care: Set(care),
        status: Set(products::Status::Published),
        featured: Set(rng.chance(1)),
        search_text: Set(search_text),
        published_at: Set(Some(published_at)),
        status_reason: Set(None),
        taken_down: Set(false),
        pending_content: Set(None),
        awaiting_review: Set(false),
        submitted_at: Set(Some(published_at - Duration::days(1))),
        // what entity::products::refresh_summary computes from the variants
        min_price_vnd: Set(Some(low)),
        max_price_vnd: Set(Some(high)),
        in_stock: Set(in_stock),
        rating_count: Set(0),
        rating_sum: Set(0),
        created_at: Set(published_at - Duration::days(3)),
        updated_at: Set(published_at),
    };
    Ok(Listing {
        product,
        variants,
        image,
        certification,
    })
}

const JA_OBJECTS: &[&str] = &["かご", "トレイ", "笠", "バッグ", "スカーフ", "箸", "器"];
const JA_MATERIALS: &[&str] = &["竹", "籐", "木", "絹", "陶器"];
const ZH_OBJECTS: &[&str] = &["篮", "托盘", "斗笠", "包", "围巾", "筷子", "碗"];
const ZH_MATERIALS: &[&str] = &["竹", "藤", "木", "丝", "陶"];

async fn write_chunk(db: &DatabaseConnection, listings: Vec<Listing>) -> Result<Written, DbErr> {
    let mut written = Written::default();
    let mut products = Vec::with_capacity(listings.len());
    let mut variants = Vec::with_capacity(listings.len() * 2);
    let mut images = Vec::with_capacity(listings.len());
    let mut certs = Vec::new();
    for l in listings {
        products.push(l.product);
        variants.extend(l.variants);
        images.push(l.image);
        certs.extend(l.certification);
    }
    written.products = products.len();
    written.variants = variants.len();
    written.images = images.len();
    written.certifications = certs.len();
    let txn = entity::db::begin_write(db).await?;
    for chunk in products.chunks(rows_per_insert::<products::Entity>()) {
        products::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for chunk in variants.chunks(rows_per_insert::<product_variants::Entity>()) {
        product_variants::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for chunk in images.chunks(rows_per_insert::<product_images::Entity>()) {
        product_images::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for chunk in certs.chunks(rows_per_insert::<certifications::Entity>()) {
        certifications::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(written)
}

/// Writes listings number `range` (0-based; listing `i` is always the same
/// listing) of `market`, in transactions of 1,000 listings, a few at once.
pub async fn add_listings(
    db: &DatabaseConnection,
    market: &Market,
    range: Range<usize>,
) -> Result<Written, DbErr> {
    let starts: Vec<usize> = range.clone().step_by(CHUNK).collect();
    let mut writes = futures::stream::iter(starts.into_iter().map(|start| {
        let end = (start + CHUNK).min(range.end);
        async move {
            let listings = (start..end)
                .map(|i| listing(i, market))
                .collect::<Result<Vec<_>, _>>()?;
            write_chunk(db, listings).await
        }
    }))
    .buffer_unordered(WRITERS);
    let mut total = Written::default();
    while let Some(written) = writes.next().await {
        total += written?;
    }
    Ok(total)
}

impl std::fmt::Display for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} listings, {} variants, {} pictures, {} listing certifications",
            self.products, self.variants, self.images, self.certifications
        )
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

    use super::*;

    #[tokio::test]
    async fn generated_listings_are_published_with_unique_slugs_and_the_apps_own_summaries() {
        let db = testkit::TestDb::new().await;
        let market = seed_market(&db.conn).await.unwrap();
        assert_eq!(market.cooperatives.len(), COOPERATIVES);
        let first = add_listings(&db.conn, &market, 0..150).await.unwrap();
        let more = add_listings(&db.conn, &market, 150..400).await.unwrap();
        assert_eq!(first.products + more.products, 400);

        let rows = products::Entity::find()
            .order_by_asc(products::Column::Id)
            .all(&db.conn)
            .await
            .unwrap();
        assert_eq!(rows.len(), 400);
        let slugs: HashSet<&str> = rows.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs.len(), 400, "slugs are unique");
        assert!(rows.iter().all(|p| p.status == products::Status::Published));
        assert!(rows.iter().all(|p| p.published_at.is_some()));
        assert!(
            rows.iter()
                .all(|p| p.search_text == catalog::demo::search_text(&p.title, &p.tags.0))
        );
        // the summaries are what the app computes from the variants
        for row in &rows {
            entity::products::refresh_summary(&db.conn, row.id)
                .await
                .unwrap();
        }
        let refreshed = products::Entity::find()
            .order_by_asc(products::Column::Id)
            .all(&db.conn)
            .await
            .unwrap();
        for (before, after) in rows.iter().zip(&refreshed) {
            assert_eq!(before.id, after.id);
            assert_eq!(
                (before.min_price_vnd, before.max_price_vnd, before.in_stock),
                (after.min_price_vnd, after.max_price_vnd, after.in_stock),
                "{}",
                before.slug
            );
        }
        let images = product_images::Entity::find()
            .count(&db.conn)
            .await
            .unwrap();
        assert_eq!(images, 400);
        let variants = product_variants::Entity::find()
            .count(&db.conn)
            .await
            .unwrap();
        assert!((400..=1_200).contains(&variants), "{variants} variants");
        let made_to_order = product_variants::Entity::find()
            .filter(product_variants::Column::MadeToOrder.eq(true))
            .count(&db.conn)
            .await
            .unwrap();
        assert!(made_to_order > 0);
        let verified = certifications::Entity::find()
            .filter(certifications::Column::Status.eq(certifications::Status::Verified))
            .count(&db.conn)
            .await
            .unwrap();
        assert!(verified > 0);
    }
}
