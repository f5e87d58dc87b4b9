//! Pictures that compress like photographs: a woven pattern in a listing's
//! colours, light falling across it, and grain, all different per seed
//! (flat colours would compress to almost nothing and flatter the figures).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageFormat, Rgb, RgbImage};

/// A deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A textured square picture of `side` pixels.
pub fn textured(seed: u64, side: u32) -> RgbImage {
    let mut rng = Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x1234_5678);
    let base = [
        60.0 + 150.0 * rng.unit(),
        50.0 + 120.0 * rng.unit(),
        30.0 + 90.0 * rng.unit(),
    ];
    let accent = [base[0] * 0.55, base[1] * 0.5, base[2] * 0.45];
    let period = 14.0 + 30.0 * rng.unit();
    let angle = rng.unit() * 0.6 - 0.3;
    let (sin, cos) = angle.sin_cos();
    let side_f = side as f32;
    RgbImage::from_fn(side, side, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let (u, v) = (fx * cos - fy * sin, fx * sin + fy * cos);
        // over-under weave: strands alternate every other cell
        let (cu, cv) = ((u / period).floor() as i64, (v / period).floor() as i64);
        let over = (cu + cv).rem_euclid(2) == 0;
        let along = if over {
            (u / period).fract()
        } else {
            (v / period).fract()
        };
        let strand = (along * std::f32::consts::PI).sin();
        let light = 0.75 + 0.35 * (1.0 - ((fx - side_f * 0.35).hypot(fy - side_f * 0.3) / side_f));
        let grain = rng.unit() * 28.0 - 14.0;
        let mix = 0.35 + 0.65 * strand;
        let channel = |i: usize| {
            let c = (accent[i] + (base[i] - accent[i]) * mix) * light + grain;
            c.clamp(0.0, 255.0) as u8
        };
        Rgb([channel(0), channel(1), channel(2)])
    })
}

/// The picture as a JPEG of quality 85, as a seller's upload might be.
pub fn jpeg(seed: u64, side: u32) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    textured(seed, side)
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85))
        .expect("JPEG encodes");
    out.into_inner()
}

/// The picture as a PNG.
pub fn png(seed: u64, side: u32) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    textured(seed, side)
        .write_to(&mut out, ImageFormat::Png)
        .expect("PNG encodes");
    out.into_inner()
}
