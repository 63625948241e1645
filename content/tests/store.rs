//! The content-addressed directory: round trips, idempotence, refusal of tampered and
//! non-regular files, atomic writes, listing and the maintenance pass.

use std::fs;
use std::time::Duration;

use openledger_content::{Hash, Store, VerifyReport};

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn bytes_round_trip_under_their_sha256_with_two_level_fanout() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let data = b"a contribution".to_vec();
    let h = store.put(&data).unwrap();
    assert_eq!(h, Hash::of(&data));
    let hex = h.to_hex();
    assert_eq!(store.path_of(&h), dir.path().join(&hex[..2]).join(&hex));
    assert!(store.path_of(&h).is_file());
    assert_eq!(store.get(&h).unwrap(), Some(data.clone()));
    assert!(store.has(&h).unwrap());
    assert_eq!(store.len_of(&h).unwrap(), Some(data.len() as u64));

    // a second put changes nothing and says the bytes were there
    let again = store.insert(&data).unwrap();
    assert!(again.existed);
    assert_eq!(again.hash, h);
    assert_eq!(store.list().unwrap(), vec![h]);

    let other = Hash::of(b"never stored");
    assert_eq!(store.get(&other).unwrap(), None);
    assert!(!store.has(&other).unwrap());
    assert_eq!(store.len_of(&other).unwrap(), None);

    // the store reopens with what it held
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.get(&h).unwrap(), Some(data));
    assert!(store.remove(&h).unwrap());
    assert!(!store.remove(&h).unwrap());
    assert!(store.list().unwrap().is_empty());
}

#[test]
fn a_tampered_file_is_refused_and_quarantined() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let h = store.put(b"original bytes").unwrap();
    // same length, different bytes
    fs::write(store.path_of(&h), b"tampered bytes").unwrap();
    assert_eq!(store.len_of(&h).unwrap(), Some(14)); // metadata alone cannot tell
    assert_eq!(store.get(&h).unwrap(), None);
    assert!(!store.path_of(&h).exists());
    let quarantined = names_in(&dir.path().join("quarantine"));
    assert_eq!(quarantined.len(), 1);
    assert!(quarantined[0].starts_with(&h.to_hex()));

    // putting the real bytes again repairs the store
    let put = store.insert(b"original bytes").unwrap();
    assert!(!put.existed);
    assert_eq!(store.get(&h).unwrap(), Some(b"original bytes".to_vec()));

    // a tampered file is also replaced by a put of the real bytes
    fs::write(store.path_of(&h), b"TAMPERED bytes").unwrap();
    let put = store.insert(b"original bytes").unwrap();
    assert!(!put.existed);
    assert_eq!(store.get(&h).unwrap(), Some(b"original bytes".to_vec()));
}

#[test]
fn a_directory_or_link_in_place_of_content_is_not_content() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let h = Hash::of(b"x");
    fs::create_dir_all(store.path_of(&h)).unwrap();
    assert!(!store.has(&h).unwrap());
    assert_eq!(store.get(&h).unwrap(), None);
    assert!(!store.path_of(&h).exists());

    #[cfg(unix)]
    {
        let target = dir.path().join("elsewhere");
        fs::write(&target, b"y").unwrap();
        let h = Hash::of(b"y");
        fs::create_dir_all(store.path_of(&h).parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&target, store.path_of(&h)).unwrap();
        assert!(!store.has(&h).unwrap());
        assert_eq!(store.get(&h).unwrap(), None);
        assert!(target.exists(), "the link's target is left alone");
    }
}

#[test]
fn writes_are_atomic_and_leftovers_are_not_content() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let data = vec![7u8; 3 * 1024 * 1024];
    let h = store.put(&data).unwrap();
    // nothing is left in tmp/ after a write
    assert!(names_in(&dir.path().join("tmp")).is_empty());
    assert_eq!(store.get(&h).unwrap().map(|b| b.len()), Some(data.len()));

    // A crash mid-write leaves a partial file in tmp/ only: it is never content, and old
    // leftovers are removed when the store opens (fresh ones may belong to a running write).
    let partial = dir.path().join("tmp").join("crashed-write");
    fs::write(&partial, &data[..1000]).unwrap();
    let fresh = dir.path().join("tmp").join("in-progress");
    fs::write(&fresh, b"partial").unwrap();
    let f = fs::File::options().write(true).open(&partial).unwrap();
    let written = f.metadata().unwrap().modified().unwrap();
    f.set_modified(written - Duration::from_secs(2 * 3600))
        .unwrap();
    drop(f);
    assert_eq!(store.list().unwrap(), vec![h]);
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert!(!partial.exists());
    assert!(fresh.exists());
    assert_eq!(store.list().unwrap(), vec![h]);

    // concurrent puts of the same bytes leave one whole file
    let store = std::sync::Arc::new(store);
    let other = vec![9u8; 512 * 1024];
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let s = store.clone();
            let d = other.clone();
            std::thread::spawn(move || s.put(&d).unwrap())
        })
        .collect();
    for t in handles {
        assert_eq!(t.join().unwrap(), Hash::of(&other));
    }
    assert_eq!(store.get(&Hash::of(&other)).unwrap(), Some(other));
}

#[test]
fn verify_all_checks_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let good: Vec<Hash> = (0..5u8)
        .map(|i| store.put(&vec![i; 100 + usize::from(i)]).unwrap())
        .collect();
    let bad = store.put(b"to be corrupted").unwrap();
    fs::write(store.path_of(&bad), b"corrupted").unwrap();
    // a stray file in a fan-out directory, and one named as content in the wrong directory
    let stray_dir = dir.path().join("00");
    fs::create_dir_all(&stray_dir).unwrap();
    fs::write(stray_dir.join("notes.txt"), b"hello").unwrap();
    fs::write(stray_dir.join(good[0].to_hex()), b"misplaced").unwrap();

    let mut listed = store.list().unwrap();
    listed.retain(|h| *h != bad);
    let mut want = good.clone();
    want.sort();
    assert_eq!(listed, want);

    let report = store.verify_all().unwrap();
    assert_eq!(
        report,
        VerifyReport {
            ok: 5,
            ok_bytes: (100..105).sum(),
            quarantined: 1,
            strays: if good[0].to_hex().starts_with("00") {
                1
            } else {
                2
            },
        }
    );
    assert!(!store.has(&bad).unwrap());
    for h in &good {
        assert!(store.get(h).unwrap().is_some());
    }
}
