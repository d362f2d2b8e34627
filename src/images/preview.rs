//! The 1200×630 link preview (`og:image`) of a cover that is published as drawn: a GIF's first
//! frame, or an SVG drawn by resvg, scaled to fill the frame (the middle is kept), on white, as
//! a JPEG. Facebook and Zalo show neither an SVG nor an animated GIF at the size they want.
//!
//! The SVG is the sanitized one. It is drawn with nothing read from outside it: no file or
//! address an `<image>` names is opened (a cover could otherwise show any file of the
//! machine), and embedded pictures are left out. Text is drawn with the system's fonts.

use super::decode::{MAX_PIXELS, check_size};
use super::encode::{JPEG_QUALITY, OG, Pixels};
use image::codecs::gif::GifDecoder;
use image::{DynamicImage, ImageDecoder, Limits};
use resvg::{tiny_skia, usvg};
use std::io::Cursor;
use std::sync::{Arc, OnceLock};

/// The preview of a GIF: its first frame.
pub fn of_gif(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut decoder =
        GifDecoder::new(Cursor::new(bytes)).map_err(|e| format!("tệp GIF hỏng: {e}"))?;
    let (w, h) = decoder.dimensions();
    check_size(w, h)?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    decoder
        .set_limits(limits)
        .map_err(|e| format!("tệp GIF quá lớn: {e}"))?;
    let image = DynamicImage::from_decoder(decoder)
        .map_err(|e| format!("tệp GIF hỏng hoặc bị cắt cụt: {e}"))?;
    Pixels::from_image(image)
        .resize(OG.0, OG.1, true)?
        .jpeg(JPEG_QUALITY)
}

/// The fonts SVG text is drawn with, read from the system once per process.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            use_installed_generics(&mut db);
            Arc::new(db)
        })
        .clone()
}

/// Points the generic families at fonts the system has: fontdb's defaults (Arial, Times New
/// Roman, Courier New) are rarely installed on Linux, and text in a family that matches
/// nothing falls back to `serif`, so without this an SVG's words were not drawn at all. The
/// first installed of each list wins; all have Vietnamese letters.
fn use_installed_generics(db: &mut usvg::fontdb::Database) {
    const SANS: &[&str] = &["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial"];
    const SERIF: &[&str] = &[
        "DejaVu Serif",
        "Liberation Serif",
        "Noto Serif",
        "Times New Roman",
    ];
    const MONO: &[&str] = &[
        "DejaVu Sans Mono",
        "Liberation Mono",
        "Noto Sans Mono",
        "Courier New",
    ];
    let installed = |list: &[&str]| {
        list.iter()
            .find(|name| {
                db.faces()
                    .any(|f| f.families.iter().any(|(family, _)| family == *name))
            })
            .map(|name| name.to_string())
    };
    let (sans, mono) = (installed(SANS), installed(MONO));
    // Text in a family the system lacks falls back to `serif`: a sans face when there is no
    // serif one is better than no text.
    let serif = installed(SERIF).or_else(|| sans.clone());
    if let Some(name) = sans {
        db.set_sans_serif_family(name);
    }
    if let Some(name) = serif {
        db.set_serif_family(name);
    }
    if let Some(name) = mono {
        db.set_monospace_family(name);
    }
}

/// Parses a sanitized SVG the way [`of_svg`] draws it.
pub fn parse_svg(bytes: &[u8]) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        fontdb: fonts(),
        // Vietnamese text in an SVG without `font-family` should not fall to a serif font
        // that may lack its letters.
        font_family: "sans-serif".into(),
        languages: vec!["vi".into(), "en".into()],
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_data(bytes, &options).map_err(|e| {
        let why = match e {
            usvg::Error::InvalidSize => {
                "không có kích thước (width/height bằng 0, hoặc thiếu cả width/height lẫn viewBox)"
                    .to_string()
            }
            usvg::Error::ElementsLimitReached => {
                "quá nhiều phần tử (hoặc các phần tử <use> gọi lẫn nhau không dứt)".to_string()
            }
            usvg::Error::ParsingFailed(usvg::roxmltree::Error::NodesLimitReached) => {
                "quá nhiều phần tử hoặc lồng nhau quá sâu".to_string()
            }
            usvg::Error::ParsingFailed(e) => format!("tệp hỏng ({e})"),
            e => e.to_string(),
        };
        format!("không vẽ được tệp SVG để làm ảnh xem trước: {why}")
    })
}

/// The preview of a (sanitized) SVG.
pub fn of_svg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let tree = parse_svg(bytes)?;
    let size = tree.size();
    let (w, h) = (OG.0 as f32, OG.1 as f32);
    let scale = (w / size.width()).max(h / size.height());
    if !scale.is_finite() || scale <= 0.0 {
        return Err("tệp SVG không có kích thước để vẽ".into());
    }
    let dx = (w - size.width() * scale) / 2.0;
    let dy = (h - size.height() * scale) / 2.0;
    let mut pixmap = tiny_skia::Pixmap::new(OG.0, OG.1).ok_or("không tạo được ảnh xem trước")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let at = tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, dx, dy);
    resvg::render(&tree, at, &mut pixmap.as_mut());
    // Opaque everywhere (drawn over white), so the premultiplied bytes are the colours.
    let data = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    Pixels {
        width: OG.0,
        height: OG.1,
        alpha: false,
        data,
    }
    .jpeg(JPEG_QUALITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(jpeg: &[u8]) -> image::RgbImage {
        image::load_from_memory(jpeg).unwrap().into_rgb8()
    }

    #[test]
    fn an_svg_fills_the_frame_and_keeps_its_colours() {
        // Half red, half blue, twice as wide as high: scaled to cover 1200×630.
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">
            <rect width="100" height="100" fill="#ff0000"/>
            <rect x="100" width="100" height="100" fill="#0000ff"/></svg>"##;
        let img = decoded(&of_svg(svg).unwrap());
        assert_eq!(img.dimensions(), OG);
        let left = img.get_pixel(100, 315);
        let right = img.get_pixel(1100, 315);
        assert!(left[0] > 200 && left[2] < 60, "{left:?}");
        assert!(right[2] > 200 && right[0] < 60, "{right:?}");
    }

    #[test]
    fn an_svg_reads_no_file_it_names() {
        let dir = tempfile::tempdir().unwrap();
        // An SVG file, which resvg would draw if it opened it.
        let other = dir.path().join("red.svg");
        std::fs::write(
            &other,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="red"/></svg>"#,
        )
        .unwrap();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><image width="10" height="10" xlink:href="{}"/></svg>"#,
            other.display()
        );
        let img = decoded(&of_svg(svg.as_bytes()).unwrap());
        // Nothing drawn: the file was not opened.
        assert!(
            img.pixels().all(|p| p[1] > 240),
            "{:?}",
            img.get_pixel(600, 315)
        );
    }

    #[test]
    fn a_gif_gives_its_first_frame() {
        let mut gif = Vec::new();
        {
            let mut enc = image::codecs::gif::GifEncoder::new(&mut gif);
            let frame = |c: [u8; 4]| {
                image::Frame::new(image::RgbaImage::from_pixel(40, 21, image::Rgba(c)))
            };
            enc.encode_frames([frame([0, 200, 0, 255]), frame([200, 0, 0, 255])])
                .unwrap();
        }
        let img = decoded(&of_gif(&gif).unwrap());
        assert_eq!(img.dimensions(), OG);
        let p = img.get_pixel(600, 315);
        assert!(p[1] > 150 && p[0] < 60, "{p:?}");
    }

    #[test]
    fn svg_text_is_drawn_in_an_installed_font() {
        // No family named, a family the system lacks, and a generic one: all drawn.
        for family in [
            "",
            r#" font-family="Khong Co Phong Nay""#,
            r#" font-family="serif""#,
        ] {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50"><text x="5" y="40" font-size="40"{family}>Gương điển hình</text></svg>"#
            );
            let img = decoded(&of_svg(svg.as_bytes()).unwrap());
            let dark = img.pixels().filter(|p| p[0] < 100).count();
            assert!(dark > 10_000, "{family}: only {dark} dark pixels");
        }
    }

    #[test]
    fn broken_files_are_errors() {
        assert!(of_svg(b"<svg").is_err());
        assert!(of_svg(b"not svg at all").is_err());
        assert!(of_gif(b"GIF89a\x10\x00").is_err());
        assert!(of_gif(b"").is_err());
    }
}
