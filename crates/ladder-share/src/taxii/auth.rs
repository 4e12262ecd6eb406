//! Limits on failed logins, counted atomically before any password is checked.
//!
//! Every check that is about to run takes a slot first, under one lock, so however many
//! requests arrive at once no more than `max` checks of one account run per window: the
//! rest are answered 429 without hashing. Two counters:
//!
//! * per account (the HTTP Basic user name, known or not): after `max` failures within
//!   the window the account is refused with `Retry-After` from any address (a backoff
//!   that a new source address does not reset);
//! * per address: after `max` failures the address is *suspect*: its checks still run, so
//!   a valid login from an address someone else has been hammering is not refused, but
//!   they run one at a time through a single lane, so one address cannot take the
//!   server's cores with Argon2 work.
//!
//! A successful check gives its slots back and clears the account's failures.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures within a window.
#[derive(Debug, Clone, Copy)]
struct Count {
    n: u32,
    since: Instant,
}

impl Count {
    fn fresh() -> Count {
        Count {
            n: 0,
            since: Instant::now(),
        }
    }

    /// Reset when the window has passed.
    fn current(&mut self, window: Duration) -> &mut Count {
        if self.since.elapsed() >= window {
            *self = Count::fresh();
        }
        self
    }
}

#[derive(Debug, Default)]
struct Counts {
    accounts: HashMap<String, Count>,
    addresses: HashMap<IpAddr, Count>,
}

/// What a check about to run holds; give it back with [`LoginLimiter::succeeded`].
#[derive(Debug, Clone)]
pub struct Slot {
    account: Option<String>,
    address: Option<IpAddr>,
    /// The address is past its limit: run the check in the single suspect lane.
    pub suspect: bool,
}

/// The account is locked for this many more seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locked {
    pub retry_after_s: u64,
}

/// Failed-login counters per account and per address.
#[derive(Debug)]
pub struct LoginLimiter {
    max: u32,
    window: Duration,
    counts: Mutex<Counts>,
}

/// Entries kept before expired ones are swept.
const SWEEP_AT: usize = 100_000;

impl LoginLimiter {
    pub fn new(max: u32, window: Duration) -> LoginLimiter {
        LoginLimiter {
            max: max.max(1),
            window: window.max(Duration::from_secs(1)),
            counts: Mutex::new(Counts::default()),
        }
    }

    /// Take a slot for one check, or refuse when the account is out of tries.
    pub fn reserve(&self, account: Option<&str>, address: Option<IpAddr>) -> Result<Slot, Locked> {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        self.sweep(&mut counts);
        if let Some(name) = account {
            let count = counts
                .accounts
                .entry(name.to_string())
                .or_insert_with(Count::fresh)
                .current(self.window);
            if count.n >= self.max {
                let left = self.window.saturating_sub(count.since.elapsed());
                return Err(Locked {
                    retry_after_s: left.as_secs() + 1,
                });
            }
            count.n += 1;
        }
        let mut suspect = false;
        if let Some(ip) = address {
            let count = counts
                .addresses
                .entry(ip)
                .or_insert_with(Count::fresh)
                .current(self.window);
            suspect = count.n >= self.max;
            count.n = count.n.saturating_add(1);
        }
        Ok(Slot {
            account: account.map(str::to_string),
            address,
            suspect,
        })
    }

    /// The check passed: its slots were not failures, and the account starts afresh.
    pub fn succeeded(&self, slot: &Slot) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(name) = &slot.account {
            counts.accounts.remove(name);
        }
        if let Some(ip) = slot.address {
            if let Some(c) = counts.addresses.get_mut(&ip) {
                c.n = c.n.saturating_sub(1);
            }
        }
    }

    fn sweep(&self, counts: &mut Counts) {
        let window = self.window;
        if counts.accounts.len() > SWEEP_AT {
            counts.accounts.retain(|_, c| c.since.elapsed() < window);
        }
        if counts.addresses.len() > SWEEP_AT {
            counts.addresses.retain(|_, c| c.since.elapsed() < window);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_max_checks_then_waits() {
        let limiter = LoginLimiter::new(3, Duration::from_secs(60));
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..3 {
            assert!(limiter.reserve(Some("nato"), Some(ip)).is_ok());
        }
        let locked = limiter.reserve(Some("nato"), Some(ip)).unwrap_err();
        assert!((1..=60).contains(&locked.retry_after_s));
        let elsewhere: IpAddr = "10.9.9.9".parse().unwrap();
        assert!(
            limiter.reserve(Some("nato"), Some(elsewhere)).is_err(),
            "a new address does not reset the account"
        );
        let other = limiter.reserve(Some("jp"), Some(ip)).unwrap();
        assert!(other.suspect, "the hammered address is suspect");
        limiter.succeeded(&other);
        assert!(limiter.reserve(Some("jp"), Some(ip)).is_ok());
    }

    #[test]
    fn success_clears_the_account() {
        let limiter = LoginLimiter::new(2, Duration::from_secs(60));
        let first = limiter.reserve(Some("a"), None).unwrap();
        limiter.succeeded(&first);
        for _ in 0..2 {
            assert!(limiter.reserve(Some("a"), None).is_ok());
        }
        assert!(limiter.reserve(Some("a"), None).is_err());
    }
}
