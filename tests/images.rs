//! SPEC §8: published photos are upright, carry no metadata, come in variants with sizes in
//! the markup, go through the cache, and broken or oversized files are errors at the article.

mod common;
use common::{TestSite, files, stderr, tiny_png};
use image::{ImageEncoder, codecs::jpeg::JpegEncoder};

/// A landscape JPEG (`w`×`h`, colour varied by `seed`) carrying an EXIF segment with
/// orientation 6 and a GPS position, and an XMP packet, as a phone writes them.
fn phone_photo(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let mut px = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            px.extend([(x * 255 / w) as u8, (y * 255 / h) as u8, seed]);
        }
    }
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 85)
        .write_image(&px, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    // TIFF, big-endian: IFD0 (orientation 6, pointer to the GPS IFD), GPS IFD (latitude).
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_be_bytes());
        t.extend(typ.to_be_bytes());
        t.extend(count.to_be_bytes());
        t.extend(value);
    };
    tiff.extend(2u16.to_be_bytes());
    entry(&mut tiff, 0x0112, 3, 1, [0, 6, 0, 0]);
    entry(&mut tiff, 0x8825, 4, 1, 38u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(2u16.to_be_bytes());
    entry(&mut tiff, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut tiff, 0x0002, 5, 3, 68u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    for (num, den) in [(8u32, 1u32), (41, 1), (2925, 100)] {
        tiff.extend(num.to_be_bytes());
        tiff.extend(den.to_be_bytes());
    }
    assert_eq!(tiff.len(), 92);
    let segment = |marker: u8, payload: &[u8]| {
        let mut s = vec![0xFF, marker];
        s.extend(((payload.len() + 2) as u16).to_be_bytes());
        s.extend(payload);
        s
    };
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(&tiff);
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><exif:GPSLatitude>8,41.5N</exif:GPSLatitude></x:xmpmeta>";
    let mut out = jpeg[..2].to_vec();
    out.extend(segment(0xE1, &exif));
    out.extend(segment(0xE1, xmp));
    out.extend(&jpeg[2..]);
    out
}

/// A whole 1×1 GIF89a: header, screen, a 2-colour table, one frame, the trailer.
const TINY_GIF: &[u8] =
    b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff\x2C\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0\x3B";

fn site_with_photos() -> TestSite {
    let s = TestSite::new();
    s.article(
        "2024/ong-a/index.md",
        "Ông A làm giàu",
        "2024-05-01",
        "image: anh-bia.jpg\nimage_alt: Ông A bên vườn rau\n",
        "Đoạn mở đầu.\n\n![Ruộng rau của ông A](ruong.jpg)\n",
    );
    s.write_bytes("content/2024/ong-a/anh-bia.jpg", &phone_photo(800, 500, 10));
    s.write_bytes("content/2024/ong-a/ruong.jpg", &phone_photo(640, 400, 200));
    s
}

fn has(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn published_photos_are_upright_and_carry_no_metadata() {
    let s = site_with_photos();
    s.build_ok(&[]);
    let out = s.out();
    let mut images = 0;
    for f in files(&out) {
        let lower = f.to_ascii_lowercase();
        if [".jpg", ".png", ".webp"].iter().any(|e| lower.ends_with(e)) {
            images += 1;
            let bytes = std::fs::read(out.join(&f)).unwrap();
            assert!(!has(&bytes, b"Exif\0\0"), "{f} carries EXIF");
            assert!(!has(&bytes, b"http://ns.adobe.com/xap"), "{f} carries XMP");
            assert!(!has(&bytes, b"GPSLatitude"), "{f} carries GPS");
        }
    }
    assert!(images >= 8, "only {images} images published");
    let dims = |f: &str| image::image_dimensions(out.join(f)).unwrap();
    // Orientation 6 applied: the 800×500 photo stands upright as 500×800.
    assert_eq!(dims("bai-viet/ong-a-lam-giau/anh-bia.jpg"), (500, 800));
    assert_eq!(
        dims("bai-viet/ong-a-lam-giau/anh-bia.360w.webp"),
        (360, 576)
    );
    assert_eq!(dims("bai-viet/ong-a-lam-giau/anh-bia.og.jpg"), (1200, 630));
    assert!(
        !out.join("bai-viet/ong-a-lam-giau/anh-bia.720w.jpg")
            .exists(),
        "wider than the original"
    );
    let page = s.read_out("bai-viet/ong-a-lam-giau/index.html");
    assert!(
        page.contains(r#"<meta property="og:image:width" content="1200">"#),
        "{page}"
    );
    assert!(page.contains(r#"<meta property="og:image:height" content="630">"#));
    assert!(page.contains("anh-bia.og.jpg"));
    // The cover: eager, high priority, with its size.
    assert!(page.contains(r#"width="500" height="800" alt="Ông A bên vườn rau" fetchpriority="high" decoding="async""#), "{page}");
    // The body image: a picture with WebP and JPEG sets, lazy.
    assert!(page.contains(r#"srcset="/guong-dien-hinh/bai-viet/ong-a-lam-giau/ruong.360w.webp 360w, /guong-dien-hinh/bai-viet/ong-a-lam-giau/ruong.400w.webp 400w""#), "{page}");
    assert!(
        page.contains(
            r#"width="400" height="640" alt="Ruộng rau của ông A" loading="lazy" decoding="async""#
        ),
        "{page}"
    );
    let home = s.read_out("index.html");
    assert!(home.contains("anh-bia.360w.jpg 360w"), "{home}");
    for page in [&page, &home] {
        for img in page.split("<img").skip(1) {
            let tag = &img[..img.find('>').unwrap()];
            for attr in ["width=", "height=", "alt=", "decoding=\"async\""] {
                assert!(tag.contains(attr), "<img{tag}> lacks {attr}");
            }
        }
    }
}

fn summary(o: &std::process::Output) -> String {
    stderr(o)
        .lines()
        .find(|l| l.starts_with("Đã dựng"))
        .unwrap_or_default()
        .to_string()
}

fn cache_entries(s: &TestSite) -> usize {
    std::fs::read_dir(s.path().join(".guong-cache/images"))
        .unwrap()
        .count()
}

#[test]
fn rebuilds_take_photos_from_the_cache() {
    let s = site_with_photos();
    let first = summary(&s.build_ok(&[]));
    assert!(
        first.contains("đã xử lý 2 ảnh mới và lấy 0 ảnh từ bộ nhớ đệm"),
        "{first}"
    );
    let second = summary(&s.build_ok(&[]));
    assert!(
        second.contains("đã xử lý 0 ảnh mới và lấy 2 ảnh từ bộ nhớ đệm"),
        "{second}"
    );
    assert_eq!(cache_entries(&s), 2);
    s.write_bytes("content/2024/ong-a/ruong.jpg", &phone_photo(640, 400, 99));
    let third = summary(&s.build_ok(&[]));
    assert!(
        third.contains("đã xử lý 1 ảnh mới và lấy 1 ảnh từ bộ nhớ đệm"),
        "{third}"
    );
    assert_eq!(cache_entries(&s), 2, "the old entry is pruned");
    // A warm rebuild that used every entry still removes an interrupted build's leftover.
    let images = s.path().join(".guong-cache/images");
    let key = std::fs::read_dir(&images).unwrap().next().unwrap().unwrap();
    let leftover = images.join(format!("{}.tmp-1-0", key.file_name().to_string_lossy()));
    std::fs::create_dir(&leftover).unwrap();
    let warm = summary(&s.build_ok(&[]));
    assert!(warm.contains("đã xử lý 0 ảnh mới và lấy 2 ảnh"), "{warm}");
    assert!(!leftover.exists(), "the leftover is pruned");
    assert_eq!(cache_entries(&s), 2);
    // An entry deleted by hand (the memo in photos.json still names it) is made again.
    let one = std::fs::read_dir(&images).unwrap().next().unwrap().unwrap();
    std::fs::remove_dir_all(one.path()).unwrap();
    let again = summary(&s.build_ok(&[]));
    assert!(
        again.contains("đã xử lý 1 ảnh mới và lấy 1 ảnh từ bộ nhớ đệm"),
        "{again}"
    );
    assert_eq!(cache_entries(&s), 2);
    // `serve` and `build` share it; deleting it is safe.
    std::fs::remove_dir_all(s.path().join(".guong-cache")).unwrap();
    let fourth = summary(&s.build_ok(&[]));
    assert!(fourth.contains("đã xử lý 2 ảnh mới"), "{fourth}");
}

/// A PNG header claiming `w`×`h` pixels, with no pixel data behind it.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut v = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend(data);
        v.extend(&body);
        v.extend(crc(&body).to_be_bytes());
        v
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0, 0, 0, 0, 1]));
    out.extend(chunk(b"IEND", &[]));
    out
}

#[test]
fn broken_photos_are_errors_at_the_article() {
    let s = TestSite::new();
    let photo = phone_photo(300, 200, 5);
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("cut", photo[..photo.len() / 2].to_vec(), "cắt cụt"),
        (
            "text",
            "đây là một tệp văn bản".as_bytes().to_vec(),
            "không phải ảnh",
        ),
        ("bomb", png_header(8000, 7500), "quá lớn: 8000×7500"),
    ];
    for (name, bytes, _) in &cases {
        let ext = if *name == "bomb" { "png" } else { "jpg" };
        s.article(
            &format!("2024/{name}/index.md"),
            &format!("Bài {name}"),
            "2024-05-01",
            &format!("image: anh.{ext}\n"),
            "Nội dung.",
        );
        s.write_bytes(&format!("content/2024/{name}/anh.{ext}"), bytes);
    }
    s.write_bytes("static/images/hong.jpg", b"GIF89a not really");
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for (name, _, msg) in &cases {
        let at = format!("content/2024/{name}/index.md:8:8: ");
        let line = err
            .lines()
            .find(|l| l.contains(&at))
            .unwrap_or_else(|| panic!("no error at {at}: {err}"));
        assert!(line.contains(msg), "{line}");
    }
    assert!(err.contains("static/images/hong.jpg"), "{err}");
    assert!(!s.out().exists());
}

#[test]
fn svg_files_lose_their_scripts() {
    let s = TestSite::new();
    s.article("2024/a.md", "Bài A", "2024-05-01", "", "Nội dung.");
    s.write(
        "static/images/hinh.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><circle r="4"/></svg>"#,
    );
    // A whole GIF without metadata is published byte for byte.
    s.write_bytes("static/images/dong.gif", TINY_GIF);
    // A photo no article shows is published too, so it loses its metadata all the same.
    s.article(
        "2024/b/index.md",
        "Bài B",
        "2024-05-02",
        "",
        "Không có ảnh.",
    );
    s.write_bytes("content/2024/b/khac.jpg", &phone_photo(300, 200, 7));
    s.build_ok(&[]);
    let other = std::fs::read(s.out().join("bai-viet/bai-b/khac.jpg")).unwrap();
    assert!(!has(&other, b"Exif\0\0") && !has(&other, b"http://ns.adobe.com/xap"));
    let svg = s.read_out("images/hinh.svg");
    assert!(!svg.contains("onload") && !svg.contains("script"), "{svg}");
    assert!(svg.contains(r#"<circle r="4"/>"#), "{svg}");
    assert_eq!(
        std::fs::read(s.out().join("images/dong.gif")).unwrap(),
        TINY_GIF
    );
}

#[test]
fn check_warns_about_images_without_alt_and_finds_broken_ones() {
    let s = TestSite::new();
    s.article(
        "2024/a/index.md",
        "Bài A",
        "2024-05-01",
        "",
        "Mở đầu.\n\n![](anh.jpg)\n",
    );
    s.write_bytes("content/2024/a/anh.jpg", &phone_photo(300, 200, 1));
    let out = s.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("content/2024/a/index.md:12:1: cảnh báo: ảnh không có lời mô tả (alt)"),
        "{err}"
    );
    assert!(
        !s.path().join(".guong-cache").exists(),
        "check writes nothing"
    );
    s.write_bytes("content/2024/a/anh.jpg", b"not a photo");
    let out = s.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/2024/a/index.md:12:1: lỗi: ảnh"),
        "{err}"
    );
}

/// The `<img …>` tags of a page (up to their `>`).
fn img_tags(page: &str) -> Vec<String> {
    page.split("<img")
        .skip(1)
        .map(|t| format!("<img{}", &t[..=t.find('>').unwrap()]))
        .collect()
}

#[test]
fn raw_html_images_get_sizes_variants_and_lazy_loading() {
    let s = TestSite::new();
    s.article(
        "2024/a/index.md",
        "Bài A",
        "2024-05-01",
        "",
        "Mở đầu.\n\n<img src=\"ruong.jpg\" alt=\"Ruộng rau\">\n\nGiữa đoạn <img src=\"/images/bien.jpg\" alt=\"Biển\" class=\"anh-nho\" width=\"150\"> văn bản.\n\n<IMG SRC=\"khac.jpg\">\n\n<!-- <img src=\"cu.jpg\"> -->\n",
    );
    s.write_bytes("content/2024/a/ruong.jpg", &phone_photo(640, 400, 20));
    s.write_bytes("content/2024/a/khac.jpg", &phone_photo(300, 200, 30));
    s.write_bytes("static/images/bien.jpg", &phone_photo(600, 300, 40));
    let out = s.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("(alt)")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0]
            .ends_with("content/2024/a/index.md:16:1: cảnh báo: ảnh không có lời mô tả (alt)"),
        "{err}"
    );
    s.build_ok(&[]);
    let page = s.read_out("bai-viet/bai-a/index.html");
    let mut tags = img_tags(&page);
    tags.retain(|t| !t.contains("brand-logo"));
    assert_eq!(tags.len(), 3, "{page}");
    let dir = "/guong-dien-hinh/bai-viet/bai-a";
    // The first image in view (the article has no cover) stays eager; upright 400×640.
    assert_eq!(
        tags[0],
        format!(
            r#"<img src="{dir}/ruong.jpg" srcset="{dir}/ruong.360w.jpg 360w, {dir}/ruong.jpg 400w" sizes="(max-width: 800px) 100vw, 760px" width="400" height="640" alt="Ruộng rau" decoding="async">"#
        )
    );
    assert!(page.contains(&format!(
        r#"<source type="image/webp" srcset="{dir}/ruong.360w.webp 360w, {dir}/ruong.400w.webp 400w""#
    )));
    // The editor's width stays (the height follows the upright 300×600 photo), her class too.
    assert_eq!(
        tags[1],
        r#"<img src="/guong-dien-hinh/images/bien.jpg" srcset="/guong-dien-hinh/images/bien.jpg 300w" sizes="(max-width: 150px) 100vw, 150px" width="150" height="300" alt="Biển" class="anh-nho" loading="lazy" decoding="async">"#
    );
    assert!(tags[2].contains(r#"width="200" height="300" alt="" loading="lazy" decoding="async""#));
    // Only processed, metadata-free files are named, and they exist.
    for t in &tags {
        let src = t.split("src=\"").nth(1).unwrap().split('"').next().unwrap();
        let file = s.out().join(src.strip_prefix("/guong-dien-hinh/").unwrap());
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert!(
            !has(&bytes, b"Exif\0\0") && !has(&bytes, b"GPSLatitude"),
            "{src}"
        );
    }
}

#[test]
fn sources_whose_variants_would_share_a_name_are_errors() {
    let s = TestSite::new();
    s.article(
        "2024/a/index.md",
        "Bài A",
        "2024-05-01",
        "image: anh.jpg\nimage_alt: Ảnh bìa\n",
        "Mở đầu.\n\n![Ảnh trong bài](anh.png)\n",
    );
    s.write_bytes("content/2024/a/anh.jpg", &phone_photo(300, 200, 1));
    s.write_bytes("content/2024/a/anh.png", &tiny_png());
    s.article(
        "2024/b/index.md",
        "Bài B",
        "2024-05-02",
        "",
        "Mở đầu.\n\n![Biển](/images/Bien.jpg)\n",
    );
    s.write_bytes("static/images/Bien.jpg", &phone_photo(300, 200, 2));
    // Named like the 720-pixel WebP variant of `Bien.jpg` (hosts may ignore letter case).
    s.write_bytes("static/images/bien.720w.webp", b"RIFF");
    for cmd in ["build", "check"] {
        let out = s.run(&[cmd]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        let a = err
            .lines()
            .find(|l| l.contains("content/2024/a/index.md:14:1: lỗi: ảnh "))
            .unwrap_or_else(|| panic!("{cmd}: {err}"));
        assert!(
            a.contains("cùng tên với ảnh") && a.contains("anh.jpg"),
            "{a}"
        );
        let b = err
            .lines()
            .find(|l| l.contains("content/2024/b/index.md:12:1: lỗi: ảnh "))
            .unwrap_or_else(|| panic!("{cmd}: {err}"));
        assert!(b.contains("static/images/bien.720w.webp"), "{b}");
    }
    assert!(!s.out().exists());
    // Renamed, both build.
    std::fs::rename(
        s.path().join("content/2024/a/anh.png"),
        s.path().join("content/2024/a/anh-2.png"),
    )
    .unwrap();
    s.write(
        "content/2024/a/index.md",
        &std::fs::read_to_string(s.path().join("content/2024/a/index.md"))
            .unwrap()
            .replace("(anh.png)", "(anh-2.png)"),
    );
    std::fs::remove_file(s.path().join("static/images/bien.720w.webp")).unwrap();
    s.build_ok(&[]);
}

/// A PNG chunk (length, type, data, CRC).
fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut body = kind.to_vec();
    body.extend(data);
    let mut c = 0xFFFF_FFFFu32;
    for &b in &body {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    let mut v = (data.len() as u32).to_be_bytes().to_vec();
    v.extend(&body);
    v.extend((!c).to_be_bytes());
    v
}

/// A `w`×`h` pixel buffer (RGBA).
fn rgba(w: u32, h: u32) -> Vec<u8> {
    (0..w * h)
        .flat_map(|i| [(i % w * 255 / w) as u8, (i / w * 255 / h) as u8, 90, 200])
        .collect()
}

/// A PNG with a GPS position in `tEXt`, an XMP packet in `iTXt` and EXIF in `eXIf`.
fn png_with_metadata(w: u32, h: u32) -> Vec<u8> {
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&rgba(w, h), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    let mut out = png[..33].to_vec(); // signature and IHDR
    out.extend(png_chunk(b"tEXt", b"GPSLatitude\x008,41.5N"));
    out.extend(png_chunk(
        b"iTXt",
        b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">GPSLatitude</x:xmpmeta>",
    ));
    out.extend(png_chunk(b"eXIf", b"MM\0\x2a\0\0\0\x08\0\0GPSLatitude"));
    out.extend(&png[33..]);
    out
}

/// A WebP (extended format) with EXIF and XMP chunks.
fn webp_with_metadata(w: u32, h: u32) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut plain)
        .write_image(&rgba(w, h), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut v = kind.to_vec();
        v.extend((data.len() as u32).to_le_bytes());
        v.extend(data);
        if data.len() % 2 == 1 {
            v.push(0);
        }
        v
    };
    let mut vp8x = vec![0x08 | 0x04 | 0x10, 0, 0, 0]; // EXIF, XMP, alpha
    vp8x.extend(&(w - 1).to_le_bytes()[..3]);
    vp8x.extend(&(h - 1).to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    body.extend(chunk(b"VP8X", &vp8x));
    body.extend(&plain[12..]); // the VP8L chunk
    body.extend(chunk(b"EXIF", b"MM\0\x2a\0\0\0\x08\0\0GPSLatitude"));
    body.extend(chunk(
        b"XMP ",
        b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">GPSLatitude</x:xmpmeta>",
    ));
    let mut out = b"RIFF".to_vec();
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

/// The chunk types of a PNG or WebP file.
fn chunk_types(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    if bytes.starts_with(b"\x89PNG") {
        let mut i = 8;
        while i + 8 <= bytes.len() {
            let len = u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
            out.push(String::from_utf8_lossy(&bytes[i + 4..i + 8]).into_owned());
            i += 12 + len;
        }
    } else if bytes.starts_with(b"RIFF") {
        let mut i = 12;
        while i + 8 <= bytes.len() {
            let len = u32::from_le_bytes(bytes[i + 4..i + 8].try_into().unwrap()) as usize;
            out.push(String::from_utf8_lossy(&bytes[i..i + 4]).into_owned());
            i += 8 + len + len % 2;
        }
    }
    out
}

#[test]
fn png_text_chunks_and_webp_metadata_chunks_are_not_published() {
    let s = TestSite::new();
    s.article(
        "2024/a/index.md",
        "Bài A",
        "2024-05-01",
        "image: bia.png\nimage_alt: Ảnh bìa\n",
        "Mở đầu.\n\n![Ảnh trong bài](trong-bai.webp)\n",
    );
    let png = png_with_metadata(400, 300);
    let webp = webp_with_metadata(400, 300);
    assert!(chunk_types(&png).contains(&"tEXt".to_string()));
    assert!(chunk_types(&webp).contains(&"XMP ".to_string()));
    s.write_bytes("content/2024/a/bia.png", &png);
    s.write_bytes("content/2024/a/trong-bai.webp", &webp);
    s.write_bytes("static/images/le.png", &png);
    s.write_bytes("static/images/le.webp", &webp);
    s.build_ok(&[]);
    let mut seen = 0;
    for f in files(&s.out()) {
        let lower = f.to_ascii_lowercase();
        if ![".jpg", ".png", ".webp"].iter().any(|e| lower.ends_with(e)) {
            continue;
        }
        seen += 1;
        let bytes = std::fs::read(s.out().join(&f)).unwrap();
        assert!(!has(&bytes, b"GPSLatitude"), "{f} carries the position");
        assert!(
            !has(&bytes, b"adobe:ns:meta") && !has(&bytes, b"Exif\0\0"),
            "{f}"
        );
        for t in chunk_types(&bytes) {
            assert!(
                ![
                    "tEXt", "iTXt", "zTXt", "eXIf", "EXIF", "XMP ", "iCCP", "ICCP"
                ]
                .contains(&t.as_str()),
                "{f} has a {t} chunk"
            );
        }
    }
    assert!(seen >= 10, "only {seen} images");
}

#[test]
fn no_progress_line_when_stderr_is_not_a_terminal() {
    let s = TestSite::new();
    s.article("2024/a.md", "Bài A", "2024-05-01", "", "Nội dung.");
    for i in 0..25 {
        s.write_bytes(
            &format!("static/images/anh-{i}.png"),
            &png_with_metadata(4 + i, 3),
        );
    }
    let out = s.build_ok(&[]);
    let err = stderr(&out);
    assert!(err.contains("đã xử lý 25 ảnh mới"), "{err}");
    assert!(
        !err.contains("Đang xử lý ảnh") && !err.contains('\r'),
        "{err}"
    );
}

/// An animated GIF (3 frames of 40×30, looping) as a phone or an editor's tool leaves it:
/// with a comment and an XMP packet (`XMP DataXMP`, with its 258-byte magic trailer)
/// carrying a GPS position.
fn gif_with_metadata() -> (Vec<u8>, Vec<u8>) {
    use image::codecs::gif::{GifEncoder, Repeat};
    use image::{Delay, Frame, Rgba, RgbaImage};
    let mut plain = Vec::new();
    {
        let mut enc = GifEncoder::new(&mut plain);
        enc.set_repeat(Repeat::Infinite).unwrap();
        let frames = (0..3u8).map(|k| {
            let img = RgbaImage::from_fn(40, 30, |x, y| {
                Rgba([(x * 6) as u8, (y * 8) as u8, k * 80, 255])
            });
            Frame::from_parts(img, 0, 0, Delay::from_numer_denom_ms(100, 1))
        });
        enc.encode_frames(frames).unwrap();
    }
    assert_eq!(plain.last(), Some(&0x3B));
    let comment = b"GPS 8,41.5N 106,36.2E";
    let mut meta = vec![0x21, 0xFE, comment.len() as u8];
    meta.extend(comment);
    meta.push(0);
    meta.extend(b"\x21\xFF\x0BXMP DataXMP");
    meta.extend(b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><exif:GPSLatitude>8,41.5N</exif:GPSLatitude></x:xmpmeta>");
    meta.push(0x01);
    meta.extend((0..=255u8).rev());
    meta.push(0);
    let mut with = plain[..plain.len() - 1].to_vec();
    with.extend(meta);
    with.push(0x3B);
    (with, plain)
}

/// The frames of a GIF as `image` decodes them: pixels and delays.
fn gif_frames(bytes: &[u8]) -> Vec<(Vec<u8>, (u32, u32))> {
    use image::AnimationDecoder;
    let dec = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(bytes)).unwrap();
    dec.into_frames()
        .collect_frames()
        .unwrap()
        .into_iter()
        .map(|f| (f.buffer().as_raw().clone(), f.delay().numer_denom_ms()))
        .collect()
}

#[test]
fn gifs_and_svgs_lose_their_metadata_and_get_sizes() {
    let (gif, plain) = gif_with_metadata();
    assert!(has(&gif, b"GPSLatitude") && has(&gif, b"GPS 8,41"));
    assert_eq!(gif_frames(&gif).len(), 3);
    let s = TestSite::new();
    s.article(
        "2024/a/index.md",
        "Bài A",
        "2024-05-02",
        "image: co.gif\nimage_alt: Lá cờ bay\n",
        "Mở đầu.\n\n![Cờ bay](co.gif)\n\n<img src=\"co.gif\" alt=\"Cờ nhỏ\" width=\"80\">\n\n![Sơ đồ](/images/so-do.svg)\n",
    );
    s.write_bytes("content/2024/a/co.gif", &gif);
    s.write(
        "static/images/so-do.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 300 150"><rect width="300" height="150"/></svg>"#,
    );
    s.article(
        "2024/b/index.md",
        "Bài B",
        "2024-05-01",
        "image: https://example.com/bia.jpg\n",
        "Mở đầu.\n\n![Khung](/images/khung.svg)\n\n![Ảnh ngoài](https://example.com/anh.jpg)\n\n<img src=\"https://example.com/b.jpg\" alt=\"Có cỡ\" width=\"60\" height=\"40\">\n",
    );
    // An SVG cover has its size; its link preview is drawn from it.
    s.article(
        "2024/c.md",
        "Bài C",
        "2024-04-30",
        "image: images/so-do.svg\n",
        "Nội dung.",
    );
    s.write(
        "static/images/khung.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>"#,
    );
    let out = s.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // `check` warns about what has no size: a cover and a Markdown image from another site,
    // the SVG without width/height or viewBox; not about a raw `<img>` that gives both.
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains(": cảnh báo: ")).collect();
    assert_eq!(warnings.len(), 3, "{err}");
    assert!(
        warnings[0].contains("content/2024/b/index.md:8:8: cảnh báo: ảnh lấy từ trang khác"),
        "{err}"
    );
    assert!(
        warnings[1].contains("content/2024/b/index.md:13:1: cảnh báo: ảnh ")
            && warnings[1].contains("khung.svg")
            && warnings[1].contains("viewBox"),
        "{err}"
    );
    assert!(
        warnings[2].ends_with("content/2024/b/index.md:15:1: cảnh báo: ảnh lấy từ trang khác: guong không tải về nên không biết kích thước, trang có thể bị xô lệch khi ảnh hiện ra, và ảnh mất khi trang kia gỡ"),
        "{err}"
    );
    s.build_ok(&[]);
    let published = std::fs::read(s.out().join("bai-viet/bai-a/co.gif")).unwrap();
    for secret in [&b"GPSLatitude"[..], b"GPS 8,41", b"XMP DataXMP", b"xmpmeta"] {
        assert!(
            !has(&published, secret),
            "{}",
            String::from_utf8_lossy(secret)
        );
    }
    // The loop count stays, every frame is the same byte for byte: the file is what the
    // encoder wrote before the metadata was added.
    assert!(has(&published, b"NETSCAPE2.0"));
    assert_eq!(published, plain);
    assert_eq!(gif_frames(&published), gif_frames(&gif));
    let page = s.read_out("bai-viet/bai-a/index.html");
    let mut tags = img_tags(&page);
    // The related article's card (B, its cover on another site) is not this article's.
    tags.retain(|t| {
        !t.contains("brand-logo") && !t.contains("example.com") && !t.contains(r#"alt="Bài C""#)
    });
    let gif_url = "/guong-dien-hinh/bai-viet/bai-a/co.gif";
    assert_eq!(
        tags,
        [
            format!(
                r#"<img src="{gif_url}" width="40" height="30" alt="Lá cờ bay" fetchpriority="high" decoding="async">"#
            ),
            // Below the cover, body images load lazily; the editor's width stays.
            r#"<img src="co.gif" alt="Cờ bay" width="40" height="30" loading="lazy" decoding="async">"#.to_string(),
            r#"<img src="co.gif" alt="Cờ nhỏ" width="80" height="60" loading="lazy" decoding="async">"#.to_string(),
            // `width="100%"` is relative: the viewBox gives the size.
            r#"<img src="/guong-dien-hinh/images/so-do.svg" alt="Sơ đồ" width="300" height="150" loading="lazy" decoding="async">"#.to_string(),
        ]
    );
    // A GIF cover's link preview is its first frame at 1200×630, without metadata.
    let og = "https://example.gov.vn/guong-dien-hinh/bai-viet/bai-a/co.og.jpg";
    assert!(
        page.contains(&format!(r#"<meta property="og:image" content="{og}">"#)),
        "{page}"
    );
    assert!(
        page.contains(r#"<meta property="og:image:width" content="1200">"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<meta property="og:image:height" content="630">"#),
        "{page}"
    );
    let preview = std::fs::read(s.out().join("bai-viet/bai-a/co.og.jpg")).unwrap();
    let frame = image::load_from_memory(&preview).unwrap().into_rgb8();
    assert_eq!(frame.dimensions(), (1200, 630));
    for secret in [&b"Exif"[..], b"GPS", b"xmpmeta"] {
        assert!(!has(&preview, secret));
    }
    // Cards carry the size too.
    let home = s.read_out("index.html");
    assert!(
        home.contains(&format!(
            r#"<img src="{gif_url}" width="40" height="30" alt="Lá cờ bay" fetchpriority="high" decoding="async">"#
        )),
        "{home}"
    );
    // An SVG cover carries its viewBox size; its link preview is the SVG drawn at 1200×630
    // (a black rectangle, scaled to fill the frame).
    let c = s.read_out("bai-viet/bai-c/index.html");
    assert!(
        c.contains(r#"<img src="/guong-dien-hinh/images/so-do.svg" width="300" height="150" alt="Bài C" fetchpriority="high" decoding="async">"#),
        "{c}"
    );
    assert!(
        c.contains(r#"<meta property="og:image" content="https://example.gov.vn/guong-dien-hinh/images/so-do.og.jpg">"#),
        "{c}"
    );
    assert!(
        c.contains(r#"<meta property="og:image:width" content="1200">"#),
        "{c}"
    );
    let drawn = std::fs::read(s.out().join("images/so-do.og.jpg")).unwrap();
    let drawn = image::load_from_memory(&drawn).unwrap().into_rgb8();
    assert_eq!(drawn.dimensions(), (1200, 630));
    assert!(
        drawn.get_pixel(600, 315)[0] < 40,
        "{:?}",
        drawn.get_pixel(600, 315)
    );
    // A second build takes both previews from the cache.
    let again = summary(&s.build_ok(&[]));
    assert!(
        again.contains("đã xử lý 0 ảnh mới và lấy 2 ảnh từ bộ nhớ đệm"),
        "{again}"
    );
    // An SVG without a size, and images on other sites, stay without one.
    let b = img_tags(&s.read_out("bai-viet/bai-b/index.html"));
    assert!(
        b.contains(
            &r#"<img src="/guong-dien-hinh/images/khung.svg" alt="Khung" decoding="async">"#
                .to_string()
        ),
        "{b:?}"
    );
    assert!(
        b.contains(&r#"<img src="https://example.com/anh.jpg" alt="Ảnh ngoài">"#.to_string()),
        "{b:?}"
    );
}

#[test]
fn a_broken_gif_is_an_error_at_the_article() {
    let s = TestSite::new();
    s.article(
        "2024/a/index.md",
        "Bài A",
        "2024-05-01",
        "",
        "Mở đầu.\n\n![Cờ](co.gif)\n",
    );
    // Cut off after the logical screen: no frame, no trailer.
    s.write_bytes("content/2024/a/co.gif", b"GIF89a\x01\x00\x01\x00");
    s.write_bytes(
        "static/images/khac.gif",
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00",
    );
    for cmd in ["build", "check"] {
        let out = s.run(&[cmd]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            err.lines()
                .any(|l| l.contains("content/2024/a/index.md:12:1: lỗi: ảnh ")
                    && l.contains("co.gif")
                    && l.contains("GIF bị cắt cụt")),
            "{cmd}: {err}"
        );
        // A GIF no article names is an error at its path.
        assert!(
            err.lines()
                .any(|l| l.contains("static/images/khac.gif: lỗi: tệp GIF")),
            "{cmd}: {err}"
        );
    }
    assert!(!s.out().exists());
}

#[test]
fn theme_static_files_named_like_variants_are_errors() {
    let s = TestSite::new();
    s.article(
        "2024/b/index.md",
        "Bài B",
        "2024-05-02",
        "",
        "Mở đầu.\n\n![Biển](/images/bien.jpg)\n",
    );
    s.write_bytes("static/images/bien.jpg", &phone_photo(300, 200, 2));
    // The site's own layer of the default theme ships a file named like a variant.
    s.write_bytes("themes/default/static/images/Bien.360w.jpg", b"x");
    for cmd in ["build", "check"] {
        let out = s.run(&[cmd]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        let line = err
            .lines()
            .find(|l| l.contains("content/2024/b/index.md:12:1: lỗi: ảnh "))
            .unwrap_or_else(|| panic!("{cmd}: {err}"));
        assert!(
            line.contains("themes/default/static/images/Bien.360w.jpg"),
            "{line}"
        );
    }
    assert!(!s.out().exists());
    // Renamed away, the site builds.
    std::fs::remove_file(s.path().join("themes/default/static/images/Bien.360w.jpg")).unwrap();
    s.build_ok(&[]);
}

#[test]
fn a_broken_photo_and_a_broken_link_are_reported_in_one_run() {
    let s = TestSite::new();
    s.article(
        "2024/hong/index.md",
        "Bài có ảnh hỏng",
        "2024-05-01",
        "image: anh.jpg\n",
        "Nội dung.",
    );
    s.write_bytes("content/2024/hong/anh.jpg", b"not a photo");
    s.article(
        "2024/lien-ket.md",
        "Bài có liên kết hỏng",
        "2024-05-02",
        "",
        "Xem [bài này](/bai-viet/khong-co/).",
    );
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/2024/hong/index.md:8:8: "), "{err}");
    assert!(err.contains("content/2024/lien-ket.md:"), "{err}");
}

#[test]
fn a_themes_own_photos_lose_their_metadata_too() {
    let s = TestSite::new();
    s.article("2024/a.md", "Bài A", "2024-05-02", "", "Mở đầu.\n");
    // The site's own layer of the default theme: a background photo from a phone, a GIF with
    // metadata, and an SVG, which is the theme's code and stays as written.
    s.write_bytes(
        "themes/default/static/images/nen.jpg",
        &phone_photo(400, 300, 7),
    );
    let (gif, plain) = gif_with_metadata();
    s.write_bytes("themes/default/static/images/co.gif", &gif);
    let svg =
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><title>Nền</title></svg>"#;
    s.write("themes/default/static/images/hoa-van.svg", svg);
    s.build_ok(&[]);
    let photo = std::fs::read(s.out().join("images/nen.jpg")).unwrap();
    assert!(!has(&photo, b"Exif\0\0") && !has(&photo, b"GPSLatitude"));
    assert!(!has(&photo, b"http://ns.adobe.com/xap"));
    // Upright: orientation 6 applied.
    assert_eq!(
        image::image_dimensions(s.out().join("images/nen.jpg")).unwrap(),
        (300, 400)
    );
    assert_eq!(std::fs::read(s.out().join("images/co.gif")).unwrap(), plain);
    assert_eq!(s.read_out("images/hoa-van.svg"), svg);
}
