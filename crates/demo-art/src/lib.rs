//! Pictures for the demo listings of Hợp Tác, drawn at seed time so that nothing is
//! downloaded: a woven basket, a coiled tray, a brocade band, a bowl of rice,
//! a honeycomb... in the listing's own colours. Deterministic per listing.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{Rgb, RgbImage};

/// The picture styles the demo data may ask for.
pub const STYLES: [&str; 12] = [
    "basket",
    "tray",
    "lamp",
    "fabric",
    "brocade",
    "garment",
    "rice",
    "tea",
    "honey",
    "vegetable",
    "landscape",
    "service",
];

/// Side of the square pictures, in pixels.
pub const SIDE: u32 = 800;

const PAPER: [f32; 3] = [247.0, 241.0, 230.0];

/// A small deterministic generator (SplitMix64): the same listing always
/// gets the same picture.
struct Rng(u64);

impl Rng {
    fn from_str(seed: &str) -> Self {
        // FNV-1a
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Self(h)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A generator for one cell of a pattern, mixed from the listing's seed.
    fn cell(seed: u64, u: f32, v: f32) -> Self {
        let mut rng = Self(
            seed ^ (u as i64 as u64).wrapping_mul(0x9e37_79b9)
                ^ (v as i64 as u64).wrapping_mul(0x85eb_ca6b) << 1,
        );
        rng.next();
        rng
    }

    /// A float in [0, 1).
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

fn parse_hex(hex: &str) -> [f32; 3] {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .map_or(128.0, f32::from)
    };
    [channel(0), channel(2), channel(4)]
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn shade(c: [f32; 3], f: f32) -> [f32; 3] {
    [c[0] * f, c[1] * f, c[2] * f]
}

fn px(c: [f32; 3]) -> Rgb<u8> {
    Rgb([
        c[0].clamp(0.0, 255.0) as u8,
        c[1].clamp(0.0, 255.0) as u8,
        c[2].clamp(0.0, 255.0) as u8,
    ])
}

/// Draws the picture for one listing and encodes it as JPEG at each width
/// asked for (never wider than [`SIDE`]). Resizing and encoding live here too
/// so that all of it is compiled with optimisations in debug builds.
pub fn jpegs(
    style: &str,
    colors: &[String],
    seed: &str,
    widths: &[u32],
) -> Result<Vec<Vec<u8>>, image::ImageError> {
    let picture = draw(style, colors, seed);
    widths
        .iter()
        .map(|&width| {
            let width = width.min(SIDE);
            let resized = if width == SIDE {
                picture.clone()
            } else {
                image::imageops::resize(&picture, width, width, FilterType::Triangle)
            };
            let mut bytes = Cursor::new(Vec::new());
            resized.write_with_encoder(JpegEncoder::new_with_quality(&mut bytes, 82))?;
            Ok(bytes.into_inner())
        })
        .collect()
}

/// Draws the picture for one listing.
pub fn draw(style: &str, colors: &[String], seed: &str) -> RgbImage {
    let main = colors
        .first()
        .map_or([200.0, 161.0, 101.0], |c| parse_hex(c));
    let accent = colors.get(1).map_or([122.0, 78.0, 34.0], |c| parse_hex(c));
    let mut rng = Rng::from_str(seed);
    let jitter = rng.unit();
    let seed = rng.next();
    let s = SIDE as f32;
    RgbImage::from_fn(SIDE, SIDE, |x, y| {
        let (fx, fy) = (x as f32 / s, y as f32 / s);
        // soft light from the top left on warm paper
        let paper = shade(PAPER, 1.0 - 0.08 * (fx + fy) / 2.0);
        let c = match style {
            "basket" => basket(fx, fy, main, accent, paper, jitter),
            "tray" => tray(fx, fy, main, accent, paper),
            "lamp" => lamp(fx, fy, main, accent, paper),
            "brocade" => brocade(fx, fy, main, accent, jitter),
            "fabric" => fabric(fx, fy, main, accent, jitter),
            "garment" => garment(fx, fy, main, accent, paper, jitter),
            "rice" => grains(fx, fy, main, accent, paper, seed),
            "tea" => leaves(fx, fy, main, accent, paper, seed),
            "honey" => honey(fx, fy, main, accent),
            "vegetable" => produce(fx, fy, main, accent, paper, seed),
            "landscape" => landscape(fx, fy, main, accent, jitter),
            _ => service(fx, fy, main, accent, paper),
        };
        px(c)
    })
}

fn weave(fx: f32, fy: f32, main: [f32; 3], accent: [f32; 3], strands: f32) -> [f32; 3] {
    let (u, v) = (fx * strands, fy * strands);
    let (cu, cv) = (u.floor() as i32, v.floor() as i32);
    let over = (cu + cv).rem_euclid(2) == 0;
    let (along, across) = if over {
        (u.fract(), v.fract())
    } else {
        (v.fract(), u.fract())
    };
    let round = (std::f32::consts::PI * across).sin();
    let gap = !(0.06..=0.94).contains(&across);
    if gap {
        return shade(accent, 0.55);
    }
    let base = if over { main } else { mix(main, accent, 0.35) };
    shade(base, 0.72 + 0.3 * round - 0.06 * (along - 0.5).abs())
}

fn basket(
    fx: f32,
    fy: f32,
    main: [f32; 3],
    accent: [f32; 3],
    paper: [f32; 3],
    jitter: f32,
) -> [f32; 3] {
    // a bowl: flat rim at 0.3, rounded bottom
    let (cx, top, bottom) = (0.5, 0.3, 0.84);
    let half = 0.38 + 0.04 * jitter;
    if fy < top - 0.03 || fy > bottom {
        return shadow(fx, fy, paper, bottom);
    }
    let depth = ((fy - top) / (bottom - top)).clamp(0.0, 1.0);
    let width = half * (1.0 - depth * depth * 0.55);
    let dx = (fx - cx) / width;
    if dx.abs() > 1.0 {
        return shadow(fx, fy, paper, bottom);
    }
    if fy < top + 0.02 {
        return shade(accent, 0.9 - 0.2 * dx.abs());
    }
    let curved_x = cx + dx.asin() / std::f32::consts::PI * 0.9;
    shade(
        weave(curved_x, fy, main, accent, 22.0),
        1.0 - 0.35 * dx.abs().powi(3),
    )
}

fn shadow(fx: f32, fy: f32, paper: [f32; 3], floor: f32) -> [f32; 3] {
    let d = ((fx - 0.5) / 0.42).powi(2) + ((fy - floor - 0.02) / 0.035).powi(2);
    if d < 1.0 {
        shade(paper, 0.86 + 0.14 * d)
    } else {
        paper
    }
}

fn tray(fx: f32, fy: f32, main: [f32; 3], accent: [f32; 3], paper: [f32; 3]) -> [f32; 3] {
    let (dx, dy) = (fx - 0.5, (fy - 0.5) * 1.25);
    let r = (dx * dx + dy * dy).sqrt();
    if r > 0.42 {
        return paper;
    }
    if r > 0.395 {
        return shade(accent, 0.85);
    }
    let ring = (r * 70.0).fract();
    let stitch = ((dy.atan2(dx) * 24.0).sin() > 0.92) as u8 as f32;
    let c = mix(main, accent, stitch * 0.8);
    shade(
        c,
        0.75 + 0.25 * (std::f32::consts::PI * ring).sin() - 0.2 * r,
    )
}

fn lamp(fx: f32, fy: f32, main: [f32; 3], accent: [f32; 3], paper: [f32; 3]) -> [f32; 3] {
    let glow = (-(((fx - 0.5).powi(2) + (fy - 0.62).powi(2)) * 9.0)).exp();
    let bg = mix(shade(paper, 0.55), [255.0, 214.0, 140.0], glow * 0.7);
    if fy < 0.12 && (fx - 0.5).abs() < 0.004 {
        return shade(accent, 0.6);
    }
    if !(0.12..=0.78).contains(&fy) {
        return bg;
    }
    let t = (fy - 0.12) / 0.66;
    let half = 0.08 + 0.32 * t.powf(0.7);
    let dx = (fx - 0.5) / half;
    if dx.abs() > 1.0 {
        return bg;
    }
    let rib = (dx.asin() * 9.0).cos().abs();
    let lit = mix(main, [255.0, 230.0, 170.0], 0.45 * (1.0 - dx.abs()));
    if rib > 0.97 {
        shade(accent, 0.8)
    } else {
        shade(lit, 0.8 + 0.25 * (1.0 - dx * dx))
    }
}

fn brocade(fx: f32, fy: f32, main: [f32; 3], accent: [f32; 3], jitter: f32) -> [f32; 3] {
    let band = (fy * 6.0).floor() as i32;
    let v = (fy * 6.0).fract();
    let dark = [28.0, 24.0, 22.0];
    let red = [176.0, 40.0, 38.0];
    // thin border lines between bands
    if !(0.06..=0.94).contains(&v) {
        return if band % 2 == 0 { red } else { accent };
    }
    let u = (fx * (10.0 + 4.0 * jitter)).fract();
    let diamond = (u - 0.5).abs() + (v - 0.5).abs();
    let thread = ((fx * 260.0).sin() * 0.04 + 0.96) * ((fy * 300.0).sin() * 0.03 + 0.97);
    let c = match band % 3 {
        0 if diamond < 0.22 => accent,
        0 if diamond < 0.3 => [238.0, 226.0, 196.0],
        1 if ((u * 4.0).floor() as i32 + (v * 4.0).floor() as i32) % 2 == 0 => main,
        2 if (v - 0.5).abs() < 0.12 + 0.1 * (u * std::f32::consts::TAU).sin() => {
            [238.0, 226.0, 196.0]
        }
        _ => {
            if band % 2 == 0 {
                dark
            } else {
                main
            }
        }
    };
    shade(c, thread)
}

fn fabric(fx: f32, fy: f32, main: [f32; 3], accent: [f32; 3], jitter: f32) -> [f32; 3] {
    let fold = ((fx * 3.0 + fy * 1.2 + jitter) * std::f32::consts::PI).sin();
    let weave = ((fx * 400.0).sin() * (fy * 400.0).sin()) * 0.03;
    let stripe = ((fx + fy * 0.2) * 12.0).fract() < 0.08;
    let c = if stripe { accent } else { main };
    shade(c, 0.82 + 0.16 * fold + weave)
}

fn garment(
    fx: f32,
    fy: f32,
    main: [f32; 3],
    accent: [f32; 3],
    paper: [f32; 3],
    jitter: f32,
) -> [f32; 3] {
    // a flat-laid shirt: body, sleeves, collar
    let body = (0.3..0.7).contains(&fx) && (0.22..0.88).contains(&fy);
    let sleeve_l =
        fy > 0.22 && fy < 0.5 && fx > 0.12 && fx < 0.3 && fy - 0.22 < (0.3 - fx) * 1.4 + 0.1;
    let sleeve_r =
        fy > 0.22 && fy < 0.5 && fx > 0.7 && fx < 0.88 && fy - 0.22 < (fx - 0.7) * 1.4 + 0.1;
    let collar = ((fx - 0.5).powi(2) / 0.01 + (fy - 0.22).powi(2) / 0.004) < 1.0;
    if collar {
        return shade(accent, 0.9);
    }
    if body || sleeve_l || sleeve_r {
        let seam = (fx - 0.5).abs() < 0.003 && fy > 0.26;
        if seam {
            return shade(accent, 0.8);
        }
        return fabric(fx, fy, main, mix(main, accent, 0.4), jitter);
    }
    shadow(fx, fy, paper, 0.9)
}

fn grains(
    fx: f32,
    fy: f32,
    main: [f32; 3],
    accent: [f32; 3],
    paper: [f32; 3],
    seed: u64,
) -> [f32; 3] {
    let (dx, dy) = (fx - 0.5, (fy - 0.55) * 1.6);
    let r = (dx * dx + dy * dy).sqrt();
    if r > 0.4 {
        return paper;
    }
    if r > 0.37 {
        return shade(accent, 0.8);
    }
    // grains on a grid with per-cell jitter, hashed from the cell
    let (cu, cv) = ((fx * 40.0).floor(), (fy * 40.0).floor());
    let mut rng = Rng::cell(seed, cu, cv);
    let (ox, oy, angle) = (rng.unit(), rng.unit(), rng.unit() * std::f32::consts::PI);
    let (u, v) = (
        (fx * 40.0).fract() - ox * 0.4 - 0.3,
        (fy * 40.0).fract() - oy * 0.4 - 0.3,
    );
    let (ru, rv) = (
        u * angle.cos() + v * angle.sin(),
        -u * angle.sin() + v * angle.cos(),
    );
    let grain = (ru / 0.32).powi(2) + (rv / 0.14).powi(2);
    if grain < 1.0 {
        shade(main, 1.0 - 0.25 * grain)
    } else {
        shade(mix(main, accent, 0.5), 0.7)
    }
}

fn leaves(
    fx: f32,
    fy: f32,
    main: [f32; 3],
    accent: [f32; 3],
    paper: [f32; 3],
    seed: u64,
) -> [f32; 3] {
    let (cu, cv) = ((fx * 7.0).floor(), (fy * 7.0).floor());
    let mut rng = Rng::cell(seed, cu, cv);
    let angle = rng.unit() * std::f32::consts::PI;
    let (u, v) = ((fx * 7.0).fract() - 0.5, (fy * 7.0).fract() - 0.5);
    let (ru, rv) = (
        u * angle.cos() + v * angle.sin(),
        -u * angle.sin() + v * angle.cos(),
    );
    let leaf = (ru / 0.45).powi(2) + (rv / 0.2).powi(2);
    if leaf < 1.0 {
        let vein = rv.abs() < 0.012;
        let c = if vein {
            mix(main, [240.0, 240.0, 200.0], 0.4)
        } else {
            main
        };
        shade(mix(c, accent, rng.unit() * 0.5), 0.8 + 0.2 * (1.0 - leaf))
    } else {
        paper
    }
}

fn honey(fx: f32, fy: f32, main: [f32; 3], accent: [f32; 3]) -> [f32; 3] {
    // hexagonal cells: nearest centre on a skewed lattice
    let size = 0.06;
    let (q, r) = (
        (fx * 2.0 / 3.0) / size,
        (-fx / 3.0 + 3f32.sqrt() / 3.0 * fy) / size,
    );
    let (rq, rr) = (q.round(), r.round());
    let (dq, dr) = (q - rq, r - rr);
    let ds = -dq - dr;
    let edge = dq.abs().max(dr.abs()).max(ds.abs());
    let glow = 1.0 - ((fx - 0.4).powi(2) + (fy - 0.4).powi(2)).sqrt();
    if edge > 0.42 {
        shade(accent, 0.7)
    } else {
        shade(
            mix(main, [255.0, 220.0, 120.0], glow * 0.5),
            0.85 + 0.2 * (0.42 - edge),
        )
    }
}

fn produce(
    fx: f32,
    fy: f32,
    main: [f32; 3],
    accent: [f32; 3],
    paper: [f32; 3],
    seed: u64,
) -> [f32; 3] {
    // a crate seen from above, filled with round produce
    if !(0.12..=0.88).contains(&fx) || !(0.18..=0.86).contains(&fy) {
        return paper;
    }
    if !(0.15..=0.85).contains(&fx) || !(0.21..=0.83).contains(&fy) {
        return [150.0, 110.0, 70.0];
    }
    let (cu, cv) = ((fx * 6.0).floor(), (fy * 6.0).floor());
    let mut rng = Rng::cell(seed, cu, cv);
    let (u, v) = ((fx * 6.0).fract() - 0.5, (fy * 6.0).fract() - 0.5);
    let d = (u * u + v * v).sqrt() / (0.42 + 0.06 * rng.unit());
    if d < 1.0 {
        let hl = ((u + 0.15).powi(2) + (v + 0.15).powi(2)).sqrt();
        shade(
            mix(main, accent, rng.unit() * 0.6),
            1.05 - 0.4 * d + 0.2 * (0.2 - hl).max(0.0),
        )
    } else {
        shade(accent, 0.35)
    }
}

fn landscape(fx: f32, fy: f32, main: [f32; 3], accent: [f32; 3], jitter: f32) -> [f32; 3] {
    let sky = mix([250.0, 214.0, 165.0], [160.0, 200.0, 230.0], 1.0 - fy * 1.4);
    let sun = ((fx - 0.7).powi(2) + (fy - 0.28).powi(2)).sqrt() < 0.07;
    let mut c = if sun { [255.0, 236.0, 190.0] } else { sky };
    for (i, (height, tone)) in [(0.45, 0.55), (0.58, 0.75), (0.72, 1.0)]
        .into_iter()
        .enumerate()
    {
        let phase = jitter * 6.0 + i as f32 * 1.7;
        let ridge = height
            - 0.08 * (fx * (3.0 + i as f32) + phase).sin()
            - 0.04 * (fx * (9.0 + 2.0 * i as f32) + phase).sin();
        if fy > ridge {
            c = shade(mix(accent, main, tone), 0.6 + 0.4 * tone);
        }
    }
    c
}

fn service(fx: f32, fy: f32, main: [f32; 3], accent: [f32; 3], paper: [f32; 3]) -> [f32; 3] {
    // a laptop screen showing a shop page
    let screen = (0.14..0.86).contains(&fx) && (0.16..0.7).contains(&fy);
    let base = (0.08..0.92).contains(&fx) && (0.7..0.76).contains(&fy);
    if base {
        return [90.0, 90.0, 96.0];
    }
    if !screen {
        return paper;
    }
    if fy < 0.24 {
        return main;
    }
    let (u, v) = ((fx - 0.17) / 0.66 * 3.0, (fy - 0.28) / 0.38 * 2.0);
    let cell = (u.fract() > 0.1 && u.fract() < 0.9) && (v.fract() > 0.1 && v.fract() < 0.75);
    if (0.0..3.0).contains(&u) && (0.0..2.0).contains(&v) && cell {
        mix(accent, [255.0, 255.0, 255.0], 0.3 + 0.3 * v.fract())
    } else {
        [250.0, 250.0, 252.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_draws_a_picture_that_is_not_blank() {
        let colors = vec!["#c8a165".to_owned(), "#7a4e22".to_owned()];
        for style in STYLES {
            let img = draw(style, &colors, "seed");
            let first = *img.get_pixel(0, 0);
            let distinct = img.pixels().step_by(97).filter(|p| **p != first).count();
            assert!(distinct > 100, "{style} is nearly blank");
        }
    }

    #[test]
    fn the_same_listing_always_gets_the_same_picture() {
        let colors = vec!["#336699".to_owned()];
        assert_eq!(draw("rice", &colors, "a"), draw("rice", &colors, "a"));
    }
}
