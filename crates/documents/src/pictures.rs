//! Pictures cut down for print: a stored picture (JPEG, PNG or WebP, often
//! 1200 px or more) is decoded, scaled so its longest side is at most a
//! given size, laid on white where it is transparent, and encoded as JPEG
//! (with jpeg-encoder), which krilla embeds as it is.

use std::io::Cursor;
use std::num::NonZeroUsize;

use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, RgbImage};

/// Why a picture could not be used.
pub(crate) type Failure = Box<dyn std::error::Error + Send + Sync>;

/// How pictures are cut down for a document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fit {
    /// The longest side, in pixels.
    pub max_side: u32,
    /// A JPEG within `max_side` and at most this many bytes is embedded as
    /// it is, without being decoded; a heavier one is encoded again.
    pub max_bytes: usize,
    /// The JPEG quality of a picture encoded again.
    pub quality: u8,
}

/// One picture, ready to embed: JPEG bytes. A JPEG within the fit's side
/// and weight is kept as it is.
pub(crate) fn prepare(bytes: &[u8], fit: &Fit) -> Result<Vec<u8>, Failure> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    if reader.format() == Some(ImageFormat::Jpeg) && bytes.len() <= fit.max_bytes {
        let (width, height) = reader.into_dimensions()?;
        if width.max(height) <= fit.max_side {
            return Ok(bytes.to_vec());
        }
    }
    let (max_side, quality) = (fit.max_side, fit.quality);
    let decoded = image::load_from_memory(bytes)?;
    let rgb = flatten(decoded);
    let max_side = max_side.max(1);
    // by a whole factor first (cheap), then the rest of the way with a
    // resampling filter, if the factor did not land on the size exactly
    let factor = rgb.width().max(rgb.height()) / max_side;
    let shrunk = if factor > 1 {
        shrink(&rgb, factor)
    } else {
        rgb
    };
    let scaled = if shrunk.width().max(shrunk.height()) > max_side {
        DynamicImage::ImageRgb8(shrunk)
            .resize(max_side, max_side, FilterType::Triangle)
            .into_rgb8()
    } else {
        shrunk
    };
    // jpeg-encoder, not image's encoder: four times faster, smaller files
    let (width, height) = (
        u16::try_from(scaled.width())?,
        u16::try_from(scaled.height())?,
    );
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality).encode(
        scaled.as_raw(),
        width,
        height,
        jpeg_encoder::ColorType::Rgb,
    )?;
    Ok(out)
}

/// Scales down by a whole factor, each pixel the mean of a square of
/// `factor` × `factor` (area averaging: sharp and several times faster
/// than a general resampling filter; the few pixels of an edge that do
/// not fill a square are left out).
fn shrink(source: &RgbImage, factor: u32) -> RgbImage {
    let (width, height) = (
        (source.width() / factor).max(1),
        (source.height() / factor).max(1),
    );
    let f = factor as usize;
    let stride = source.width() as usize * 3;
    let raw = source.as_raw();
    let area = (factor * factor)
        .min(source.width() * source.height())
        .max(1);
    let mut out = Vec::with_capacity(width as usize * height as usize * 3);
    let mut sums = vec![0u32; width as usize * 3];
    for y in 0..height as usize {
        sums.fill(0);
        for dy in 0..f {
            let Some(row) = raw.get((y * f + dy) * stride..(y * f + dy + 1) * stride) else {
                break;
            };
            for (x, sum) in sums.chunks_exact_mut(3).enumerate() {
                for pixel in row[x * f * 3..(x + 1) * f * 3].chunks_exact(3) {
                    sum[0] += u32::from(pixel[0]);
                    sum[1] += u32::from(pixel[1]);
                    sum[2] += u32::from(pixel[2]);
                }
            }
        }
        out.extend(
            sums.iter()
                .map(|&s| u8::try_from((s + area / 2) / area).unwrap_or(u8::MAX)),
        );
    }
    RgbImage::from_raw(width, height, out).unwrap_or_else(|| source.clone())
}

/// The picture on a white background.
fn flatten(picture: DynamicImage) -> RgbImage {
    if !picture.color().has_alpha() {
        return picture.into_rgb8();
    }
    let rgba = picture.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend = |c: u8| {
            let c = u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a));
            u8::try_from((c + 127) / 255).unwrap_or(u8::MAX)
        };
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

/// Prepares every picture, on as many threads as there are cores (each
/// picture is independent; decoding dominates the time of a lookbook).
pub(crate) fn prepare_all(
    pictures: &[Option<&[u8]>],
    fit: Fit,
) -> Vec<Option<Result<Vec<u8>, Failure>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(pictures.len().max(1));
    let chunk = pictures.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = pictures
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| p.map(|bytes| prepare(bytes, &fit)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(done) => done,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use image::codecs::jpeg::JpegEncoder;
    use image::{Rgba, RgbaImage};

    use super::*;

    fn fit(side: u32) -> Fit {
        Fit {
            max_side: side,
            max_bytes: 200_000,
            quality: 75,
        }
    }

    #[test]
    fn a_jpeg_of_the_size_but_too_heavy_is_encoded_again_lighter() {
        let noise = RgbImage::from_fn(600, 600, |x, y| {
            let v = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)).wrapping_mul(2_654_435_761);
            image::Rgb([(v >> 8) as u8, (v >> 16) as u8, (v >> 24) as u8])
        });
        let mut heavy = Cursor::new(Vec::new());
        noise
            .write_with_encoder(JpegEncoder::new_with_quality(&mut heavy, 98))
            .unwrap();
        let heavy = heavy.into_inner();
        assert!(heavy.len() > 200_000, "{} bytes", heavy.len());
        let light = prepare(&heavy, &fit(600)).unwrap();
        assert!(
            light.len() < heavy.len(),
            "{} → {}",
            heavy.len(),
            light.len()
        );
        let back = image::load_from_memory(&light).unwrap();
        assert_eq!((back.width(), back.height()), (600, 600), "not resized");
    }

    #[test]
    fn a_large_transparent_png_becomes_a_small_jpeg_on_white() {
        let picture = RgbaImage::from_fn(1200, 800, |x, _| {
            if x < 600 {
                Rgba([0, 0, 0, 0])
            } else {
                Rgba([200, 30, 30, 255])
            }
        });
        let mut png = Cursor::new(Vec::new());
        picture.write_to(&mut png, ImageFormat::Png).unwrap();
        let jpeg = prepare(png.get_ref(), &fit(600)).unwrap();
        let back = image::load_from_memory(&jpeg).unwrap().into_rgb8();
        assert_eq!((back.width(), back.height()), (600, 400));
        assert!(back.get_pixel(10, 10).0.iter().all(|&c| c > 245));
    }

    #[test]
    fn shrinking_averages_each_square_of_pixels() {
        let source = RgbImage::from_fn(4, 2, |x, _| {
            if x % 2 == 0 {
                image::Rgb([0, 100, 255])
            } else {
                image::Rgb([255, 200, 0])
            }
        });
        let small = shrink(&source, 2);
        assert_eq!((small.width(), small.height()), (2, 1));
        assert_eq!(small.get_pixel(1, 0).0, [128, 150, 128]);
    }

    #[test]
    fn a_small_jpeg_is_embedded_as_it_is() {
        let mut jpeg = Cursor::new(Vec::new());
        RgbImage::from_pixel(300, 200, image::Rgb([90, 60, 30]))
            .write_with_encoder(JpegEncoder::new_with_quality(&mut jpeg, 90))
            .unwrap();
        let jpeg = jpeg.into_inner();
        assert_eq!(prepare(&jpeg, &fit(600)).unwrap(), jpeg);
    }

    #[test]
    fn a_picture_a_little_too_large_is_resampled_to_the_size() {
        let mut png = Cursor::new(Vec::new());
        RgbImage::from_pixel(1280, 960, image::Rgb([90, 60, 30]))
            .write_to(&mut png, ImageFormat::Png)
            .unwrap();
        let jpeg = prepare(png.get_ref(), &fit(600)).unwrap();
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (600, 450));
    }

    #[test]
    fn pictures_come_back_in_their_order() {
        let small = |shade: u8| {
            let mut out = Cursor::new(Vec::new());
            RgbImage::from_pixel(8, 8, image::Rgb([shade, shade, shade]))
                .write_to(&mut out, ImageFormat::Png)
                .unwrap();
            out.into_inner()
        };
        let pictures = [small(10), small(120), small(240)];
        let refs: Vec<Option<&[u8]>> = vec![
            Some(&pictures[0]),
            None,
            Some(&pictures[1]),
            Some(&pictures[2]),
            Some(b"not a picture"),
        ];
        let done = prepare_all(&refs, fit(600));
        assert_eq!(done.len(), 5);
        assert!(done[1].is_none());
        assert!(done[4].as_ref().unwrap().is_err());
        let shade = |i: usize| {
            let jpeg = done[i].as_ref().unwrap().as_ref().unwrap();
            image::load_from_memory(jpeg)
                .unwrap()
                .into_rgb8()
                .get_pixel(4, 4)
                .0[0]
        };
        assert!(shade(0) < shade(2) && shade(2) < shade(3));
    }
}
