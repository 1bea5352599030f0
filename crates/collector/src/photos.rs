//! Review photos: JPEG, PNG or WebP up to 8 MB, recognised by their bytes (never by
//! the name or type the browser sent), decoded with limits on dimensions and memory
//! (a decompression bomb is refused before it allocates), turned upright, and
//! re-encoded from pixels only, so EXIF, GPS, XMP, ICC and comments are gone. The
//! result is stored content-addressed (`DATA_DIR/photos/<sha256>.<ext>`); its hash is
//! what the signed review carries.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

/// Largest upload per photo.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Photos per review.
pub const MAX_PHOTOS: usize = 3;
/// Largest side accepted (a 12,000 px panorama is refused, phone photos pass).
const MAX_SIDE: u32 = 10_000;
/// Longest side of a stored photo.
pub const MAX_STORED_SIDE: u32 = 2048;
/// Largest decoded buffer (a 10,000 × 6,000 RGB photo needs 180 MB; more is a bomb).
const MAX_ALLOC: u64 = 200 * 1024 * 1024;

/// Why a photo was refused (the form shows one neutral message for all).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("photo is larger than 8 MB")]
    TooLarge,
    #[error("photo is not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("photo cannot be decoded: {0}")]
    Corrupt(String),
    #[error("photo dimensions or decoded size exceed the limits")]
    TooBig,
}

/// A re-encoded photo, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clean {
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub content_type: &'static str,
    pub ext: &'static str,
}

impl Clean {
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.sha256, self.ext)
    }
}

fn sniff(b: &[u8]) -> Option<ImageFormat> {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some(ImageFormat::WebP)
    } else {
        None
    }
}

/// Decodes and re-encodes one upload (CPU work: call from `spawn_blocking`).
pub fn clean(upload: &[u8]) -> Result<Clean, PhotoError> {
    if upload.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = sniff(upload).ok_or(PhotoError::NotAnImage)?;
    if format == ImageFormat::Jpeg && !jpeg_complete(upload) {
        // The JPEG decoder fills a cut-off scan with grey; a cut-off upload is corrupt.
        return Err(PhotoError::Corrupt(
            "the JPEG ends before its end-of-image marker".into(),
        ));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder().map_err(map_err)?;
    decoder.set_limits(limits).map_err(map_err)?;
    // Checked here, from the header, before the pixel buffer is allocated (the
    // decoders' own limits do not all cover the output buffer).
    let (w, h) = decoder.dimensions();
    if w > MAX_SIDE || h > MAX_SIDE || decoder.total_bytes() > MAX_ALLOC {
        return Err(PhotoError::TooBig);
    }
    let orientation = decoder.orientation().map_err(map_err)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(map_err)?;
    // EXIF orientation is about to be dropped with the rest of the metadata: apply it.
    img.apply_orientation(orientation);
    // Review photos are shown small: a 12-megapixel original is scaled to at most
    // MAX_STORED_SIDE on its long side (smaller files for shoppers, less to encode).
    if img.width().max(img.height()) > MAX_STORED_SIDE {
        img = img.resize(
            MAX_STORED_SIDE,
            MAX_STORED_SIDE,
            image::imageops::FilterType::Triangle,
        );
    }
    let mut out = Vec::new();
    let (content_type, ext) = match format {
        ImageFormat::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
                .encode_image(&rgb)
                .map_err(map_err)?;
            ("image/jpeg", "jpg")
        }
        ImageFormat::Png => {
            img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .map_err(map_err)?;
            ("image/png", "png")
        }
        _ => {
            // image's WebP encoder is lossless: the same pixels, no metadata chunks.
            let rgba = DynamicImage::ImageRgba8(img.to_rgba8());
            rgba.write_to(&mut Cursor::new(&mut out), ImageFormat::WebP)
                .map_err(map_err)?;
            ("image/webp", "webp")
        }
    };
    let sha256 = crate::tokens::hex(&Sha256::digest(&out));
    Ok(Clean {
        bytes: out,
        sha256,
        content_type,
        ext,
    })
}

/// An end-of-image marker (FF D9) after the last start-of-scan (FF DA). Inside
/// entropy-coded data FF is always followed by 00 or a restart marker, so FF D9 there
/// is the real end; trailers some cameras append after it are fine.
fn jpeg_complete(b: &[u8]) -> bool {
    let Some(sos) = b.windows(2).rposition(|w| w == [0xFF, 0xDA]) else {
        return false;
    };
    b[sos..].windows(2).any(|w| w == [0xFF, 0xD9])
}

/// Photo decoding is the heaviest work a request can cause: at most two uploads are
/// decoded at a time, the rest wait (a flood of uploads cannot take every core).
static CLEANING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Cleans every upload of one submission, off the async threads.
pub async fn clean_all(
    raw: Vec<Vec<u8>>,
) -> Result<Result<Vec<Clean>, PhotoError>, tokio::task::JoinError> {
    let _permit = CLEANING
        .acquire()
        .await
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(move || raw.iter().map(|p| clean(p)).collect()).await
}

fn map_err(e: image::ImageError) -> PhotoError {
    match e {
        image::ImageError::Limits(_) => PhotoError::TooBig,
        image::ImageError::Unsupported(_) => PhotoError::NotAnImage,
        other => PhotoError::Corrupt(other.to_string()),
    }
}

pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("photos")
}

/// Writes a cleaned photo under its hash (atomically: temporary file, then rename;
/// an existing file with that name already has these bytes).
pub fn store(data_dir: &Path, c: &Clean) -> std::io::Result<()> {
    let d = dir(data_dir);
    std::fs::create_dir_all(&d)?;
    let path = d.join(c.file_name());
    if path.exists() {
        return Ok(());
    }
    let tmp = d.join(format!(
        ".{}.{}.tmp",
        c.file_name(),
        crate::keys::random_id()
    ));
    std::fs::write(&tmp, &c.bytes)?;
    std::fs::rename(&tmp, &path)
}

/// The content type of a stored file name, or None if it is not one of ours
/// (64 hex digits, a dot, a known extension: nothing else reaches the file system).
pub fn stored_type(file: &str) -> Option<&'static str> {
    let (hash, ext) = file.split_once('.')?;
    if hash.len() != 64
        || !hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    match ext {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// `GET /v1/brands/{id}/photos/{file}`: a stored photo of one of the brand's
/// published reviews. Immutable (the name is the content's hash).
pub fn routes() -> axum::Router<crate::serve::AppState> {
    axum::Router::new().route(
        "/v1/brands/{id}/photos/{file}",
        axum::routing::get(serve_photo),
    )
}

async fn serve_photo(
    axum::extract::State(state): axum::extract::State<crate::serve::AppState>,
    axum::extract::Path((brand, file)): axum::extract::Path<(String, String)>,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let Some(ct) = stored_type(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Only photos of this brand's published reviews: a removed review's photo goes too.
    let shown = sqlx::query(
        "SELECT 1 FROM review_photos p JOIN reviews r ON r.id = p.review_id \
         WHERE p.brand_id = $1 AND p.file = $2 AND r.status = 'published' LIMIT 1",
    )
    .bind(&brand)
    .bind(&file)
    .fetch_optional(&state.db.pool)
    .await;
    match shown {
        Ok(Some(_)) => {}
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    match tokio::fs::read(dir(&state.config.data_dir).join(&file)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, ct),
                // Not immutable: the bytes never change, but a removal must end serving them.
                (header::CACHE_CONTROL, "public, max-age=3600"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; sandbox",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_outside_the_store_are_refused() {
        assert_eq!(
            stored_type(&format!("{}.jpg", "a".repeat(64))),
            Some("image/jpeg")
        );
        for bad in [
            "../x.jpg",
            "a.jpg",
            &format!("{}.svg", "a".repeat(64)),
            &format!("{}.jpg", "A".repeat(64)),
        ] {
            assert_eq!(stored_type(bad), None, "{bad}");
        }
    }

    #[test]
    fn bytes_decide_the_type() {
        assert_eq!(clean(b"GIF89a...."), Err(PhotoError::NotAnImage));
        assert_eq!(
            clean(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(PhotoError::NotAnImage)
        );
        assert!(matches!(
            clean(b"\xFF\xD8\xFF\xE0garbage"),
            Err(PhotoError::Corrupt(_))
        ));
        assert_eq!(clean(&vec![0xFF; MAX_BYTES + 1]), Err(PhotoError::TooLarge));
    }
}
