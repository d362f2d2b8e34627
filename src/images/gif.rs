//! GIF files are published as drawn, frame for frame, but without the blocks that can carry
//! metadata: comment extensions and application extensions (XMP is stored in one, `XMP
//! DataXMP`) other than the loop count (`NETSCAPE2.0`, `ANIMEXTS1.0`). The walk follows the
//! GIF block structure and copies every other byte unchanged, so nothing is decoded or
//! re-encoded; a malformed file is an error, never a panic.

/// A GIF as published: its bytes without metadata, and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped {
    /// The file without comment and metadata application extensions.
    pub bytes: Vec<u8>,
    /// Width in pixels (the logical screen, or the frames' extent when it is 0).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

const CUT: &str = "tệp GIF bị cắt cụt hoặc hỏng; hãy chép lại ảnh gốc";

/// A reader over the source that fails (instead of panicking) past its end.
struct Input<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).ok_or(CUT)?;
        let s = self.data.get(self.at..end).ok_or(CUT)?;
        self.at = end;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    /// The data sub-blocks that follow, up to and with the empty one: their bytes in the
    /// source, and the first sub-block's contents.
    fn sub_blocks(&mut self) -> Result<(&'a [u8], &'a [u8]), String> {
        let start = self.at;
        let mut first: Option<&'a [u8]> = None;
        loop {
            let len = usize::from(self.byte()?);
            if len == 0 {
                return Ok((&self.data[start..self.at], first.unwrap_or(&[])));
            }
            let block = self.take(len)?;
            first.get_or_insert(block);
        }
    }
}

/// The size of a colour table announced by a packed field, in bytes.
fn color_table(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 7) + 1)
    }
}

fn u16_at(s: &[u8], i: usize) -> u32 {
    u32::from(u16::from_le_bytes([s[i], s[i + 1]]))
}

/// Walks `data` and drops its metadata blocks; refuses anything but a whole GIF (header,
/// at least one frame, the trailer) and sizes over [`super::decode::MAX_PIXELS`].
pub fn strip(data: &[u8]) -> Result<Stripped, String> {
    let mut input = Input { data, at: 0 };
    let header = input
        .take(6)
        .map_err(|_| "tệp này không phải ảnh GIF".to_string())?;
    if header != b"GIF87a" && header != b"GIF89a" {
        return Err("tệp này không phải ảnh GIF".into());
    }
    let screen = input.take(7)?;
    let (mut width, mut height) = (u16_at(screen, 0), u16_at(screen, 2));
    input.take(color_table(screen[4]))?;
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&data[..input.at]);
    let (mut extent_w, mut extent_h, mut frames) = (0u32, 0u32, 0usize);
    loop {
        let start = input.at;
        match input.byte()? {
            // Image descriptor, local colour table, LZW code size, image data.
            0x2C => {
                let d = input.take(9)?;
                extent_w = extent_w.max(u16_at(d, 0) + u16_at(d, 4));
                extent_h = extent_h.max(u16_at(d, 2) + u16_at(d, 6));
                input.take(color_table(d[8]))?;
                input.byte()?;
                input.sub_blocks()?;
                out.extend_from_slice(&data[start..input.at]);
                frames += 1;
            }
            0x21 => {
                let label = input.byte()?;
                let (_, first) = input.sub_blocks()?;
                let keep = match label {
                    // Graphic control (delays, transparency) and plain text are drawing.
                    0xF9 | 0x01 => true,
                    // Application extensions: only the loop count is kept.
                    0xFF => first == b"NETSCAPE2.0" || first == b"ANIMEXTS1.0",
                    // Comments and anything unknown may hold metadata; decoders skip them.
                    _ => false,
                };
                if keep {
                    out.extend_from_slice(&data[start..input.at]);
                }
            }
            0x3B => {
                out.push(0x3B);
                break;
            }
            // A stray zero between blocks (some XMP writers leave one after their trailer):
            // decoders skip it, and so does the walk.
            0x00 => {}
            _ => return Err(CUT.into()),
        }
    }
    if frames == 0 {
        return Err("tệp GIF không có khung hình nào".into());
    }
    // Some encoders leave the logical screen at 0: browsers then show the frames' extent.
    if width == 0 || height == 0 {
        (width, height) = (extent_w, extent_h);
    }
    super::decode::check_size(width, height)?;
    Ok(Stripped {
        bytes: out,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 GIF89a: screen, global table of 2 colours, one frame, the trailer.
    fn tiny(extra: &[u8]) -> Vec<u8> {
        let mut g = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
        g.extend([0, 0, 0, 255, 255, 255]);
        g.extend(extra);
        g.extend(b"\x2C\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0\x3B");
        g
    }

    #[test]
    fn keeps_frames_and_loops_drops_comments() {
        let plain = tiny(&[]);
        assert_eq!(strip(&plain).unwrap().bytes, plain);
        let looped = tiny(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\0\0\0");
        assert_eq!(strip(&looped).unwrap().bytes, looped);
        let commented = tiny(b"\x21\xFE\x05GPS 1\0\x21\xFF\x0BXMP DataXMP\x02ab\0");
        let s = strip(&commented).unwrap();
        assert_eq!(s.bytes, plain);
        assert_eq!((s.width, s.height), (1, 1));
    }

    #[test]
    fn refuses_broken_files() {
        let plain = tiny(&[]);
        for n in 0..plain.len() {
            assert!(strip(&plain[..n]).is_err(), "cut at {n}");
        }
        assert!(strip(b"GIF89a\x01\x00\x01\x00\x00\x00\x00\x3B").is_err());
        assert!(strip(&tiny(b"\x07")).is_err());
        assert!(strip(b"not a gif at all").is_err());
        let mut bomb = tiny(&[]);
        bomb[6..10].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
        assert!(strip(&bomb).unwrap_err().contains("megapixel"));
    }
}
