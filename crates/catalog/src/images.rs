//! Listing pictures as uploaded, made safe and ready to serve.
//!
//! An upload is recognised by its first bytes (never by its name or the type
//! the browser claims), decoded within fixed limits so that a small file
//! declaring a huge picture is refused before memory is set aside for it,
//! turned upright by its EXIF orientation, laid on white where it is
//! transparent, and encoded anew as JPEG in every [`ImageSize`]. Nothing of
//! the original file but its pixels survives: no EXIF (camera, GPS position),
//! no comments, no trailing bytes.
//!
//! The work is CPU-heavy: call [`process`] from
//! `tokio::task::spawn_blocking`, not on an async worker thread.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use kernel::{Code, ErrorCode, ErrorKind};

use crate::media::ImageSize;

/// The largest upload accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// The widest and tallest picture decoded, in pixels.
const MAX_SIDE: u32 = 12_000;

/// The most memory one decoded picture may take (a 48 MP photograph takes
/// 144 MiB). Turning and flattening it briefly need about twice as much.
const MAX_DECODED_BYTES: u64 = 256 * 1024 * 1024;

/// JPEG quality of the stored sizes: no visible loss on photographs of
/// goods, about a tenth of the size of quality 100.
const JPEG_QUALITY: u8 = 82;

/// The type of every stored size.
const STORED_CONTENT_TYPE: &str = "image/jpeg";

/// A picture type taken for listings, recognised by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageFormatKind {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// WebP (`RIFF····WEBP`).
    Webp,
}

impl ImageFormatKind {
    /// The MIME type of this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            Self::Jpeg => ImageFormat::Jpeg,
            Self::Png => ImageFormat::Png,
            Self::Webp => ImageFormat::WebP,
        }
    }
}

/// Why an upload is not taken as a picture.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The file is larger than [`MAX_IMAGE_BYTES`].
    #[error("the picture is larger than {} MB", MAX_IMAGE_BYTES / (1024 * 1024))]
    TooLarge,
    /// The content is not JPEG, PNG or WebP, whatever its name says.
    #[error("the file is not a JPEG, PNG or WebP picture")]
    UnsupportedType,
    /// The picture is wider or taller than 12 000 pixels, or would take too
    /// much memory once decoded.
    #[error("the picture has too many pixels")]
    TooManyPixels,
    /// The file starts like a picture but cannot be decoded.
    #[error("the picture is damaged or incomplete: {0}")]
    Undecodable(String),
}

impl ErrorCode for ImageError {
    fn code(&self) -> Code {
        match self {
            Self::TooLarge => Code::new("image_too_large", ErrorKind::TooLarge),
            Self::UnsupportedType => {
                Code::new("unsupported_image_type", ErrorKind::UnsupportedMediaType)
            }
            Self::TooManyPixels => Code::new("image_too_many_pixels", ErrorKind::Invalid),
            Self::Undecodable(_) => Code::new("image_undecodable", ErrorKind::Invalid),
        }
    }
}

impl From<image::ImageError> for ImageError {
    fn from(err: image::ImageError) -> Self {
        match err {
            image::ImageError::Limits(_) => Self::TooManyPixels,
            // Encoding an in-memory RGB buffer of at most 1280 px does not
            // fail in practice; the other kinds all come from the upload.
            other => Self::Undecodable(other.to_string()),
        }
    }
}

/// A picture ready to store.
#[derive(Clone, Debug)]
pub struct ProcessedImage {
    /// Width of the original once turned upright, in pixels.
    pub width: u32,
    /// Height of the original once turned upright, in pixels.
    pub height: u32,
    /// The type of every size: always `image/jpeg`.
    pub content_type: &'static str,
    /// Every size in the order of [`ImageSize::ALL`], encoded.
    pub sizes: Vec<(ImageSize, Vec<u8>)>,
}

/// The picture format of `bytes`, from their first bytes alone.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormatKind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormatKind::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n']) {
        Some(ImageFormatKind::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(ImageFormatKind::Webp)
    } else {
        None
    }
}

/// Checks, decodes, turns upright, flattens and re-encodes an uploaded
/// picture in every [`ImageSize`]. Synchronous and CPU-heavy: run it on a
/// blocking thread.
#[tracing::instrument(skip_all, fields(bytes = bytes.len()))]
pub fn process(bytes: &[u8]) -> Result<ProcessedImage, ImageError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    let kind = sniff(bytes).ok_or(ImageError::UnsupportedType)?;
    let picture = decode_upright(bytes, kind)?;
    let (width, height) = (picture.width(), picture.height());
    let picture = flatten(picture);

    // Largest first, each size made from the one above it: a 2:1 step with
    // Lanczos loses nothing visible and costs a fraction of resizing the
    // full original three times.
    let mut sizes = Vec::with_capacity(ImageSize::ALL.len());
    let mut source = picture;
    for size in ImageSize::ALL.into_iter().rev() {
        let resized = shrink_to_width(&source, size.width());
        sizes.push((size, encode_jpeg(&resized)?));
        source = resized;
    }
    sizes.reverse();

    Ok(ProcessedImage {
        width,
        height,
        content_type: STORED_CONTENT_TYPE,
        sizes,
    })
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    limits
}

/// Decodes within [`limits`] and applies the EXIF orientation.
fn decode_upright(bytes: &[u8], kind: ImageFormatKind) -> Result<DynamicImage, ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.image_format());
    reader.limits(limits());
    // Width and height are checked here, against what the header declares,
    // before any pixel buffer is allocated…
    let mut decoder = reader.into_decoder()?;
    // …but not the size of the buffer: `ImageReader::decode` does that
    // itself, `DynamicImage::from_decoder` does not.
    limits().reserve(decoder.total_bytes())?;
    // A broken EXIF block is no reason to refuse the picture.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder)?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// Lays a picture with transparency on white; JPEG has no alpha channel.
fn flatten(picture: DynamicImage) -> DynamicImage {
    if !picture.color().has_alpha() {
        return DynamicImage::ImageRgb8(picture.into_rgb8());
    }
    let mut rgba = picture.into_rgba8();
    for px in rgba.chunks_exact_mut(4) {
        let alpha = u32::from(px[3]);
        for channel in &mut px[..3] {
            // channel·α + white·(1−α), rounded: never above 255
            let blended = (u32::from(*channel) * alpha + 255 * (255 - alpha) + 127) / 255;
            *channel = u8::try_from(blended).unwrap_or(u8::MAX);
        }
        px[3] = u8::MAX;
    }
    DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).into_rgb8())
}

/// The picture at `width`, keeping its aspect ratio; never wider than it is.
fn shrink_to_width(picture: &DynamicImage, width: u32) -> DynamicImage {
    let (w, h) = (picture.width(), picture.height());
    if w <= width {
        return picture.clone();
    }
    let height = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w);
    let height = u32::try_from(height).unwrap_or(u32::MAX).max(1);
    // `DynamicImage::resize_exact` is compiled in the image crate, which
    // the workspace optimises even in debug builds.
    picture.resize_exact(width, height, FilterType::Lanczos3)
}

fn encode_jpeg(picture: &DynamicImage) -> Result<Vec<u8>, ImageError> {
    let mut out = Cursor::new(Vec::new());
    picture.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn encode(picture: &DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    fn decode_output(bytes: &[u8]) -> RgbImage {
        assert_eq!(sniff(bytes), Some(ImageFormatKind::Jpeg));
        image::load_from_memory_with_format(bytes, ImageFormat::Jpeg)
            .unwrap()
            .into_rgb8()
    }

    fn size(processed: &ProcessedImage, which: ImageSize) -> &[u8] {
        &processed.sizes.iter().find(|(s, _)| *s == which).unwrap().1
    }

    /// An APP1 segment carrying a big-endian TIFF block with one entry:
    /// Orientation (0x0112) = `orientation`.
    fn exif_segment(orientation: u16) -> Vec<u8> {
        let mut tiff = Vec::new();
        tiff.extend_from_slice(b"MM\0\x2A\0\0\0\x08"); // header, IFD0 at 8
        tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
        tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
        tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
        tiff.extend_from_slice(&1u32.to_be_bytes()); // count
        tiff.extend_from_slice(&orientation.to_be_bytes());
        tiff.extend_from_slice(&[0, 0]); // value padding
        tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
        let mut payload = b"Exif\0\0".to_vec();
        payload.extend_from_slice(&tiff);
        let mut segment = vec![0xFF, 0xE1];
        let length = u16::try_from(payload.len() + 2).unwrap();
        segment.extend_from_slice(&length.to_be_bytes());
        segment.extend_from_slice(&payload);
        segment
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut chunk = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        chunk.extend_from_slice(&body);
        chunk.extend_from_slice(&crc32(&body).to_be_bytes());
        chunk
    }

    #[test]
    fn the_crc_used_to_craft_pngs_is_the_png_one() {
        // CRC of an empty IEND chunk, as found at the end of every PNG
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn pictures_are_recognised_by_content_not_by_name() {
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageFormatKind::Jpeg)
        );
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(ImageFormatKind::Png));
        assert_eq!(
            sniff(b"RIFF\x10\0\0\0WEBPVP8L"),
            Some(ImageFormatKind::Webp)
        );
        assert_eq!(sniff(b"RIFF\x10\0\0\0WAVEfmt "), None);
        assert_eq!(sniff(b"%PDF-1.7\n"), None);
        assert_eq!(sniff(b"<svg xmlns="), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn a_jpeg_turned_by_exif_comes_out_upright_and_without_exif() {
        // left half red, right half blue, 40×20: orientation 6 means "turn
        // 90° clockwise to show", which puts red on top and blue below
        let picture = RgbImage::from_fn(40, 20, |x, _| {
            if x < 20 {
                Rgb([220, 0, 0])
            } else {
                Rgb([0, 0, 220])
            }
        });
        let plain = encode(&DynamicImage::ImageRgb8(picture), ImageFormat::Jpeg);
        let mut upload = plain[..2].to_vec();
        upload.extend_from_slice(&exif_segment(6));
        upload.extend_from_slice(&plain[2..]);
        assert!(contains(&upload, b"Exif\0\0"));

        let processed = process(&upload).unwrap();

        assert_eq!((processed.width, processed.height), (20, 40));
        assert_eq!(processed.content_type, "image/jpeg");
        assert_eq!(processed.sizes.len(), ImageSize::ALL.len());
        for (_, bytes) in &processed.sizes {
            assert!(!contains(bytes, b"Exif"), "EXIF survived re-encoding");
            let out = decode_output(bytes);
            assert_eq!(out.dimensions(), (20, 40));
            let top = out.get_pixel(10, 5);
            let bottom = out.get_pixel(10, 35);
            assert!(top[0] > 150 && top[2] < 80, "top is {top:?}");
            assert!(bottom[2] > 150 && bottom[0] < 80, "bottom is {bottom:?}");
        }
    }

    #[test]
    fn a_png_with_transparency_is_laid_on_white() {
        // transparent left half, opaque green right half
        let picture = RgbaImage::from_fn(64, 32, |x, _| {
            if x < 32 {
                Rgba([0, 0, 0, 0])
            } else {
                Rgba([0, 160, 0, 255])
            }
        });
        let upload = encode(&DynamicImage::ImageRgba8(picture), ImageFormat::Png);

        let processed = process(&upload).unwrap();

        assert_eq!((processed.width, processed.height), (64, 32));
        let out = decode_output(size(&processed, ImageSize::Large));
        assert_eq!(out.dimensions(), (64, 32));
        let left = out.get_pixel(8, 16);
        assert!(left.0.iter().all(|&c| c > 245), "left is {left:?}");
        let right = out.get_pixel(56, 16);
        assert!(right[1] > 130 && right[0] < 40, "right is {right:?}");
    }

    #[test]
    fn a_webp_is_accepted() {
        let picture = RgbaImage::from_pixel(50, 30, Rgba([200, 120, 40, 255]));
        let mut upload = Vec::new();
        image::codecs::webp::WebPEncoder::new_lossless(&mut upload)
            .encode(picture.as_raw(), 50, 30, image::ExtendedColorType::Rgba8)
            .unwrap();
        assert_eq!(sniff(&upload), Some(ImageFormatKind::Webp));

        let processed = process(&upload).unwrap();

        assert_eq!((processed.width, processed.height), (50, 30));
        let out = decode_output(size(&processed, ImageSize::Small));
        let px = out.get_pixel(25, 15);
        assert!(px[0] > 180 && px[1] > 100 && px[2] < 70, "pixel is {px:?}");
    }

    #[test]
    fn random_bytes_and_pdfs_are_an_unsupported_type() {
        let random: Vec<u8> = (0..4096u32)
            .map(|i| u8::try_from(i.wrapping_mul(2_654_435_761) >> 24).unwrap())
            .collect();
        assert!(matches!(process(&random), Err(ImageError::UnsupportedType)));
        assert!(matches!(
            process(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
            Err(ImageError::UnsupportedType)
        ));
        assert!(matches!(process(b""), Err(ImageError::UnsupportedType)));
    }

    #[test]
    fn an_upload_over_ten_megabytes_is_too_large() {
        let mut upload = vec![0u8; 11 * 1024 * 1024];
        upload[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        assert!(matches!(process(&upload), Err(ImageError::TooLarge)));
        assert_eq!(
            ImageError::TooLarge.code().name(),
            "image_too_large",
            "the code is part of the API"
        );
    }

    /// A PNG that declares `width`×`height` 8-bit RGBA and carries (almost)
    /// no pixel data: what a decompression bomb looks like to the header.
    fn png_declaring(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA, no interlace
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&png_chunk(b"IHDR", &ihdr));
        // an empty zlib stream
        png.extend_from_slice(&png_chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0, 0, 0, 0, 1]));
        png.extend_from_slice(&png_chunk(b"IEND", &[]));
        png
    }

    #[test]
    fn a_tiny_png_declaring_a_huge_picture_is_refused_before_decoding() {
        let upload = png_declaring(100_000, 100_000);
        assert!(upload.len() < 100);
        assert!(matches!(process(&upload), Err(ImageError::TooManyPixels)));
    }

    #[test]
    fn a_picture_within_the_side_limits_but_too_heavy_to_decode_is_refused() {
        // 10 000 × 10 000 RGBA is 400 MB once decoded
        let upload = png_declaring(10_000, 10_000);
        assert!(matches!(process(&upload), Err(ImageError::TooManyPixels)));
    }

    #[test]
    fn a_damaged_picture_is_undecodable() {
        let mut upload = b"\x89PNG\r\n\x1a\n".to_vec();
        upload.extend_from_slice(b"this is not a chunk at all");
        assert!(matches!(process(&upload), Err(ImageError::Undecodable(_))));
    }

    #[test]
    fn small_pictures_are_not_enlarged() {
        let picture = RgbImage::from_pixel(200, 100, Rgb([90, 90, 90]));
        let upload = encode(&DynamicImage::ImageRgb8(picture), ImageFormat::Png);

        let processed = process(&upload).unwrap();

        let sizes: Vec<ImageSize> = processed.sizes.iter().map(|(s, _)| *s).collect();
        assert_eq!(sizes, ImageSize::ALL);
        for (_, bytes) in &processed.sizes {
            assert_eq!(decode_output(bytes).dimensions(), (200, 100));
        }
    }

    #[test]
    fn large_pictures_are_shrunk_to_each_width_keeping_their_shape() {
        let picture = RgbImage::from_fn(2000, 1000, |x, y| {
            Rgb([
                u8::try_from(x % 256).unwrap(),
                u8::try_from(y % 256).unwrap(),
                0,
            ])
        });
        let upload = encode(&DynamicImage::ImageRgb8(picture), ImageFormat::Jpeg);

        let processed = process(&upload).unwrap();

        assert_eq!((processed.width, processed.height), (2000, 1000));
        for (size, bytes) in &processed.sizes {
            let out = decode_output(bytes);
            assert_eq!(out.dimensions(), (size.width(), size.width() / 2));
        }
    }
}
