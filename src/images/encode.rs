//! Resizing (fast_image_resize, Lanczos3) and encoding (libwebp for WebP, `image` for JPEG and
//! PNG). Encoders here write pixels only: no EXIF, XMP, ICC or text chunks ever reach a file.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{DynamicImage, ExtendedColorType, ImageEncoder};

/// Widths of the resized variants; none is made wider than the original.
pub const WIDTHS: [u32; 3] = [360, 720, 1200];
/// The link-preview size (`og:image`).
pub const OG: (u32, u32) = (1200, 630);
/// WebP quality of the variants.
pub const WEBP_QUALITY: f32 = 72.0;
/// JPEG quality of the variants and the preview.
pub const JPEG_QUALITY: u8 = 78;
/// JPEG quality of the full-size file.
pub const FULL_JPEG_QUALITY: u8 = 85;
/// Everything above in one string: part of each cache key, so that changing a setting
/// re-makes the images.
pub const SETTINGS_ID: &str = "guong-images-2;w=360,720,1200;webp=72;jpeg=78/85;og=1200x630";

/// 8-bit pixels, RGB or RGBA, upright.
pub struct Pixels {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Four channels (alpha) or three.
    pub alpha: bool,
    /// Row-major pixel bytes.
    pub data: Vec<u8>,
}

impl Pixels {
    /// Flattens an image to 8-bit RGB, or RGBA when it has transparency.
    pub fn from_image(image: DynamicImage) -> Self {
        let (width, height) = (image.width(), image.height());
        if image.color().has_alpha() {
            Pixels {
                width,
                height,
                alpha: true,
                data: image.into_rgba8().into_raw(),
            }
        } else {
            Pixels {
                width,
                height,
                alpha: false,
                data: image.into_rgb8().into_raw(),
            }
        }
    }

    fn pixel_type(&self) -> PixelType {
        if self.alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        }
    }

    /// Resized to `width`×`height`; with `crop`, the middle of the image is cut to that
    /// aspect ratio first, otherwise it is stretched (callers keep the ratio).
    pub fn resize(&self, width: u32, height: u32, crop: bool) -> Result<Pixels, String> {
        let src = ImageRef::new(self.width, self.height, &self.data, self.pixel_type())
            .map_err(|e| e.to_string())?;
        let mut dst = Image::new(width.max(1), height.max(1), self.pixel_type());
        let mut opts =
            ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
        if crop {
            opts = opts.fit_into_destination(Some((0.5, 0.5)));
        }
        Resizer::new()
            .resize(&src, &mut dst, &opts)
            .map_err(|e| e.to_string())?;
        Ok(Pixels {
            width: dst.width(),
            height: dst.height(),
            alpha: self.alpha,
            data: dst.into_vec(),
        })
    }

    /// The height that keeps the aspect ratio at `width`.
    pub fn height_at(&self, width: u32) -> u32 {
        ((u64::from(self.height) * u64::from(width) + u64::from(self.width) / 2)
            / u64::from(self.width))
        .max(1) as u32
    }

    /// Lossy WebP.
    pub fn webp(&self) -> Vec<u8> {
        let enc = if self.alpha {
            webp::Encoder::from_rgba(&self.data, self.width, self.height)
        } else {
            webp::Encoder::from_rgb(&self.data, self.width, self.height)
        };
        enc.encode(WEBP_QUALITY).to_vec()
    }

    /// Baseline JPEG (transparency flattened onto white).
    pub fn jpeg(&self, quality: u8) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let rgb;
        let data = if self.alpha {
            rgb = flatten(&self.data);
            &rgb
        } else {
            &self.data
        };
        // jpeg-encoder is several times faster than `image`'s encoder (which took 80% of a cold
        // build's time on the 10,000-article corpus); it takes sides up to 65,535 pixels.
        match (u16::try_from(self.width), u16::try_from(self.height)) {
            (Ok(w), Ok(h)) => jpeg_encoder::Encoder::new(&mut out, quality)
                .encode(data, w, h, jpeg_encoder::ColorType::Rgb)
                .map_err(|e| e.to_string())?,
            _ => JpegEncoder::new_with_quality(&mut out, quality)
                .write_image(data, self.width, self.height, ExtendedColorType::Rgb8)
                .map_err(|e| e.to_string())?,
        }
        Ok(out)
    }

    /// PNG, keeping transparency.
    pub fn png(&self) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let color = if self.alpha {
            ExtendedColorType::Rgba8
        } else {
            ExtendedColorType::Rgb8
        };
        PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive)
            .write_image(&self.data, self.width, self.height, color)
            .map_err(|e| e.to_string())?;
        Ok(out)
    }
}

/// RGBA over a white background, as RGB.
fn flatten(rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgba.len() / 4 * 3);
    for p in rgba.chunks_exact(4) {
        let a = u32::from(p[3]);
        for &c in &p[..3] {
            out.push(((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resizes_and_encodes() {
        let p = Pixels {
            width: 40,
            height: 30,
            alpha: false,
            data: vec![128; 40 * 30 * 3],
        };
        assert_eq!(p.height_at(20), 15);
        let small = p.resize(20, 15, false).unwrap();
        assert_eq!((small.width, small.height), (20, 15));
        assert!(small.webp().starts_with(b"RIFF"));
        assert!(small.jpeg(80).unwrap().starts_with(&[0xFF, 0xD8]));
        assert_eq!(flatten(&[0, 0, 0, 0]), vec![255, 255, 255]);
    }
}
