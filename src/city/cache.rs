//! Each instance's copy of the city's settings: the request middleware reads them again
//! when the copy is over 30 seconds old (so an admin's change reaches every instance within
//! that), at once after a save here.

use super::City;
use std::sync::RwLock;
use std::time::{Duration, Instant};

const FRESH: Duration = Duration::from_secs(30);

#[derive(Debug, Default)]
pub struct CityCache(RwLock<Option<(Instant, City)>>);

impl CityCache {
    /// The settings as last read (the defaults before the first read).
    pub fn get(&self) -> City {
        let held = self.0.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        held.as_ref().map(|(_, city)| city.clone()).unwrap_or_default()
    }

    /// Whether the copy is missing or over 30 seconds old.
    pub fn stale(&self) -> bool {
        let held = self.0.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        held.as_ref().is_none_or(|(at, _)| at.elapsed() > FRESH)
    }

    /// Keeps `city` as the settings read now.
    pub fn set(&self, city: City) {
        *self.0.write().unwrap_or_else(|poisoned| poisoned.into_inner()) =
            Some((Instant::now(), city));
    }

    /// Forgets the copy: the next request reads the settings again.
    pub fn forget(&self) {
        *self.0.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }
}
