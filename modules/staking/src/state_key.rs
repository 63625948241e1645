//! Every key the staking module owns (substore `staking`). Keys are public API: changing one
//! needs a migration. Addresses are their raw 20 bytes, times big-endian u64 seconds, so
//! prefix iteration is ordered by address or time.

use openledger_framework::Address;

const ADDR_LEN: usize = 20;

fn key(parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(64);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            k.push(b'/');
        }
        k.extend_from_slice(p);
    }
    k
}

/// Prefix with a trailing `/`.
fn prefix(parts: &[&[u8]]) -> Vec<u8> {
    let mut k = key(parts);
    k.push(b'/');
    k
}

/// Block time as a key segment; times before the epoch sort as zero.
pub fn time_bytes(t: i64) -> [u8; 8] {
    u64::try_from(t).unwrap_or(0).to_be_bytes()
}

pub fn params() -> Vec<u8> {
    b"staking/params".to_vec()
}

// --- validators -------------------------------------------------------------------------

pub fn validators_prefix() -> Vec<u8> {
    b"staking/validator/".to_vec()
}

pub fn validator(op: &Address) -> Vec<u8> {
    key(&[b"staking/validator", op.as_bytes()])
}

/// `staking/cons/<consensus address>` → operator bytes.
pub fn validator_by_cons(cons: &[u8; 20]) -> Vec<u8> {
    key(&[b"staking/cons", cons])
}

/// `staking/historical/<height, big-endian>`: the encoded `HistoricalInfo` of a height.
pub fn historical_info(height: u64) -> Vec<u8> {
    let mut k = historical_info_prefix();
    k.extend_from_slice(&height.to_be_bytes());
    k
}

pub fn historical_info_prefix() -> Vec<u8> {
    b"staking/historical/".to_vec()
}

/// The height of a [`historical_info`] key.
pub fn parse_historical_info_key(key: &[u8]) -> Option<u64> {
    let rest = key.strip_prefix(b"staking/historical/".as_slice())?;
    Some(u64::from_be_bytes(rest.try_into().ok()?))
}

pub fn power_prefix() -> Vec<u8> {
    b"staking/power/".to_vec()
}

/// `staking/power/<u64::MAX - power, big-endian>/<operator>`: ascending iteration yields the
/// highest power first, ties by operator address ascending.
pub fn power(power: i64, op: &Address) -> Vec<u8> {
    let p = u64::try_from(power).unwrap_or(0);
    let inverted = u64::MAX.saturating_sub(p).to_be_bytes();
    key(&[b"staking/power", &inverted, op.as_bytes()])
}

pub fn parse_power_key(k: &[u8]) -> Option<(i64, Address)> {
    let rest = k.strip_prefix(power_prefix().as_slice())?;
    let inv: [u8; 8] = rest.get(..8)?.try_into().ok()?;
    if rest.get(8) != Some(&b'/') || rest.len() != 9 + ADDR_LEN {
        return None;
    }
    let p = u64::MAX.checked_sub(u64::from_be_bytes(inv))?;
    let op = Address::from_slice(rest.get(9..)?).ok()?;
    Some((i64::try_from(p).ok()?, op))
}

pub fn last_power_prefix() -> Vec<u8> {
    b"staking/last_power/".to_vec()
}

pub fn last_power(op: &Address) -> Vec<u8> {
    key(&[b"staking/last_power", op.as_bytes()])
}

pub fn last_total_power() -> Vec<u8> {
    b"staking/last_total_power".to_vec()
}

// --- delegations ------------------------------------------------------------------------

pub fn delegations_prefix() -> Vec<u8> {
    b"staking/delegation/".to_vec()
}

pub fn delegation(del: &Address, op: &Address) -> Vec<u8> {
    key(&[b"staking/delegation", del.as_bytes(), op.as_bytes()])
}

pub fn delegations_of(del: &Address) -> Vec<u8> {
    prefix(&[b"staking/delegation", del.as_bytes()])
}

/// Index `staking/delegation_by_val/<operator>/<delegator>` → empty.
pub fn delegation_by_val(op: &Address, del: &Address) -> Vec<u8> {
    key(&[b"staking/delegation_by_val", op.as_bytes(), del.as_bytes()])
}

pub fn delegations_by_val(op: &Address) -> Vec<u8> {
    prefix(&[b"staking/delegation_by_val", op.as_bytes()])
}

// --- unbonding delegations --------------------------------------------------------------

pub fn ubds_prefix() -> Vec<u8> {
    b"staking/ubd/".to_vec()
}

pub fn ubd(del: &Address, op: &Address) -> Vec<u8> {
    key(&[b"staking/ubd", del.as_bytes(), op.as_bytes()])
}

pub fn ubds_of(del: &Address) -> Vec<u8> {
    prefix(&[b"staking/ubd", del.as_bytes()])
}

pub fn ubd_by_val(op: &Address, del: &Address) -> Vec<u8> {
    key(&[b"staking/ubd_by_val", op.as_bytes(), del.as_bytes()])
}

pub fn ubds_by_val(op: &Address) -> Vec<u8> {
    prefix(&[b"staking/ubd_by_val", op.as_bytes()])
}

// --- redelegations ----------------------------------------------------------------------

pub fn reds_prefix() -> Vec<u8> {
    b"staking/red/".to_vec()
}

pub fn red(del: &Address, src: &Address, dst: &Address) -> Vec<u8> {
    key(&[
        b"staking/red",
        del.as_bytes(),
        src.as_bytes(),
        dst.as_bytes(),
    ])
}

pub fn reds_of(del: &Address) -> Vec<u8> {
    prefix(&[b"staking/red", del.as_bytes()])
}

pub fn reds_of_pair(del: &Address, src: &Address) -> Vec<u8> {
    prefix(&[b"staking/red", del.as_bytes(), src.as_bytes()])
}

/// Index `staking/red_by_src/<src>/<delegator>/<dst>`.
pub fn red_by_src(src: &Address, del: &Address, dst: &Address) -> Vec<u8> {
    key(&[
        b"staking/red_by_src",
        src.as_bytes(),
        del.as_bytes(),
        dst.as_bytes(),
    ])
}

pub fn reds_by_src(src: &Address) -> Vec<u8> {
    prefix(&[b"staking/red_by_src", src.as_bytes()])
}

/// Index `staking/red_by_dst/<dst>/<delegator>/<src>`.
pub fn red_by_dst(dst: &Address, del: &Address, src: &Address) -> Vec<u8> {
    key(&[
        b"staking/red_by_dst",
        dst.as_bytes(),
        del.as_bytes(),
        src.as_bytes(),
    ])
}

/// Every redelegation of `del` into `dst`.
pub fn reds_into(dst: &Address, del: &Address) -> Vec<u8> {
    prefix(&[b"staking/red_by_dst", dst.as_bytes(), del.as_bytes()])
}

// --- time queues ------------------------------------------------------------------------

pub fn ubd_queue_prefix() -> Vec<u8> {
    b"staking/queue/ubd/".to_vec()
}

pub fn ubd_queue(time: i64, del: &Address, op: &Address) -> Vec<u8> {
    key(&[
        b"staking/queue/ubd",
        &time_bytes(time),
        del.as_bytes(),
        op.as_bytes(),
    ])
}

pub fn red_queue_prefix() -> Vec<u8> {
    b"staking/queue/red/".to_vec()
}

pub fn red_queue(time: i64, del: &Address, src: &Address, dst: &Address) -> Vec<u8> {
    key(&[
        b"staking/queue/red",
        &time_bytes(time),
        del.as_bytes(),
        src.as_bytes(),
        dst.as_bytes(),
    ])
}

pub fn val_queue_prefix() -> Vec<u8> {
    b"staking/queue/val/".to_vec()
}

pub fn val_queue(time: i64, op: &Address) -> Vec<u8> {
    key(&[b"staking/queue/val", &time_bytes(time), op.as_bytes()])
}

/// Split the part of a key after `prefix` into its 20-byte addresses separated by `/`,
/// skipping `skip` leading bytes (for example a time and its separator).
pub fn addresses_after(k: &[u8], prefix: &[u8], skip: usize, n: usize) -> Option<Vec<Address>> {
    let rest = k.strip_prefix(prefix)?.get(skip..)?;
    let want = n.checked_mul(ADDR_LEN + 1)?.checked_sub(1)?;
    if rest.len() != want {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let start = i.checked_mul(ADDR_LEN + 1)?;
        let end = start.checked_add(ADDR_LEN)?;
        out.push(Address::from_slice(rest.get(start..end)?).ok()?);
        if i.saturating_add(1) < n && rest.get(end) != Some(&b'/') {
            return None;
        }
    }
    Some(out)
}

/// The time of a queue key.
pub fn queue_time(k: &[u8], prefix: &[u8]) -> Option<u64> {
    let rest = k.strip_prefix(prefix)?;
    let b: [u8; 8] = rest.get(..8)?.try_into().ok()?;
    Some(u64::from_be_bytes(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn power_keys_order_by_power_then_address() {
        let a = Address([1; 20]);
        let b = Address([2; 20]);
        let mut keys = [power(5, &b), power(10, &b), power(5, &a), power(0, &a)];
        keys.sort();
        assert_eq!(
            keys.iter()
                .map(|k| parse_power_key(k).unwrap())
                .collect::<Vec<_>>(),
            vec![(10, b), (5, a), (5, b), (0, a)]
        );
    }

    #[test]
    fn queue_keys_parse_back() {
        let a = Address([1; 20]);
        let b = Address([2; 20]);
        let c = Address([3; 20]);
        let k = red_queue(77, &a, &b, &c);
        assert_eq!(queue_time(&k, &red_queue_prefix()), Some(77));
        assert_eq!(
            addresses_after(&k, &red_queue_prefix(), 9, 3),
            Some(vec![a, b, c])
        );
        assert!(addresses_after(&k, &red_queue_prefix(), 9, 2).is_none());
        assert!(ubd_queue(1, &a, &b) < ubd_queue(2, &a, &a));
        assert_eq!(time_bytes(-5), [0; 8]);
    }
}
