//! Checks the whole tree: the checkpoint (signatures when keys are given), every
//! entry bundle, every hash tile at every level against the hashes the entries
//! give, the root against the checkpoint's, and a checkpoint seen before against
//! the prefix of this log. Problems are collected, not thrown: an audit reports
//! everything it found; only an unreadable log is an error.

use anyhow::{Context, Result};
use trust_tlog::hash::root_of;
use trust_tlog::tile::{bundle_entries, tile_hashes, tiles_for_size, TileId, TILE_WIDTH};
use trust_tlog::{
    leaf_hash, verify_checkpoint, Checkpoint, Freshness, Hash, Note, VerifierKey, WitnessPolicy,
};

use super::source::Source;

/// What the checkpoint's signatures say.
pub enum Signature {
    /// No `--key` was given.
    NotChecked,
    /// Signed by the log; these witnesses' cosignatures counted (name, time).
    Verified(Vec<(String, u64)>),
    /// A signature check failed (also listed as a problem).
    Failed,
}

pub struct Audit {
    pub checkpoint: Checkpoint,
    pub signature: Signature,
    pub tiles: usize,
    pub bundles: usize,
    /// The log's entries in order (as many as could be read).
    pub entries: Vec<Vec<u8>>,
    /// Every inconsistency found, in words.
    pub problems: Vec<String>,
    /// A checkpoint seen before: its size, and whether this log extends it.
    pub previous: Option<(u64, bool)>,
}

pub fn audit(
    source: &Source,
    key: Option<&VerifierKey>,
    policy: &WitnessPolicy,
    fresh: Freshness,
    previous: Option<&[u8]>,
) -> Result<Audit> {
    let note = source.must("checkpoint")?;
    let text = Note::parse(&note)
        .context("the checkpoint is not a signed note")?
        .text()
        .to_owned();
    let checkpoint = Checkpoint::parse(&text).context("the note is not a checkpoint")?;
    let mut problems = Vec::new();
    let signature = match key {
        None => Signature::NotChecked,
        Some(key) => match verify_checkpoint(&note, key, &checkpoint.origin, policy, fresh) {
            Ok(v) => Signature::Verified(v.cosigned),
            Err(e) => {
                problems.push(format!("checkpoint: {e}"));
                Signature::Failed
            }
        },
    };
    let size = checkpoint.size;
    let ids = tiles_for_size(size);
    let mut entries = Vec::new();
    let mut bundles = 0;
    for id in ids.iter().filter(|t| t.level.is_none()) {
        match read(source, id, |full, bytes| {
            bundle_entries(full, bytes)
                .map(|e| e.into_iter().map(<[u8]>::to_vec).collect::<Vec<_>>())
        })? {
            Some(Ok(list)) => {
                bundles += 1;
                entries.extend(list.into_iter().take(usize::from(id.width)));
            }
            Some(Err(e)) => problems.push(e.to_string()),
            None => problems.push(format!("{} is missing", id.path())),
        }
    }
    let leaves: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    let complete = leaves.len() as u64 == size;
    let mut tiles = 0;
    if complete {
        // The hashes each level must hold, from the entries alone.
        let mut expected = vec![leaves.clone()];
        while expected
            .last()
            .is_some_and(|l| l.len() >= TILE_WIDTH as usize)
        {
            let below = expected.last().expect("a level");
            expected.push(
                below
                    .chunks_exact(TILE_WIDTH as usize)
                    .map(root_of)
                    .collect(),
            );
        }
        for id in ids.iter().filter(|t| t.level.is_some()) {
            let level = usize::from(id.level.unwrap_or(0));
            let start = id.index as usize * TILE_WIDTH as usize;
            let want = &expected[level][start..start + usize::from(id.width)];
            match read(source, id, tile_hashes)? {
                Some(Ok(got)) if got[..usize::from(id.width)] == *want => tiles += 1,
                Some(Ok(_)) => problems.push(format!("{} disagrees with the entries", id.path())),
                Some(Err(e)) => problems.push(e.to_string()),
                None => problems.push(format!("{} is missing", id.path())),
            }
        }
        if root_of(&leaves) != checkpoint.root {
            problems.push(format!(
                "the entries' root is not the checkpoint's (size {size})"
            ));
        }
    } else {
        problems.push(format!(
            "{} entries readable of the checkpoint's {size}",
            leaves.len()
        ));
    }
    let previous = match previous {
        None => None,
        Some(bytes) => Some(check_previous(
            bytes,
            key,
            &checkpoint,
            &leaves,
            &mut problems,
        )?),
    };
    Ok(Audit {
        checkpoint,
        signature,
        tiles,
        bundles,
        entries,
        problems,
        previous,
    })
}

/// Reads tile `id` and parses it with `parse`; a partial tile the log replaced
/// by its full tile is read from the full one (tlog-tiles allows deleting it).
fn read<T>(source: &Source, id: &TileId, parse: impl Fn(&TileId, &[u8]) -> T) -> Result<Option<T>> {
    if let Some(bytes) = source.get(&id.path())? {
        return Ok(Some(parse(id, &bytes)));
    }
    if !id.is_partial() {
        return Ok(None);
    }
    let full = TileId {
        width: TILE_WIDTH as u16,
        ..*id
    };
    Ok(source.get(&full.path())?.map(|bytes| parse(&full, &bytes)))
}

/// A checkpoint seen before must be a prefix of this log: same origin, no larger,
/// and the root of that many of these entries.
fn check_previous(
    bytes: &[u8],
    key: Option<&VerifierKey>,
    now: &Checkpoint,
    leaves: &[Hash],
    problems: &mut Vec<String>,
) -> Result<(u64, bool)> {
    let note = Note::parse(bytes).context("--previous is not a signed note")?;
    let old = Checkpoint::parse(note.text()).context("--previous is not a checkpoint")?;
    if let Some(key) = key {
        // Its signature only: its cosignatures are as old as it is.
        let any = WitnessPolicy::new(Vec::new(), 0).expect("no witnesses");
        let whenever = Freshness {
            now: 0,
            max_age: u64::MAX,
            skew: u64::MAX,
        };
        if let Err(e) = verify_checkpoint(bytes, key, &old.origin, &any, whenever) {
            problems.push(format!("previous checkpoint: {e}"));
        }
    }
    let consistent = old.origin == now.origin
        && old.size <= now.size
        && leaves.len() as u64 >= old.size
        && root_of(&leaves[..old.size as usize]) == old.root;
    if !consistent {
        problems.push(format!(
            "fork: the log's first {} entries are not the tree of the checkpoint seen before",
            old.size
        ));
    }
    Ok((old.size, consistent))
}
