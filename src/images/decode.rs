//! Decoding an editor's photo safely: the format is sniffed from the bytes (a text file named
//! `.jpg` is refused), the size is read from the header and refused above 50 megapixels before
//! any pixel is allocated, and the EXIF orientation is applied so the result stands upright.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The largest image accepted, in pixels (SPEC §8).
pub const MAX_PIXELS: u64 = 50_000_000;

/// A decoded, upright image and the format it came in.
pub struct Decoded {
    /// Pixels, upright.
    pub image: DynamicImage,
    /// The source format (JPEG, PNG or WebP).
    pub format: ImageFormat,
}

/// Reads the format and size from the header only.
pub fn probe(bytes: &[u8]) -> Result<(ImageFormat, u32, u32), String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("không đọc được ảnh: {e}"))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        Some(f) => {
            return Err(format!(
                "ảnh dạng {} chưa được hỗ trợ (dùng JPEG, PNG hoặc WebP)",
                f.extensions_str().first().unwrap_or(&"?")
            ));
        }
        None => return Err("tệp này không phải ảnh JPEG, PNG hay WebP".into()),
    };
    let decoder = reader
        .into_decoder()
        .map_err(|e| format!("ảnh hỏng, không đọc được phần đầu tệp: {e}"))?;
    let (w, h) = decoder.dimensions();
    check_size(w, h)?;
    Ok((format, w, h))
}

pub(crate) fn check_size(w: u32, h: u32) -> Result<(), String> {
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "ảnh quá lớn: {w}×{h} = {:.1} megapixel (tối đa 50 megapixel); hãy thu nhỏ ảnh trước khi đăng",
            pixels as f64 / 1e6
        ));
    }
    if w == 0 || h == 0 {
        return Err("ảnh rỗng (0 điểm ảnh)".into());
    }
    Ok(())
}

/// The checks that need no decoding: format, size, a JPEG's end marker.
pub fn check(bytes: &[u8]) -> Result<(ImageFormat, u32, u32), String> {
    let (format, w, h) = probe(bytes)?;
    if format == ImageFormat::Jpeg && !has_jpeg_end(bytes) {
        return Err("ảnh JPEG bị cắt cụt (thiếu phần cuối tệp); hãy chép lại ảnh gốc".into());
    }
    Ok((format, w, h))
}

/// Decodes `bytes` into an upright image.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let (format, w, h) = check(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(w.max(1));
    limits.max_image_height = Some(h.max(1));
    // Room for the decoded pixels (at most 16-bit RGBA) and the decoder's own buffers.
    limits.max_alloc = Some(MAX_PIXELS * 8 + (64 << 20));
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("ảnh hỏng: {e}"))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|e| format!("ảnh hỏng hoặc bị cắt cụt: {e}"))?;
    image.apply_orientation(orientation);
    Ok(Decoded { image, format })
}

/// Whether a JPEG stream ends with its end-of-image marker (allowing the trailing bytes some
/// cameras append). The JPEG decoder fills a cut-off file with grey instead of failing.
fn has_jpeg_end(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1 << 16)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_text_and_bombs() {
        assert!(probe(b"not an image at all").is_err());
        assert!(
            check_size(8000, 7000)
                .unwrap_err()
                .contains("56.0 megapixel")
        );
        assert!(check_size(4000, 3000).is_ok());
    }
}
