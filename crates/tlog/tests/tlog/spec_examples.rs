//! The examples printed in the C2SP specifications, byte for byte.

use trust_tlog::note::Note;
use trust_tlog::tile::TileId;
use trust_tlog::{SigType, VerifierKey};

/// c2sp.org/signed-note, "Verifier keys", Example: this key verifies this note.
#[test]
fn signed_note_example_verifies() {
    let vkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    let note = "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    let key = VerifierKey::parse(vkey).unwrap();
    assert_eq!(key.name(), "example.com/foo");
    assert_eq!(key.id(), 0x530d903a);
    assert_eq!(key.kind(), SigType::Ed25519);
    assert_eq!(
        key.to_string(),
        vkey,
        "formatting gives the same string back"
    );
    let n = Note::parse(note.as_bytes()).unwrap();
    assert_eq!(n.text(), "This is an example message.\n");
    let sig = &n.signatures()[0];
    assert!(key.matches(&sig.name, sig.key_id));
    assert!(key.verify(n.text().as_bytes(), &sig.signature));
    assert!(!key.verify(b"This is an example message!\n", &sig.signature));
    assert_eq!(n.to_text(), note);
}

/// A key id that is not the one the name and key give is refused, and so is
/// an upper-case spelling of the right one.
#[test]
fn verifier_key_ids_are_checked() {
    for bad in [
        "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530d903a+AkyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530d903a",
        "+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
    ] {
        assert!(VerifierKey::parse(bad).is_err(), "{bad}");
    }
}

/// c2sp.org/tlog-tiles: "index 1234067 will be encoded as x001/x234/067", and
/// a tree of 70,000 leaves is 273 full level-0 tiles, a partial of 112, one
/// full level-1 tile, a level-1 partial of 17 and a level-2 partial of 1.
#[test]
fn tile_paths_as_the_spec_writes_them() {
    let t = TileId {
        level: Some(0),
        index: 1_234_067,
        width: 256,
    };
    assert_eq!(t.path(), "tile/0/x001/x234/067");
    assert_eq!(TileId::parse("tile/0/x001/x234/067").unwrap(), t);
    let p = TileId {
        level: Some(1),
        index: 3,
        width: 17,
    };
    assert_eq!(p.path(), "tile/1/003.p/17");
    assert_eq!(
        TileId {
            level: None,
            index: 1000,
            width: 5
        }
        .path(),
        "tile/entries/x001/000.p/5"
    );

    let tiles = trust_tlog::tile::tiles_for_size(70_000);
    let count = |level: Option<u8>, partial: bool| {
        tiles
            .iter()
            .filter(|t| t.level == level && t.is_partial() == partial)
            .count()
    };
    assert_eq!(count(Some(0), false), 273);
    assert_eq!(
        tiles
            .iter()
            .find(|t| t.level == Some(0) && t.is_partial())
            .unwrap()
            .width,
        112
    );
    assert_eq!(count(Some(1), false), 1);
    assert_eq!(
        tiles
            .iter()
            .find(|t| t.level == Some(1) && t.is_partial())
            .unwrap()
            .width,
        17
    );
    assert_eq!(tiles.iter().find(|t| t.level == Some(2)).unwrap().width, 1);
    assert_eq!(count(Some(3), false) + count(Some(3), true), 0);
    // "a tree of size 256 will be represented by a full level 0 tile and a
    // partial level 1 tile of width 1".
    let t256 = trust_tlog::tile::tiles_for_size(256);
    assert!(t256.contains(&TileId {
        level: Some(0),
        index: 0,
        width: 256
    }));
    assert!(t256.contains(&TileId {
        level: Some(1),
        index: 0,
        width: 1
    }));
}

/// Every other spelling of a tile path is refused (one resource, one name).
#[test]
fn other_spellings_of_tile_paths_are_refused() {
    for bad in [
        "tile/00/000",
        "tile/64/000",
        "tile/0/1",
        "tile/0/0001",
        "tile/0/x000/001",
        "tile/0/001/002",
        "tile/0/x001",
        "tile/0/000.p/0",
        "tile/0/000.p/256",
        "tile/0/000.p/088",
        "tile/0/000.p/",
        "tile/entries/x1/000",
        "tile/x/000",
        "tiles/0/000",
        "tile/0/-01",
    ] {
        assert!(TileId::parse(bad).is_err(), "{bad}");
    }
    assert!(TileId::parse("/tile/entries/002.p/88").is_ok());
}
