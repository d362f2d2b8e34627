//! Draws photo-like pictures (sky, sun, sea, hills, boats, sensor grain) for the bundled site's
//! covers and for the image benchmark, so that no downloaded image is needed.
//! `cargo run --release --example photos -- OUT_DIR COUNT WIDTH HEIGHT [QUALITY]`
//! writes OUT_DIR/anh-0001.jpg … as JPEG.

use image::{ImageEncoder, codecs::jpeg::JpegEncoder};
use std::path::PathBuf;

/// A small deterministic random generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f32 {
        (self.next() % 10_000) as f32 / 10_000.0
    }
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t.clamp(0.0, 1.0))
}

/// One picture, seeded by `seed`.
fn draw(seed: u64, w: u32, h: u32) -> Vec<u8> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let palettes = [
        (
            [255.0, 183.0, 120.0],
            [92.0, 124.0, 190.0],
            [28.0, 86.0, 120.0],
        ),
        (
            [170.0, 214.0, 245.0],
            [60.0, 130.0, 210.0],
            [20.0, 110.0, 140.0],
        ),
        (
            [250.0, 140.0, 90.0],
            [120.0, 70.0, 140.0],
            [40.0, 60.0, 110.0],
        ),
        (
            [210.0, 235.0, 250.0],
            [110.0, 170.0, 220.0],
            [30.0, 140.0, 130.0],
        ),
    ];
    let (horizon_c, sky_c, sea_c) = palettes[(seed % 4) as usize];
    let horizon = h as f32 * (0.5 + 0.15 * rng.unit());
    let sun = (
        w as f32 * (0.2 + 0.6 * rng.unit()),
        horizon - h as f32 * 0.12 * (0.5 + rng.unit()),
    );
    let sun_r = h as f32 * (0.04 + 0.05 * rng.unit());
    let hills: Vec<(f32, f32, f32)> = (0..4)
        .map(|_| {
            (
                w as f32 * rng.unit(),
                w as f32 * (0.15 + 0.3 * rng.unit()),
                h as f32 * (0.05 + 0.15 * rng.unit()),
            )
        })
        .collect();
    let boats: Vec<(f32, f32, f32)> = (0..3)
        .map(|_| {
            (
                w as f32 * rng.unit(),
                horizon + (h as f32 - horizon) * (0.2 + 0.6 * rng.unit()),
                w as f32 * (0.02 + 0.04 * rng.unit()),
            )
        })
        .collect();
    let mut px = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        let fy = y as f32;
        for x in 0..w {
            let fx = x as f32;
            let mut c = if fy < horizon {
                mix(sky_c, horizon_c, fy / horizon)
            } else {
                let t = (fy - horizon) / (h as f32 - horizon);
                let wave = ((fx * 0.05 + fy * 0.3).sin() * (fy * 0.11).cos()) * 12.0 * (1.0 - t);
                let c = mix(horizon_c, sea_c, t * 2.5);
                [c[0] + wave, c[1] + wave, c[2] + wave]
            };
            let d = ((fx - sun.0).powi(2) + (fy - sun.1).powi(2)).sqrt();
            if fy < horizon {
                c = mix(c, [255.0, 240.0, 200.0], (1.5 - d / sun_r).clamp(0.0, 1.0));
            }
            for &(hx, hw, hh) in &hills {
                let top = horizon - hh * (1.0 - ((fx - hx) / hw).powi(2));
                if fy < horizon && fy > top {
                    let leaf = ((fx * 0.7).sin() * (fy * 0.9).cos()) * 10.0;
                    c = [46.0 + leaf, 92.0 + leaf * 1.5, 60.0 + leaf];
                }
            }
            for &(bx, by, bw) in &boats {
                if (fx - bx).abs() < bw
                    && fy > by
                    && fy < by + bw * 0.35 * (1.0 - ((fx - bx) / bw).powi(2))
                {
                    c = [120.0, 60.0, 40.0];
                }
            }
            let grain = (rng.unit() - 0.5) * 14.0;
            px.extend(c.map(|v| (v + grain).clamp(0.0, 255.0) as u8));
        }
    }
    px
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("cách dùng: photos THƯ_MỤC SỐ_ẢNH RỘNG CAO [CHẤT_LƯỢNG]");
        std::process::exit(2);
    }
    let dir = PathBuf::from(&args[0]);
    let count: u64 = args[1].parse().expect("SỐ_ẢNH");
    let (w, h): (u32, u32) = (
        args[2].parse().expect("RỘNG"),
        args[3].parse().expect("CAO"),
    );
    let quality: u8 = args.get(4).map_or(90, |q| q.parse().expect("CHẤT_LƯỢNG"));
    std::fs::create_dir_all(&dir).expect("tạo thư mục");
    for i in 1..=count {
        let px = draw(i, w, h);
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, quality)
            .write_image(&px, w, h, image::ExtendedColorType::Rgb8)
            .expect("mã hóa JPEG");
        std::fs::write(dir.join(format!("anh-{i:04}.jpg")), out).expect("ghi ảnh");
    }
}
