//! Test images made in the test: a JPEG carrying an EXIF block with GPS coordinates,
//! a description and an orientation, and PNG headers that announce decompression bombs.
#![allow(dead_code)]

use image::{ImageEncoder, RgbImage};

/// The text hidden in the EXIF block (searched for after re-encoding).
pub const SECRET: &[u8] = b"SECRET-LOCATION-52.5200N";

/// A `w`×`h` JPEG whose APP1 segment says: rotate 90° to display (orientation 6),
/// GPS latitude N 52°31'12", description `SECRET`.
pub fn jpeg_with_exif_gps(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 6) as u8, (y * 12) as u8, 128])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    let tiff = exif_tiff();
    let mut app1 = vec![0xFF, 0xE1];
    let len = (2 + 6 + tiff.len()) as u16;
    app1.extend_from_slice(&len.to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn entry(t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: [u8; 4]) {
    t.extend_from_slice(&tag.to_be_bytes());
    t.extend_from_slice(&typ.to_be_bytes());
    t.extend_from_slice(&count.to_be_bytes());
    t.extend_from_slice(&value);
}

/// A big-endian TIFF: IFD0 (description, orientation, GPS pointer), the GPS IFD
/// (latitude ref and latitude), then the data the entries point at.
fn exif_tiff() -> Vec<u8> {
    const IFD0: u32 = 8;
    const GPS: u32 = IFD0 + 2 + 3 * 12 + 4; // 50
    const LAT: u32 = GPS + 2 + 2 * 12 + 4; // 80
    const DESC: u32 = LAT + 24; // 104
    let mut t = b"MM\0\x2a".to_vec();
    t.extend_from_slice(&IFD0.to_be_bytes());
    t.extend_from_slice(&3u16.to_be_bytes());
    entry(
        &mut t,
        0x010E,
        2,
        SECRET.len() as u32 + 1,
        DESC.to_be_bytes(),
    );
    entry(&mut t, 0x0112, 3, 1, [0, 6, 0, 0]);
    entry(&mut t, 0x8825, 4, 1, GPS.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(t.len() as u32, GPS);
    t.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, 5, 3, LAT.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(t.len() as u32, LAT);
    for (n, d) in [(52u32, 1u32), (31, 1), (12, 1)] {
        t.extend_from_slice(&n.to_be_bytes());
        t.extend_from_slice(&d.to_be_bytes());
    }
    t.extend_from_slice(SECRET);
    t.push(0);
    t
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= b as u32;
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

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A PNG of a few hundred bytes that announces `w`×`h` RGBA pixels: a decoder
/// without limits would allocate w·h·4 bytes before finding out the data is missing.
pub fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    // zlib stream of one stored empty block: valid, decodes to nothing.
    chunk(
        &mut out,
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01,
        ],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A small valid PNG.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_pixel(w, h, image::Rgb([10, 200, 30]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A small lossless WebP.
pub fn webp(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba([200, 30, 10, 255]));
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}
